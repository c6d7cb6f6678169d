"""SSRF: private addresses are refused at registration and again when connecting."""

from __future__ import annotations

import ipaddress

import pytest

from services.core.settings import Settings
from services.core.webhooks import guard
from tests.builders import assert_problem
from tests.support import API, World
from tests.webhooks.helpers import Hooks, other_app
from tests.webhooks.receiver import tripwire

PUBLIC = ipaddress.ip_address("93.184.216.34")
LOOPBACK = ipaddress.ip_address("127.0.0.1")


def fake_dns(monkeypatch: pytest.MonkeyPatch, answers: dict[str, list[str]]) -> None:
    """Answers for the names in ``answers``; literal addresses as the real resolver does."""
    real = guard.resolve

    async def resolve(host: str, port: int) -> list[guard.IPAddress]:
        if host in answers:
            return [ipaddress.ip_address(a) for a in answers[host]]
        return await real(host, port)

    monkeypatch.setattr(guard, "resolve", resolve)


@pytest.fixture
def strict(webhook_settings: Settings) -> Settings:
    return webhook_settings.model_copy(update={"webhooks_allow_private": False})


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://hooks.partner.example/in", "https"),
        ("https://127.0.0.1/in", "loopback"),
        ("https://localhost:8443/in", "loopback"),
        ("https://[::1]/in", "loopback"),
        ("https://[::ffff:127.0.0.1]/in", "loopback"),
        ("https://10.1.2.3/in", "private"),
        ("https://192.168.0.10/in", "private"),
        ("https://169.254.169.254/latest/meta-data", "link-local"),
        ("https://0.0.0.0/in", "unspecified"),
        ("https://224.0.0.1/in", "multicast"),
        ("https://100.64.0.1/in", "non-public"),
        ("https://mixed.partner.example/in", "private"),
        ("https://user:pw@hooks.partner.example/in", "password"),
        ("ftp://hooks.partner.example/in", "https"),
    ],
)
async def test_registration_refuses_urls_that_reach_private_networks(
    world: World, strict: Settings, monkeypatch: pytest.MonkeyPatch, url: str, why: str
) -> None:
    answers = {
        "hooks.partner.example": [str(PUBLIC)],
        "mixed.partner.example": [str(PUBLIC), "10.0.0.5"],
    }
    fake_dns(monkeypatch, answers)
    network_id = world.networks["A"].id
    async with other_app(world, strict) as strict_world, strict_world.client("coord") as client:
        response = await client.post(
            f"{API}/networks/{network_id}/webhooks",
            json={"url": url, "event_types": ["activity.created"]},
        )
    body = assert_problem(response, 422, "/url")
    assert why in body["errors"][0]["detail"], body


async def test_a_public_https_url_is_accepted_and_patching_to_a_private_one_is_not(
    world: World, strict: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_dns(monkeypatch, {"hooks.partner.example": [str(PUBLIC)]})
    network_id = world.networks["A"].id
    async with other_app(world, strict) as strict_world, strict_world.client("coord") as client:
        created = await client.post(
            f"{API}/networks/{network_id}/webhooks",
            json={"url": "https://hooks.partner.example/in", "event_types": ["activity.created"]},
        )
        assert created.status_code == 201, created.text
        patched = await client.patch(
            f"{API}/webhooks/{created.json()['id']}", json={"url": "https://10.0.0.1/in"}
        )
    assert_problem(patched, 422, "/url")


async def test_a_dns_answer_that_changes_after_registration_is_refused_at_connect_time(
    world: World, hooks: Hooks, strict: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with tripwire() as wire:
        fake_dns(monkeypatch, {"rebind.partner.example": [str(PUBLIC)]})
        url = f"https://rebind.partner.example:{wire.port}/in"
        async with other_app(world, strict) as strict_world, strict_world.client("coord") as c:
            created = await c.post(
                f"{API}/networks/{hooks.network_id}/webhooks",
                json={"url": url, "event_types": ["activity.created"]},
            )
        assert created.status_code == 201, created.text
        await hooks.create_activity()
        # The attacker's DNS now points the name at the worker's own machine.
        fake_dns(monkeypatch, {"rebind.partner.example": [str(LOOPBACK)]})

        counts = await hooks.deliver(settings=strict)

        assert counts["failed"] == 1
        assert wire.connections == 0, "nothing connected to the loopback address"
    delivery = await hooks.delivery()
    assert delivery.last_status_code is None
    assert delivery.last_error is not None and "refused" in delivery.last_error
    assert "loopback" in delivery.last_error


async def test_the_request_goes_to_the_vetted_address_with_the_original_host_header(
    hooks: Hooks, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = hooks.receiver.port
    endpoint = await hooks.register(url=f"http://partner.test:{port}/hook")
    await hooks.create_activity()
    # Only the guard's own resolution knows this name: the system resolver never could.
    fake_dns(monkeypatch, {"partner.test": [str(LOOPBACK)]})

    assert (await hooks.deliver())["succeeded"] == 1

    [received] = hooks.receiver.requests
    assert received.headers["host"] == f"partner.test:{port}"
    assert endpoint["url"].endswith(received.path)


def test_forbidden_addresses() -> None:
    assert guard.forbidden_because(PUBLIC) is None
    assert guard.forbidden_because(ipaddress.ip_address("2606:4700:4700::1111")) is None
    for address in ("127.0.0.2", "::1", "fe80::1", "fc00::1", "172.16.0.1", "2002:7f00:1::"):
        assert guard.forbidden_because(ipaddress.ip_address(address)) is not None, address
