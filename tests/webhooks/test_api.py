"""The webhooks API: coordinators only, the secret shown once, rotation, test sends, replay."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from standardwebhooks.webhooks import WebhookVerificationError

from services.core.webhooks.schemas import EVENT_TYPES
from tests.builders import assert_problem
from tests.support import API, World
from tests.webhooks.helpers import Hooks, verify


async def test_the_secret_is_shown_on_create_and_never_again(world: World, hooks: Hooks) -> None:
    created = await hooks.register(("activity.created", "activity.created", "finding.opened"))
    secret = created["secret"]
    assert secret.startswith("whsec_") and len(base64.b64decode(secret[6:])) == 24
    assert created["event_types"] == ["activity.created", "finding.opened"]
    assert created["active"] is True and created["disabled_reason"] is None

    async with world.client("coord") as client:
        got = await client.get(f"{API}/webhooks/{created['id']}")
        listed = await client.get(f"{API}/networks/{hooks.network_id}/webhooks")
        patched = await client.patch(
            f"{API}/webhooks/{created['id']}",
            json={"event_types": ["follow_up.created"]},
            headers={"If-Match": got.headers["etag"]},
        )
    assert got.status_code == 200 and "secret" not in got.json()
    assert [w["id"] for w in listed.json()["items"]] == [created["id"]]
    assert "secret" not in listed.json()["items"][0]
    assert patched.status_code == 200 and "secret" not in patched.json()
    assert patched.json()["event_types"] == ["follow_up.created"]
    assert secret not in got.text + listed.text + patched.text


async def test_rotating_the_secret_signs_with_the_new_one_only(hooks: Hooks, world: World) -> None:
    created = await hooks.register()
    async with world.client("coord") as client:
        rotated = await client.post(f"{API}/webhooks/{created['id']}/rotate-secret")
    assert rotated.status_code == 200, rotated.text
    new_secret = rotated.json()["secret"]
    assert new_secret.startswith("whsec_") and new_secret != created["secret"]
    assert rotated.headers["etag"] != '"1"'

    await hooks.create_activity()
    await hooks.deliver()

    [received] = hooks.receiver.requests
    verify(new_secret, received)
    with pytest.raises(WebhookVerificationError):
        verify(created["secret"], received)


async def test_only_coordinators_of_the_network_manage_its_webhooks(
    world: World, hooks: Hooks
) -> None:
    created = await hooks.register()
    network_id = hooks.network_id
    hooks_of_a = f"{API}/networks/{network_id}/webhooks"
    hook = f"{API}/webhooks/{created['id']}"
    body = {"url": hooks.receiver.url, "event_types": ["activity.created"]}
    for who in ("viewer", "member"):
        async with world.client(who) as client:
            assert_problem(await client.get(hooks_of_a), 403)
            assert_problem(await client.post(hooks_of_a, json=body), 403)
            assert_problem(await client.get(hook), 403)
            assert_problem(await client.patch(hook, json={"active": False}), 403)
            assert_problem(await client.post(f"{hook}/rotate-secret"), 403)
            assert_problem(await client.get(f"{hook}/deliveries"), 403)
            assert_problem(await client.post(f"{hook}/test"), 403)
            assert_problem(await client.delete(hook), 403)
    async with world.client("outsider") as client:
        missing = await client.get(f"{API}/webhooks/00000000-0000-7000-8000-000000000000")
        assert_problem(missing, 404)
        assert (await client.get(hook)).json() == missing.json(), "another network's = missing"
        assert_problem(await client.get(hooks_of_a), 404)
        assert_problem(await client.post(hooks_of_a, json=body), 404)
        assert_problem(await client.post(f"{hook}/rotate-secret"), 404)
        assert_problem(await client.delete(hook), 404)
    async with world.client("admin") as client:
        assert (await client.get(hook)).status_code == 200
    async with world.client() as client:
        assert_problem(await client.get(hook), 401)


async def test_event_types_must_be_a_non_empty_subset(world: World, hooks: Hooks) -> None:
    url = f"{API}/networks/{hooks.network_id}/webhooks"
    async with world.client("coord") as client:
        empty = await client.post(url, json={"url": hooks.receiver.url, "event_types": []})
        unknown = await client.post(
            url, json={"url": hooks.receiver.url, "event_types": ["activity.deleted"]}
        )
        extra = await client.post(
            url, json={"url": hooks.receiver.url, "event_types": list(EVENT_TYPES), "x": 1}
        )
        test_only = await client.post(
            url, json={"url": hooks.receiver.url, "event_types": ["webhook.test"]}
        )
    assert_problem(empty, 422, "/event_types")
    assert_problem(unknown, 422, "/event_types/0")
    assert_problem(extra, 422, "/x")
    assert_problem(test_only, 422, "/event_types/0")


async def test_patch_honours_if_match_and_reactivation_starts_afresh(
    world: World, hooks: Hooks
) -> None:
    created, _ = await hooks.answered(410)
    hook = f"{API}/webhooks/{created['id']}"

    async with world.client("coord") as client:
        disabled = await client.get(hook)
        assert disabled.json()["active"] is False
        assert "410" in disabled.json()["disabled_reason"]
        stale = await client.patch(hook, json={"active": True}, headers={"If-Match": '"1"'})
        assert_problem(stale, 412)
        again = await client.patch(
            hook, json={"active": True}, headers={"If-Match": disabled.headers["etag"]}
        )
        assert again.status_code == 200, again.text
        assert again.json()["active"] is True
        assert again.json()["disabled_reason"] is None
        assert again.json()["consecutive_failures"] == 0
        assert again.headers["etag"] != disabled.headers["etag"]
        paused = await client.patch(hook, json={"active": False})
        assert paused.json()["disabled_reason"] == "deactivated by a coordinator"
        assert_problem(await client.patch(hook, json={"active": None}), 422)


async def test_a_test_send_goes_to_that_endpoint_only(world: World, hooks: Hooks) -> None:
    target = await hooks.register()
    other = await hooks.register(url=hooks.receiver.url.replace("/hook", "/other"))
    async with world.client("coord") as client:
        sent = await client.post(f"{API}/webhooks/{target['id']}/test")
    assert sent.status_code == 202, sent.text
    assert sent.json()["event_type"] == "webhook.test"
    assert sent.json()["status"] == "pending"
    assert sent.json()["endpoint_id"] == target["id"]

    await hooks.deliver()

    [received] = hooks.receiver.requests
    assert received.path == "/hook"
    payload = verify(target["secret"], received)
    assert payload["type"] == "webhook.test"
    assert payload["data"]["webhook_id"] == target["id"]
    assert received.headers["webhook-id"] == sent.json()["id"]
    async with world.client("coord") as client:
        deliveries = await client.get(f"{API}/webhooks/{other['id']}/deliveries")
        assert deliveries.json()["items"] == []
        await client.patch(f"{API}/webhooks/{other['id']}", json={"active": False})
        assert_problem(await client.post(f"{API}/webhooks/{other['id']}/test"), 409)


async def test_replay_sends_a_failed_or_dead_delivery_again_with_the_same_id(
    world: World, hooks: Hooks
) -> None:
    created, delivery = await hooks.answered(500)
    replay = f"{API}/webhook-deliveries/{delivery.id}/replay"

    async with world.client("member") as client:
        assert_problem(await client.post(replay), 403)
    async with world.client("outsider") as client:
        assert_problem(await client.post(replay), 404)
    async with world.client("coord") as client:
        replayed = await client.post(replay)
        assert replayed.status_code == 200, replayed.text
        assert replayed.json()["status"] == "pending" and replayed.json()["attempts"] == 0
        assert replayed.json()["log"][-1]["note"] == "replayed by a coordinator"
        assert_problem(await client.post(replay), 409)

    assert (await hooks.deliver())["succeeded"] == 1, "due at once, not in 5 seconds"
    async with world.client("coord") as client:
        assert_problem(await client.post(replay), 409)
    first, second = hooks.receiver.requests
    assert first.headers["webhook-id"] == second.headers["webhook-id"] == str(delivery.id)
    verify(created["secret"], second)


async def test_a_dead_delivery_is_replayed_once_the_endpoint_is_active_again(
    world: World, hooks: Hooks
) -> None:
    created, delivery = await hooks.answered(410)
    assert delivery.status == "dead"
    replay = f"{API}/webhook-deliveries/{delivery.id}/replay"

    async with world.client("coord") as client:
        assert_problem(await client.post(replay), 409)
        await client.patch(f"{API}/webhooks/{created['id']}", json={"active": True})
        assert (await client.post(replay)).status_code == 200

    assert (await hooks.deliver())["succeeded"] == 1


async def test_deliveries_are_listed_newest_first_by_page_and_filtered_by_status(
    world: World, hooks: Hooks
) -> None:
    created = await hooks.register(("activity.created", "activity.updated"))
    activity = await hooks.create_activity()
    async with world.client("member") as client:
        await client.patch(f"{API}/activities/{activity['id']}", json={"title": "Renamed"})
    hooks.receiver.answer(500)
    await hooks.deliver(limit=1)
    url = f"{API}/webhooks/{created['id']}/deliveries"

    async with world.client("coord") as client:
        page1 = (await client.get(url, params={"limit": 1})).json()
        page2 = (await client.get(url, params={"limit": 1, "cursor": page1["next_cursor"]})).json()
        failed = (await client.get(url, params={"status": "failed"})).json()
        bad = await client.get(url, params={"status": "lost"})
    assert [d["event_type"] for d in page1["items"] + page2["items"]] == [
        "activity.updated",
        "activity.created",
    ]
    assert page2["next_cursor"] is None
    [only_failed] = failed["items"]
    assert only_failed["event_type"] == "activity.created"
    assert only_failed["log"][0]["status_code"] == 500
    assert_problem(bad, 422)


async def test_deleting_a_webhook_removes_it_and_its_deliveries(world: World, hooks: Hooks) -> None:
    created = await hooks.register()
    await hooks.create_activity()
    async with world.client("coord") as client:
        deleted = await client.delete(f"{API}/webhooks/{created['id']}")
        assert deleted.status_code == 204
        assert_problem(await client.get(f"{API}/webhooks/{created['id']}"), 404)
    assert await hooks.deliveries() == []
    assert (await hooks.deliver())["claimed"] == 0


async def test_changes_emit_their_events_and_private_reflections_none(
    world: World, hooks: Hooks
) -> None:
    created = await hooks.register(EVENT_TYPES)
    activity = await hooks.create_activity()
    network = f"{API}/networks/{hooks.network_id}"
    async with world.client("member") as client:
        await client.patch(f"{API}/activities/{activity['id']}", json={"status": "cancelled"})
        await client.patch(f"{API}/activities/{activity['id']}", json={"title": "Still cancelled"})
        follow_up = await client.post(
            f"{API}/activities/{activity['id']}/follow-ups",
            json={"title": "Action plan", "due_on": "2026-03-01"},
        )
        await client.patch(f"{API}/follow-ups/{follow_up.json()['id']}", json={"status": "done"})
        await client.patch(f"{API}/follow-ups/{follow_up.json()['id']}", json={"notes": "ok"})
        for visibility in ("network", "coordinators", "private"):
            await client.post(
                f"{network}/reflections", json={"body": "We learnt.", "visibility": visibility}
            )

    deliveries = await _all_deliveries(world, created["id"])

    assert [d["event_type"] for d in reversed(deliveries)] == [
        "activity.created",
        "activity.updated",
        "activity.cancelled",
        "activity.updated",
        "follow_up.created",
        "follow_up.completed",
        "reflection.created",
    ]
    await hooks.deliver()
    requests = hooks.receiver.requests
    bodies = {r.headers["webhook-id"]: verify(created["secret"], r) for r in requests}
    completed = next(d for d in deliveries if d["event_type"] == "follow_up.completed")
    assert bodies[completed["id"]]["data"]["status"] == "done"
    reflection = next(d for d in deliveries if d["event_type"] == "reflection.created")
    assert bodies[reflection["id"]]["data"]["visibility"] == "network"


async def _all_deliveries(world: World, webhook_id: str) -> list[dict[str, Any]]:
    async with world.client("coord") as client:
        response = await client.get(f"{API}/webhooks/{webhook_id}/deliveries")
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def test_operation_ids_are_stable(world: World) -> None:
    async with world.client() as client:
        document = (await client.get(f"{API}/openapi.json")).json()
    ids = {
        operation["operationId"]
        for path, item in document["paths"].items()
        if "webhook" in path
        for operation in item.values()
    }
    assert ids == {
        "list_webhooks",
        "create_webhook",
        "get_webhook",
        "update_webhook",
        "delete_webhook",
        "rotate_webhook_secret",
        "list_webhook_deliveries",
        "test_webhook",
        "replay_webhook_delivery",
    }
    created = document["paths"]["/api/v1/networks/{network_id}/webhooks"]["post"]
    schema = created["responses"]["201"]["content"]["application/json"]["schema"]
    assert schema["$ref"].endswith("/WebhookWithSecret")
