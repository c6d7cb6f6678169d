"""A person who has not chosen a language is written to in their browser's: the web app
follows the browser live, and emails the language their browser asked for at sign-in."""

from __future__ import annotations

import httpx
import pytest

from services.core.db.types import utcnow
from tests.support import API, PASSWORD, World
from tests.worker.helpers import Clock, Inbox, create_activity, parts, patch
from tests.worker.test_email_actions import ago


async def sign_in(world: World, who: str, accept_language: str) -> httpx.Response:
    async with world.client() as client:
        response = await client.post(
            f"{API}/auth/login",
            json={"email": f"{who}@example.org", "password": PASSWORD},
            headers={"Accept-Language": accept_language},
        )
    assert response.status_code == 200, response.text
    return response


async def digest_for(world: World, clock: Clock, handler: Inbox, who: str) -> tuple[str, str]:
    await create_activity(world, title="Budget training", starts_at=ago(41), ends_at=ago(40))
    now = utcnow()
    await clock.detect(now)
    await clock.deliver(now)
    [message] = handler.to(f"{who}@example.org")
    return str(message["Content-Language"]), parts(message)[0]


async def test_a_new_account_has_no_language_until_it_chooses_one(world: World) -> None:
    answer = await sign_in(world, "member", "fr-SN,fr;q=0.9,en;q=0.5")
    assert answer.json()["user"]["language"] is None
    chosen = await patch(world, "/auth/me", {"language": "pt"})
    assert chosen["user"]["language"] == "pt"
    # Back to following the browser.
    assert (await patch(world, "/auth/me", {"language": None}))["user"]["language"] is None


@pytest.mark.parametrize(
    ("chosen", "browser", "language", "sentence"),
    [
        # Not chosen: the browser of the latest sign-in.
        (None, "es-PE,es;q=0.9,en;q=0.5", "es", "todavía no tiene seguimiento"),
        # Chosen: it wins over any browser.
        ("fr", "ar-JO,ar;q=0.9", "fr", "n'a pas encore de suivi"),
        # A browser language Drumbeat does not speak leaves English.
        (None, "sw-KE,sw;q=0.9", "en", "has no follow-up yet"),
    ],
)
async def test_emails_are_in_the_chosen_language_else_the_browsers(
    world: World,
    smtp_clock: Clock,
    inbox: tuple[Inbox, int],
    chosen: str | None,
    browser: str,
    language: str,
    sentence: str,
) -> None:
    handler, _ = inbox
    if chosen is not None:
        await patch(world, "/auth/me", {"language": chosen}, who="coord")
    await sign_in(world, "coord", browser)
    written, text = await digest_for(world, smtp_clock, handler, "coord")
    assert written == language and sentence in text
