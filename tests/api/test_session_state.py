"""The web app asks whether it is signed in without a failed request either way."""

from __future__ import annotations

from tests.builders import make_api_key
from tests.support import API, World


async def test_a_signed_out_browser_is_told_so_with_200(world: World) -> None:
    async with world.client() as client:
        response = await client.get(f"{API}/auth/session")
    assert response.status_code == 200, response.text
    assert response.json() == {"session": None}


async def test_a_stale_cookie_is_signed_out_not_an_error(world: World) -> None:
    async with world.client() as client:
        client.cookies.set(world.app.state.settings.session_cookie_name, "expired-or-forged")
        response = await client.get(f"{API}/auth/session")
    assert response.status_code == 200 and response.json() == {"session": None}


async def test_a_signed_in_browser_gets_what_auth_me_answers(world: World) -> None:
    async with world.client("member") as client:
        state = await client.get(f"{API}/auth/session")
        me = await client.get(f"{API}/auth/me")
    assert state.status_code == 200
    assert state.json()["session"] == me.json()


async def test_an_api_key_has_no_session(world: World) -> None:
    network = world.networks["A"].id
    async with world.client("coord") as client:
        key = await make_api_key(client, network)
    async with world.client() as client:
        response = await client.get(
            f"{API}/auth/session", headers={"Authorization": f"Bearer {key['key']}"}
        )
    assert response.status_code == 200 and response.json() == {"session": None}
