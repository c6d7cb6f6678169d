from __future__ import annotations

import pytest

from services.core.settings import Settings
from tests.support import World
from tests.worker.helpers import Clock


@pytest.fixture
def worker_settings(settings: Settings, tmp_path: object) -> Settings:
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    return settings.model_copy(update={"outbox_dir": tmp_path / "outbox", "email_backend": "file"})


@pytest.fixture
def clock(world: World, worker_settings: Settings) -> Clock:
    return Clock(world, worker_settings)
