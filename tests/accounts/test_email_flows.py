"""Invitation and password reset as people live them: the email arrives through a real SMTP
server, and the link in it is what they follow."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import re
from collections.abc import AsyncIterator
from email.message import EmailMessage, Message

import pytest
import pytest_asyncio
from aiosmtpd.controller import Controller

from services.core.db.engine import create_sessionmaker
from services.core.settings import Settings
from services.worker.runner import Worker
from tests.builders import ask_for_reset, assert_problem
from tests.support import API, PASSWORD, World
from tests.worker.helpers import Inbox

PUBLIC = "https://drumbeat.example.org"
NEW_PASSWORD = "river stones at dawn"


@pytest_asyncio.fixture(loop_scope="session")
async def inbox(unused_tcp_port: int) -> AsyncIterator[tuple[Inbox, int]]:
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=unused_tcp_port)
    await asyncio.to_thread(controller.start)
    yield handler, unused_tcp_port
    await asyncio.to_thread(controller.stop)


@pytest.fixture
def smtp_settings(settings: Settings, inbox: tuple[Inbox, int]) -> Settings:
    return settings.model_copy(
        update={
            "email_backend": "smtp",
            "smtp_host": "127.0.0.1",
            "smtp_port": inbox[1],
            "smtp_starttls": False,
            "smtp_from": "Drumbeat <accounts@drumbeat.example>",
            "public_url": PUBLIC,
        }
    )


@pytest.fixture
def app(smtp_settings: Settings, engine: object) -> object:
    from services.api.app import create_app

    return create_app(smtp_settings)


async def send_mail(world: World, settings: Settings) -> dict[str, int]:
    """One worker iteration, as the running worker does it."""
    worker = Worker(settings, owner="test-worker")
    worker.sessionmaker = create_sessionmaker(world.engine)
    try:
        summary = await worker.run_once()
    finally:
        await worker.close()
    return summary.account_emails


def parts(message: Message) -> tuple[str, str]:
    assert isinstance(message, EmailMessage)
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert text is not None and html is not None, "an email needs a text and an HTML part"
    return text.get_content(), html.get_content()


def link_in(message: Message, kind: str) -> str:
    text, html = parts(message)
    found: list[str] = re.findall(rf"{re.escape(PUBLIC)}/{kind}/[A-Za-z0-9_-]+", text)
    assert len(set(found)) == 1, text
    assert found[0] in html
    return found[0]


async def test_an_invitee_follows_the_emailed_link_sets_a_password_and_sees_the_network(
    world: World, smtp_settings: Settings, mailbox: Inbox
) -> None:
    network = world.networks["A"]
    async with world.client("coord") as coord:
        invited = await coord.post(
            f"{API}/networks/{network.id}/invitations",
            json={"email": "Ngozi@Example.net", "role": "member"},
        )
    assert invited.status_code == 201, invited.text
    assert invited.json()["status"] == "pending"
    assert invited.json()["invited_by"]["name"] == "Coord"
    assert mailbox.messages == []  # queued in the request, sent by the worker
    sent = await send_mail(world, smtp_settings)
    assert sent["sent"] == 1
    [message] = mailbox.to("ngozi@example.net")
    assert message["Subject"] == "Coord invites you to Network A on Drumbeat"
    assert message["Auto-Submitted"] == "auto-generated"
    link = link_in(message, "invitations")
    token = link.rsplit("/", 1)[1]
    text, _ = parts(message)
    assert "as a member" in text

    async with world.client() as newcomer:
        # Opening the link changes nothing: the page shows what it offers.
        shown = await newcomer.get(f"{API}/invitations/{token}")
        assert shown.status_code == 200, shown.text
        assert shown.json()["network"] == {"id": str(network.id), "name": "Network A"}
        assert shown.json()["account_exists"] is False
        assert shown.json()["email"] == "ngozi@example.net"
        accepted = await newcomer.post(
            f"{API}/invitations/{token}/accept",
            json={"name": "Ngozi Okafor", "password": NEW_PASSWORD},
        )
        assert accepted.status_code == 200, accepted.text
        session = accepted.json()
        assert session["user"]["email"] == "ngozi@example.net"
        assert session["memberships"] == [{"network_id": str(network.id), "role": "member"}]
        # Signed in by the cookie the answer set.
        me = await newcomer.get(f"{API}/auth/me")
        assert me.status_code == 200 and me.json()["user"]["name"] == "Ngozi Okafor"
        assert (await newcomer.get(f"{API}/networks/{network.id}")).status_code == 200
        # The link worked once.
        assert_problem(await newcomer.get(f"{API}/invitations/{token}"), 404)
    async with world.client() as fresh:
        again = await fresh.post(
            f"{API}/invitations/{token}/accept", json={"name": "X", "password": NEW_PASSWORD}
        )
        assert_problem(again, 404)
        login = await fresh.post(
            f"{API}/auth/login", json={"email": "ngozi@example.net", "password": NEW_PASSWORD}
        )
        assert login.status_code == 200, login.text
    async with world.client("coord") as coord:
        listed = await coord.get(
            f"{API}/networks/{network.id}/invitations", params={"status": "accepted"}
        )
    assert [i["email"] for i in listed.json()["items"]] == ["ngozi@example.net"]


async def test_someone_who_forgot_their_password_resets_it_from_the_email(
    world: World, smtp_settings: Settings, mailbox: Inbox
) -> None:
    async with world.client() as anonymous:
        asked = await ask_for_reset(anonymous, "Member@Example.org")
    assert asked.status_code == 202, asked.text
    await send_mail(world, smtp_settings)
    [message] = mailbox.to("member@example.org")
    assert message["To"] == "Member <member@example.org>"
    assert message["Subject"] == "Reset your Drumbeat password"
    text, _ = parts(message)
    assert text.startswith("Hello Member,")
    token = link_in(message, "reset-password").rsplit("/", 1)[1]

    async with world.client("member") as old_session:
        assert (await old_session.get(f"{API}/auth/me")).status_code == 200
        async with world.client() as browser:
            shown = await browser.get(f"{API}/auth/password-reset/{token}")
            assert shown.json()["email"] == "member@example.org"
            common = await browser.post(
                f"{API}/auth/password-reset/{token}", json={"password": "password1234"}
            )
            assert_problem(common, 422, "/password")
            done = await browser.post(
                f"{API}/auth/password-reset/{token}", json={"password": NEW_PASSWORD}
            )
            assert done.status_code == 204, done.text
            # Single use.
            reuse = await browser.post(
                f"{API}/auth/password-reset/{token}", json={"password": "another long one!"}
            )
            assert_problem(reuse, 404)
            old = await browser.post(
                f"{API}/auth/login", json={"email": "member@example.org", "password": PASSWORD}
            )
            assert_problem(old, 401)
            new = await browser.post(
                f"{API}/auth/login",
                json={"email": "member@example.org", "password": NEW_PASSWORD},
            )
            assert new.status_code == 200, new.text
        # Every session that existed before the reset has ended.
        assert_problem(await old_session.get(f"{API}/auth/me"), 401)


async def test_an_smtp_outage_loses_no_invitation(
    world: World, smtp_settings: Settings, mailbox: Inbox
) -> None:
    async with world.client("coord") as coord:
        await coord.post(
            f"{API}/networks/{world.networks['A'].id}/invitations",
            json={"email": "later@example.net"},
        )
    mailbox.refuse = True
    assert (await send_mail(world, smtp_settings))["retried"] == 1
    mailbox.refuse = False
    # Retried after its back-off: a worker iteration a minute later sends it.
    worker = Worker(smtp_settings, owner="test-worker")
    worker.sessionmaker = create_sessionmaker(world.engine)
    try:
        later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=2)
        summary = await worker.run_once(later)
    finally:
        await worker.close()
    assert summary.account_emails["sent"] == 1
    assert len(mailbox.to("later@example.net")) == 1


async def test_an_unknown_address_gets_the_same_answer_and_no_email(
    world: World, smtp_settings: Settings, mailbox: Inbox
) -> None:
    async with world.client() as anonymous:
        known = await ask_for_reset(anonymous, "coord@example.org")
        unknown = await ask_for_reset(anonymous, "nobody@example.org")
    assert known.status_code == unknown.status_code == 202
    assert known.json() == unknown.json()
    assert set(known.headers) == set(unknown.headers)
    assert known.headers["content-length"] == unknown.headers["content-length"]
    await send_mail(world, smtp_settings)
    assert [m["To"] for m in mailbox.messages] == ["Coord <coord@example.org>"]


async def test_a_worker_run_from_cron_says_how_many_account_emails_it_sent(
    world: World,
    smtp_settings: Settings,
    inbox: tuple[Inbox, int],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from services import cli

    async with world.client("coord") as coord:
        await coord.post(
            f"{API}/networks/{world.networks['A'].id}/invitations",
            json={"email": "cron@example.net"},
        )
    monkeypatch.setattr(cli, "get_settings", lambda: smtp_settings)
    args = argparse.Namespace(once=True, now=None)
    assert await asyncio.to_thread(cli._cmd_worker, args) == 0
    out = capsys.readouterr().out
    assert (
        "Invitation, password-reset and assignment emails: 1 sent, 0 to retry, 0 given up"
    ) in out
