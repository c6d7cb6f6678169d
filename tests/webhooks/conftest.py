"""Webhook tests run an app that may call loopback receivers (webhooks_allow_private)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine

from services.core.settings import Settings
from tests.support import World
from tests.webhooks.helpers import Hooks
from tests.webhooks.receiver import Receiver, serving


@pytest.fixture
def webhook_settings(settings: Settings, tmp_path: Path) -> Settings:
    return settings.model_copy(
        update={
            "webhooks_allow_private": True,
            "email_backend": "file",
            "outbox_dir": tmp_path / "outbox",
        }
    )


@pytest.fixture
def app(webhook_settings: Settings, engine: AsyncEngine) -> FastAPI:
    from services.api.app import create_app

    return create_app(webhook_settings)


@pytest_asyncio.fixture(loop_scope="session")
async def receiver() -> AsyncIterator[Receiver]:
    async with serving(Receiver()) as running:
        yield running


@pytest.fixture
def hooks(world: World, webhook_settings: Settings, receiver: Receiver) -> Hooks:
    return Hooks(world, webhook_settings, receiver)
