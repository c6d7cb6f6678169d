"""A person who has not chosen a language is written to in their browser's: the web app
follows the browser live, and emails the language their browser asked for at sign-in."""

from __future__ import annotations

import httpx

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


async def test_until_chosen_emails_follow_the_browser_of_the_latest_sign_in(
    world: World, smtp_clock: Clock, inbox: tuple[Inbox, int]
) -> None:
    handler, _ = inbox
    await sign_in(world, "coord", "es-PE,es;q=0.9,en;q=0.5")
    language, text = await digest_for(world, smtp_clock, handler, "coord")
    assert language == "es" and "todavía no tiene seguimiento" in text


async def test_a_chosen_language_wins_over_the_browser(
    world: World, smtp_clock: Clock, inbox: tuple[Inbox, int]
) -> None:
    handler, _ = inbox
    await patch(world, "/auth/me", {"language": "fr"}, who="coord")
    await sign_in(world, "coord", "ar-JO,ar;q=0.9")
    language, text = await digest_for(world, smtp_clock, handler, "coord")
    assert language == "fr" and "n'a pas encore de suivi" in text


async def test_a_browser_language_drumbeat_does_not_speak_leaves_english(
    world: World, smtp_clock: Clock, inbox: tuple[Inbox, int]
) -> None:
    handler, _ = inbox
    await sign_in(world, "coord", "sw-KE,sw;q=0.9")
    language, text = await digest_for(world, smtp_clock, handler, "coord")
    assert language == "en" and "has no follow-up yet" in text
