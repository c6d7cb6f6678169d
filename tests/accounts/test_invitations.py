"""Invitations: refresh, resend, revoke, expiry, and accepting as an existing account."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from services.core.invitations.models import Invitation
from services.core.networks.models import Membership
from tests.builders import assert_problem, count_rows
from tests.support import API, World

NEW_PASSWORD = "lanterns over the harbour"


async def invite(world: World, email: str, role: str = "member", who: str = "coord") -> dict:
    async with world.client(who) as client:
        response = await client.post(
            f"{API}/networks/{world.networks['A'].id}/invitations",
            json={"email": email, "role": role},
        )
    assert response.status_code in (200, 201), response.text
    return dict(response.json())


async def test_inviting_a_pending_address_again_refreshes_the_same_invitation(
    world: World,
) -> None:
    first = await invite(world, "amal@example.net", "viewer")
    old_token = await world.emailed_token("amal@example.net")
    async with world.client("coord") as coord:
        again = await coord.post(
            f"{API}/networks/{world.networks['A'].id}/invitations",
            json={"email": "AMAL@example.net", "role": "member"},
        )
    assert again.status_code == 200, again.text
    assert again.json()["id"] == first["id"] and again.json()["role"] == "member"
    assert await count_rows(world, Invitation, email="amal@example.net") == 1
    new_token = await world.emailed_token("amal@example.net")
    async with world.client() as anonymous:
        assert_problem(await anonymous.get(f"{API}/invitations/{old_token}"), 404)
        assert (await anonymous.get(f"{API}/invitations/{new_token}")).json()["role"] == "member"


async def test_parallel_invitations_of_one_address_make_one(world: World) -> None:
    network = world.networks["A"].id
    async with world.client("coord") as coord:
        answers = await asyncio.gather(
            *(
                coord.post(
                    f"{API}/networks/{network}/invitations", json={"email": "same@example.net"}
                )
                for _ in range(6)
            )
        )
    assert sorted(a.status_code for a in answers).count(201) == 1, [a.text for a in answers]
    assert {a.status_code for a in answers} <= {200, 201}
    assert len({a.json()["id"] for a in answers}) == 1
    assert await count_rows(world, Invitation, email="same@example.net") == 1


async def test_resend_and_revoke(world: World) -> None:
    made = await invite(world, "sami@example.net")
    first = await world.emailed_token("sami@example.net")
    async with world.client("coord") as coord:
        resent = await coord.post(f"{API}/invitations/{made['id']}/resend")
        assert resent.status_code == 200, resent.text
        second = await world.emailed_token("sami@example.net")
        assert second != first
        revoked = await coord.delete(f"{API}/invitations/{made['id']}")
        assert revoked.status_code == 204
        assert_problem(await coord.delete(f"{API}/invitations/{made['id']}"), 404)
        listed = await coord.get(
            f"{API}/networks/{world.networks['A'].id}/invitations", params={"status": "revoked"}
        )
        assert [i["status"] for i in listed.json()["items"]] == ["revoked"]
    async with world.client() as anonymous:
        for token in (first, second):
            assert_problem(await anonymous.get(f"{API}/invitations/{token}"), 404)
        accept = await anonymous.post(
            f"{API}/invitations/{second}/accept", json={"name": "Sami", "password": NEW_PASSWORD}
        )
        assert_problem(accept, 404)


async def test_an_invitation_expires_after_fourteen_days(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    await invite(world, "late@example.net")
    token = await world.emailed_token("late@example.net")
    from services.api.routers import invitations as router

    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=14, minutes=1)
    monkeypatch.setattr(router, "utcnow", lambda: later)
    async with world.client() as anonymous:
        assert_problem(await anonymous.get(f"{API}/invitations/{token}"), 404)
        accept = await anonymous.post(
            f"{API}/invitations/{token}/accept", json={"name": "Late", "password": NEW_PASSWORD}
        )
        assert_problem(accept, 404)
    async with world.client("coord") as coord:
        expired = await coord.get(
            f"{API}/networks/{world.networks['A'].id}/invitations", params={"status": "expired"}
        )
    assert [i["email"] for i in expired.json()["items"]] == ["late@example.net"]
    assert await count_rows(world, Membership, network_id=world.networks["A"].id) == 4


async def test_an_existing_account_accepts_signed_in_as_itself(world: World) -> None:
    # "outsider" coordinates network B and is invited into A as a viewer.
    await invite(world, "outsider@example.org", "viewer")
    token = await world.emailed_token("outsider@example.org")
    async with world.client() as anonymous:
        shown = await anonymous.get(f"{API}/invitations/{token}")
        assert shown.json()["account_exists"] is True
        # Nobody can take over the account by accepting with a password.
        takeover = await anonymous.post(
            f"{API}/invitations/{token}/accept", json={"name": "Eve", "password": NEW_PASSWORD}
        )
        assert_problem(takeover, 401)
    async with world.client("member") as someone_else:
        assert_problem(await someone_else.post(f"{API}/invitations/{token}/accept", json={}), 403)
    async with world.client("outsider") as outsider:
        accepted = await outsider.post(f"{API}/invitations/{token}/accept", json={})
        assert accepted.status_code == 200, accepted.text
        roles = {m["network_id"]: m["role"] for m in accepted.json()["memberships"]}
        assert roles[str(world.networks["A"].id)] == "viewer"
        assert roles[str(world.networks["B"].id)] == "coordinator"
        assert (await outsider.get(f"{API}/networks/{world.networks['A'].id}")).status_code == 200


async def test_a_member_is_not_invited_again_and_an_invitation_never_demotes(
    world: World,
) -> None:
    async with world.client("coord") as coord:
        again = await coord.post(
            f"{API}/networks/{world.networks['A'].id}/invitations",
            json={"email": "viewer@example.org", "role": "coordinator"},
        )
    assert_problem(again, 409)


async def test_accepting_needs_a_name_and_a_good_password(world: World) -> None:
    await invite(world, "new@example.net")
    token = await world.emailed_token("new@example.net")
    async with world.client() as anonymous:
        for body, pointer in (
            ({"password": NEW_PASSWORD}, "/name"),
            ({"name": "New"}, "/password"),
            ({"name": "New", "password": "short"}, "/password"),
            ({"name": "New", "password": "qwertyuiop"}, "/password"),
        ):
            assert_problem(
                await anonymous.post(f"{API}/invitations/{token}/accept", json=body), 422, pointer
            )
        # Still usable after the refusals.
        assert (await anonymous.get(f"{API}/invitations/{token}")).status_code == 200


async def test_invitations_are_in_the_audit_log_without_secrets(world: World) -> None:
    made = await invite(world, "audited@example.net")
    async with world.client("coord") as coord:
        await coord.delete(f"{API}/invitations/{made['id']}")
        log = await coord.get(
            f"{API}/networks/{world.networks['A'].id}/audit", params={"entity": "invitation"}
        )
    events = log.json()["items"]
    assert {e["action"] for e in events} >= {"create", "update"}
    # That the token changed may show; the digest itself never does.
    assert all(e["changes"].get("token_hash") in (None, {"changed": True}) for e in events)
    revoked = [
        e
        for e in events
        if isinstance(e["changes"].get("status"), dict)
        and e["changes"]["status"]["after"] == "revoked"
    ]
    assert revoked and revoked[0]["actor_label"] == "coord@example.org"
