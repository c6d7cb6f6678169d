"""`make run` installs what running Drumbeat needs, and only `make test` adds the dev tools."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from services.core.settings import REPO_ROOT


def planned(target: str, venv: Path) -> str:
    """The commands make would run for ``target`` on a machine without a virtualenv."""
    make = shutil.which("make")
    assert make is not None
    done = subprocess.run(  # noqa: S603 - our own Makefile, dry run
        [make, "-n", "-C", str(REPO_ROOT), target, f"VENV={venv}"],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def test_run_installs_the_runtime_dependencies_only(tmp_path: Path) -> None:
    commands = planned("run", tmp_path / "venv")
    syncs = [line for line in commands.splitlines() if "uv sync" in line]
    assert syncs and all("--no-dev" in line for line in syncs), syncs


def test_test_installs_the_dev_tools(tmp_path: Path) -> None:
    commands = planned("test", tmp_path / "venv")
    syncs = [line for line in commands.splitlines() if "uv sync" in line]
    assert any("--no-dev" not in line for line in syncs), syncs
