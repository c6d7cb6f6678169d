"""Idempotency keys whose request died: a retry takes them over once the lease runs out."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from services.api import idempotency
from services.core.activities import service
from services.core.activities.models import Activity
from services.core.db.types import utcnow
from tests.builders import activity_body, assert_problem, count_rows
from tests.support import API, World

KEY = {"Idempotency-Key": "crash-1"}


def clock(monkeypatch: pytest.MonkeyPatch, ahead: dt.timedelta) -> None:
    """The idempotency layer's clock, ``ahead`` of the real one."""
    monkeypatch.setattr(idempotency, "utcnow", lambda: utcnow() + ahead)


async def crash(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch, url: str, body: dict[str, Any]
) -> None:
    """A POST whose process dies mid-request: no answer is stored and nothing frees the key."""

    async def die(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the process died")

    async def nothing(*args: Any, **kwargs: Any) -> None:
        return None

    with monkeypatch.context() as patched:
        patched.setattr(service, "create", die)
        patched.setattr(idempotency, "_release_if_pending", nothing)
        assert (await client.post(url, json=body, headers=KEY)).status_code == 500


def lease(world: World) -> dt.timedelta:
    return dt.timedelta(seconds=world.app.state.settings.idempotency_lease_seconds)


async def test_a_retry_takes_over_a_key_whose_request_died(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"{API}/networks/{world.networks['A'].id}/activities"
    body = activity_body(title="After the crash")
    async with world.client("member") as client:
        await crash(client, monkeypatch, url, body)
        # Within the lease the first request may still be running somewhere: hands off.
        clock(monkeypatch, lease(world) - dt.timedelta(seconds=1))
        assert_problem(await client.post(url, json=body, headers=KEY), 409)
        # A different request under the key is refused as before, expired lease or not.
        clock(monkeypatch, lease(world) + dt.timedelta(seconds=1))
        other = await client.post(url, json=activity_body(title="Other"), headers=KEY)
        assert_problem(other, 422)
        retried = await client.post(url, json=body, headers=KEY)
        assert retried.status_code == 201, retried.text
        assert "idempotent-replayed" not in retried.headers
        replay = await client.post(url, json=body, headers=KEY)
        assert replay.headers["idempotent-replayed"] == "true"
        assert replay.json()["id"] == retried.json()["id"]
    assert await count_rows(world, Activity, title="After the crash") == 1


async def test_two_retries_at_once_take_over_a_dead_key_once(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"{API}/networks/{world.networks['A'].id}/activities"
    body = activity_body(title="Raced")
    async with world.client("member") as client:
        await crash(client, monkeypatch, url, body)
        clock(monkeypatch, lease(world) + dt.timedelta(seconds=1))
        answers = await asyncio.gather(*(client.post(url, json=body, headers=KEY) for _ in "ab"))
    fresh = [a for a in answers if a.status_code == 201 and "idempotent-replayed" not in a.headers]
    assert len(fresh) == 1, [a.text for a in answers]
    # The other waited for nobody: it was told the key is busy, or got the first one's answer.
    other = next(a for a in answers if a is not fresh[0])
    assert other.status_code == 409 or other.headers.get("idempotent-replayed") == "true"
    assert await count_rows(world, Activity, title="Raced") == 1


async def test_a_request_that_outlived_its_lease_yields_to_the_retry(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"{API}/networks/{world.networks['A'].id}/activities"
    body = activity_body(title="Slow")
    stalled, go_on = asyncio.Event(), asyncio.Event()
    create: Callable[..., Any] = service.create

    async def slow_then_create(*args: Any, **kwargs: Any) -> Any:
        if not stalled.is_set():
            stalled.set()
            await go_on.wait()
        return await create(*args, **kwargs)

    monkeypatch.setattr(service, "create", slow_then_create)
    async with world.client("member") as client:
        first = asyncio.create_task(client.post(url, json=body, headers=KEY))
        await stalled.wait()
        clock(monkeypatch, lease(world) + dt.timedelta(seconds=1))
        retried = await client.post(url, json=body, headers=KEY)
        assert retried.status_code == 201, retried.text
        go_on.set()
        late = await first
    # The slow one's change is rolled back: the key's answer is the retry's.
    assert_problem(late, 409)
    assert await count_rows(world, Activity, title="Slow") == 1
