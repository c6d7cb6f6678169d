"""Building blocks for detection and reminder tests: data through the API, passes at a time."""

from __future__ import annotations

import asyncio
import datetime as dt
import email
import threading
from email import policy
from email.message import EmailMessage, Message
from email.utils import parseaddr
from typing import Any, TypeVar

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.core.db.engine import create_sessionmaker
from services.core.findings.detection import PassStats, run_pass
from services.core.findings.models import Finding
from services.core.networks.models import Network
from services.core.reminders.delivery import DeliveryStats, deliver_due
from services.core.reminders.models import Reminder
from services.core.settings import Settings
from tests.builders import make_activity, make_follow_up
from tests.support import API, World

M = TypeVar("M")

T0 = dt.datetime(2026, 1, 11, 16, 0, tzinfo=dt.UTC)


class Inbox:
    """An aiosmtpd handler that keeps every message it accepts, and can be made to fail."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.refuse = False
        # Set stall to hold the first message until `gate` opens: a sender caught mid-send.
        self.stall = False
        self.stalled = threading.Event()
        self.gate = threading.Event()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        if self.refuse:
            return "451 4.3.0 try again later"
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        if self.stall and not self.stalled.is_set():
            self.stalled.set()
            await asyncio.get_running_loop().run_in_executor(None, self.gate.wait, 60)
        return "250 OK"

    def to(self, address: str) -> list[Message]:
        return [m for m in self.messages if recipient(m) == address]


def recipient(message: Message) -> str:
    """The address a message went to, without the display name."""
    return parseaddr(str(message["To"]))[1]


def parts(message: Message) -> tuple[str, str]:
    """The plain-text and the HTML part of a multipart/alternative email."""
    assert isinstance(message, EmailMessage)
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert isinstance(text, EmailMessage) and isinstance(html, EmailMessage)
    return (
        str(text.get_content()).replace("\r\n", "\n"),
        str(html.get_content()).replace("\r\n", "\n"),
    )


def text_of(message: Message) -> str:
    return parts(message)[0]


def at(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


def iso(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


class Clock:
    """Runs passes and deliveries for one world at chosen instants."""

    def __init__(self, world: World, settings: Settings) -> None:
        self.world = world
        self.settings = settings
        self.sessionmaker: async_sessionmaker[AsyncSession] = create_sessionmaker(world.engine)

    async def detect(self, now: dt.datetime) -> PassStats:
        return await run_pass(self.sessionmaker, now)

    async def deliver(self, now: dt.datetime, owner: str = "test-worker") -> DeliveryStats:
        return await deliver_due(self.sessionmaker, self.settings, now=now, owner=owner)

    async def rows(self, model: type[M], *order_by: Any, **where: Any) -> list[M]:
        """The rows of ``model`` with these column values, in this order."""
        async with self.sessionmaker() as session:
            stmt = select(model).filter_by(**where).order_by(*order_by)
            return list((await session.scalars(stmt)).all())

    async def findings(self, **where: Any) -> list[Finding]:
        return await self.rows(Finding, Finding.opened_at, Finding.condition_key, **where)

    async def reminders(self, **where: Any) -> list[Reminder]:
        return await self.rows(Reminder, Reminder.due_at, Reminder.recipient_email, **where)

    async def set_network(self, key: str, **values: Any) -> None:
        network = self.world.networks[key]
        async with self.sessionmaker() as session, session.begin():
            await session.execute(update(Network).where(Network.id == network.id).values(**values))


async def create_activity(
    world: World, who: str = "member", network: str = "A", **body: Any
) -> dict[str, Any]:
    """The shared default activity, which ends at T0."""
    async with world.client(who) as client:
        return await make_activity(client, world.networks[network].id, **body)


async def create_follow_up(
    world: World, activity_id: str, who: str = "member", **body: Any
) -> dict[str, Any]:
    defaults = {"title": "Action plan check-in", "due_on": "2026-03-01"}
    async with world.client(who) as client:
        return await make_follow_up(client, activity_id, **(defaults | body))


async def patch(
    world: World, path: str, body: dict[str, Any], who: str = "member"
) -> dict[str, Any]:
    async with world.client(who) as client:
        response = await client.patch(f"{API}{path}", json=body)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result
