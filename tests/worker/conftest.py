from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Awaitable

import pytest
import pytest_asyncio
from aiosmtpd.controller import Controller

from services.core.settings import Settings
from tests.support import World
from tests.worker.helpers import Clock, Inbox


@pytest.fixture
def worker_settings(settings: Settings, tmp_path: object) -> Settings:
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    return settings.model_copy(update={"outbox_dir": tmp_path / "outbox", "email_backend": "file"})


@pytest.fixture
def clock(world: World, worker_settings: Settings) -> Clock:
    return Clock(world, worker_settings)


class BoundController(Controller):
    """aiosmtpd's controller on a socket the OS gave a free loopback port and that stays bound:
    a port picked, let go and bound again could be taken meanwhile by a parallel test worker."""

    def __init__(self, handler: Inbox, sock: socket.socket) -> None:
        self.sock = sock
        super().__init__(handler, hostname="127.0.0.1", port=sock.getsockname()[1])

    def _create_server(self) -> Awaitable[asyncio.AbstractServer]:
        return self.loop.create_server(self._factory_invoker, sock=self.sock)


@pytest_asyncio.fixture(loop_scope="session")
async def inbox() -> AsyncIterator[tuple[Inbox, int]]:
    """A real SMTP server on a loopback port that keeps what it receives."""
    handler = Inbox()
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    controller = BoundController(handler, sock)
    await asyncio.to_thread(controller.start)
    yield handler, controller.port
    handler.gate.set()
    await asyncio.to_thread(controller.stop)


@pytest.fixture
def smtp_clock(world: World, settings: Settings, inbox: tuple[Inbox, int]) -> Clock:
    smtp_settings = settings.model_copy(
        update={
            "email_backend": "smtp",
            "smtp_host": "127.0.0.1",
            "smtp_port": inbox[1],
            "smtp_starttls": False,
            "smtp_from": "Drumbeat <reminders@drumbeat.example>",
            "public_url": "https://drumbeat.example.org",
        }
    )
    return Clock(world, smtp_settings)
