"""One bad row fails alone: a worker pass records it on that row and delivers everything else.

Each step of a pass is made to fail for exactly one row: the detection of one network, the
composing of one email, the sending of another, the preparing of one endpoint's webhook
deliveries. The pass still opens every other network's findings, sends every other
recipient's email and delivers every other endpoint's webhooks; the failing rows carry the
error and are due again, and the next pass, with the fault gone, delivers them.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import email
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from fastapi import FastAPI
from prometheus_client import REGISTRY
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from services import cli
from services.core.common import mail
from services.core.reminders import delivery as reminders
from services.core.reminders import emails, scheduling
from services.core.settings import Settings
from services.core.webhooks import delivery as webhooks
from services.core.webhooks.models import WebhookDelivery
from services.worker import runner
from services.worker.runner import Worker
from tests.builders import make_webhook
from tests.support import World
from tests.webhooks.receiver import Receiver, serving
from tests.worker.helpers import T0, Clock, create_activity, recipient

OPENED = T0 + dt.timedelta(days=31)


@pytest.fixture
def pass_settings(settings: Settings, tmp_path: Path) -> Settings:
    # The receiver listens on loopback, which only a development setting allows.
    return settings.model_copy(
        update={
            "email_backend": "file",
            "outbox_dir": tmp_path / "outbox",
            "webhooks_allow_private": True,
        }
    )


@pytest.fixture
def app(pass_settings: Settings, engine: AsyncEngine) -> FastAPI:
    from services.api.app import create_app

    return create_app(pass_settings)


@pytest.fixture
def clock(world: World, pass_settings: Settings) -> Clock:
    return Clock(world, pass_settings)


@pytest_asyncio.fixture(loop_scope="session")
async def receiver() -> AsyncIterator[Receiver]:
    async with serving(Receiver()) as running:
        yield running


async def run_pass(settings: Settings, now: dt.datetime) -> runner.Summary:
    worker = Worker(settings, owner="isolation-test")
    try:
        return await worker.run_once(now)
    finally:
        await worker.close()


async def endpoint(world: World, who: str, network: str, url: str) -> uuid.UUID:
    async with world.client(who) as client:
        made = await make_webhook(client, world.networks[network].id, url)
    return uuid.UUID(made["id"])


def outbox(settings: Settings) -> Counter[str]:
    """Emails written, by recipient."""
    sent: Counter[str] = Counter()
    for path in settings.outbox_dir.glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        sent[recipient(message)] += 1
    return sent


def failures(stage: str, scope: str) -> float:
    labels = {"stage": stage, "scope": scope}
    return REGISTRY.get_sample_value("drumbeat_worker_failures_total", labels) or 0.0


async def deliveries(clock: Clock, endpoint_id: uuid.UUID) -> list[WebhookDelivery]:
    async with clock.sessionmaker() as session:
        stmt = select(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint_id)
        return list((await session.scalars(stmt)).all())


def fail_for(real: Any, broken: Any, which: Any) -> Any:
    """``real``, except that it raises when ``which(*args, **kwargs)`` names ``broken``."""

    def fake(*args: Any, **kwargs: Any) -> Any:
        if which(*args, **kwargs) == broken:
            raise RuntimeError("a row no check foresaw")
        return real(*args, **kwargs)

    return fake


async def test_each_step_failing_for_one_row_leaves_every_other_row_delivered(
    world: World,
    clock: Clock,
    pass_settings: Settings,
    receiver: Receiver,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    await world.add_user("carol")
    await world.add_network("C", {"carol": "coordinator"})
    a, b, c = (world.networks[key].id for key in "ABC")
    # Network A: two activities, each recipient's own plus the coordinator; B and C: one each.
    await create_activity(world, who="member")
    await create_activity(world, who="member2")
    await create_activity(world, who="outsider", network="B")
    await create_activity(world, who="carol", network="C")
    poisoned = await endpoint(world, "coord", "A", f"{receiver.url}/one")
    healthy = await endpoint(world, "coord", "A", f"{receiver.url}/two")
    elsewhere = await endpoint(world, "outsider", "B", f"{receiver.url}/three")
    before = {
        "network": failures("detection", "network"),
        "email": failures("reminders", "email"),
        "delivery": failures("webhooks", "delivery"),
    }

    # Network C's detection fails after its findings were written: they must roll back.
    monkeypatch.setattr(
        scheduling,
        "schedule",
        fail_for(scheduling.schedule, c, lambda session, network, findings: network.id),
    )
    monkeypatch.setattr(
        reminders,
        "compose",
        fail_for(emails.compose, "member@example.org", lambda **kw: kw["to"]),
    )

    real_send = mail.send_message

    async def send(settings: Settings, message: EmailMessage) -> None:
        if recipient(message) == "member2@example.org":
            raise RuntimeError("a row no check foresaw")
        await real_send(settings, message)

    monkeypatch.setattr(reminders, "send_message", send)
    monkeypatch.setattr(
        webhooks, "_job", fail_for(webhooks._job, poisoned, lambda d, endpoint, e: endpoint.id)
    )

    summary = await run_pass(pass_settings, OPENED)

    assert summary.failed_stages == []
    assert (summary.detection.networks, summary.detection.failed_networks) == (2, 1)
    assert {f.network_id for f in await clock.findings()} == {a, b}
    assert len(await clock.findings(network_id=a)) == 2
    assert outbox(pass_settings) == {"coord@example.org": 1, "outsider@example.org": 1}
    for address in ("member@example.org", "member2@example.org"):
        [reminder] = await clock.reminders(recipient_email=address, step=0)
        assert reminder.status == "pending" and reminder.attempts == 1
        assert reminder.last_error == "unexpected RuntimeError: a row no check foresaw"
        assert reminder.due_at > OPENED and reminder.lease_owner is None
    assert summary.reminders.sent == 3 and summary.reminders.retried == 2
    paths = Counter(request.path for request in receiver.requests)
    assert paths == {"/hook/two": 2, "/hook/three": 1}
    for delivery in await deliveries(clock, poisoned):
        assert delivery.status == "failed" and delivery.attempts == 1
        assert delivery.last_error == "cannot be prepared: RuntimeError"
        assert delivery.next_attempt_at > OPENED and delivery.lease_owner is None
    assert {d.status for d in await deliveries(clock, healthy)} == {"succeeded"}
    assert {d.status for d in await deliveries(clock, elsewhere)} == {"succeeded"}
    assert failures("detection", "network") == before["network"] + 1
    assert failures("reminders", "email") == before["email"] + 2
    assert failures("webhooks", "delivery") == before["delivery"] + 2

    # The fault is gone: the next pass delivers what failed, and nothing twice.
    monkeypatch.undo()
    later = OPENED + dt.timedelta(hours=1)
    summary = await run_pass(pass_settings, later)
    assert summary.failed_stages == [] and summary.detection.failed_networks == 0
    assert len(await clock.findings(network_id=c)) == 1
    assert outbox(pass_settings) == {
        "coord@example.org": 1,
        "outsider@example.org": 1,
        "member@example.org": 1,
        "member2@example.org": 1,
        "carol@example.org": 1,
    }
    assert {d.status for d in await deliveries(clock, poisoned)} == {"succeeded"}
    paths = Counter(request.path for request in receiver.requests)
    assert paths == {"/hook/one": 2, "/hook/two": 2, "/hook/three": 1}


async def test_recording_one_delivery_failing_is_kept_on_that_delivery(
    world: World,
    clock: Clock,
    pass_settings: Settings,
    receiver: Receiver,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    poisoned = await endpoint(world, "coord", "A", f"{receiver.url}/one")
    healthy = await endpoint(world, "coord", "A", f"{receiver.url}/two")
    await create_activity(world)
    await clock.detect(OPENED)
    real = webhooks._record

    async def record(
        sessionmaker: Any, settings: Settings, job: webhooks.Job, *a: Any, **kw: Any
    ) -> str:
        if job.endpoint_id == poisoned:
            raise RuntimeError("a row no check foresaw")
        return await real(sessionmaker, settings, job, *a, **kw)

    monkeypatch.setattr(webhooks, "_record", record)
    counts = await webhooks.deliver_due(
        clock.sessionmaker, pass_settings, now=OPENED, owner="isolation-test"
    )
    assert counts["succeeded"] == 1 and counts["error"] == 1
    assert {d.status for d in await deliveries(clock, healthy)} == {"succeeded"}
    [delivery] = await deliveries(clock, poisoned)
    # Retried, and given up on after the schedule like any delivery that keeps failing.
    assert delivery.status == "failed" and delivery.attempts == 1
    assert delivery.last_error == "unexpected RuntimeError"
    assert delivery.next_attempt_at > OPENED and delivery.lease_owner is None


@pytest.mark.parametrize("stage", ["detection", "reminders"])
async def test_a_stage_that_fails_as_a_whole_does_not_stop_the_others(
    world: World,
    clock: Clock,
    pass_settings: Settings,
    receiver: Receiver,
    monkeypatch: pytest.MonkeyPatch,
    stage: str,
) -> None:
    await endpoint(world, "coord", "A", receiver.url)
    await create_activity(world)
    await clock.detect(OPENED)  # findings, reminders and deliveries are due

    async def down(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError(f"the {stage} stage is down")

    monkeypatch.setattr(runner, "run_pass" if stage == "detection" else "deliver_due", down)
    summary = await run_pass(pass_settings, OPENED)

    assert summary.failed_stages == [stage]
    assert len(receiver.requests) == 1, "webhooks went out all the same"
    if stage == "detection":
        assert outbox(pass_settings) == {"coord@example.org": 1, "member@example.org": 1}

    # For cron, `drumbeat worker --once` says so in its exit status.
    monkeypatch.setattr(cli, "get_settings", lambda: pass_settings)
    args = argparse.Namespace(once=True, now=OPENED + dt.timedelta(hours=1))
    assert await asyncio.to_thread(cli._cmd_worker, args) == 1
    monkeypatch.undo()
    monkeypatch.setattr(cli, "get_settings", lambda: pass_settings)
    args = argparse.Namespace(once=True, now=OPENED + dt.timedelta(hours=2))
    assert await asyncio.to_thread(cli._cmd_worker, args) == 0
