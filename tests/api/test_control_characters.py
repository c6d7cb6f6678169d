"""Control characters in text: one-line fields refuse them all, long text keeps line breaks.

A network name with a line break used to be stored, and the next reminder email built from it
raised in the header code, which stopped the worker for every network.
"""

from __future__ import annotations

from typing import Any

import httpx

from tests.builders import activity_body
from tests.support import API, World, problem_pointers


def details(response: httpx.Response) -> list[str]:
    return [e["detail"] for e in response.json()["errors"]]


async def test_a_network_name_with_a_line_break_is_refused(world: World) -> None:
    network = world.networks["A"].id
    async with world.client("coord") as client:
        injected = await client.patch(f"{API}/networks/{network}", json={"name": "GFF\r\nBcc: x@y"})
        tab = await client.patch(f"{API}/networks/{network}", json={"themes": ["ok", "a\tb"]})
        shown = await client.get(f"{API}/networks/{network}")
        # Surrounding whitespace is stripped, line breaks too, as the document's pattern says.
        trailing = await client.patch(f"{API}/networks/{network}", json={"name": "\tGFF\r\n"})
    assert injected.status_code == 422 and problem_pointers(injected) == ["/name"]
    assert "U+000D" in details(injected)[0]
    assert tab.status_code == 422 and problem_pointers(tab) == ["/themes/1"]
    assert shown.json()["name"] == "Network A"
    assert trailing.status_code == 200 and trailing.json()["name"] == "GFF"


async def test_one_line_fields_refuse_every_control_character(world: World) -> None:
    network = world.networks["A"].id
    cases: dict[str, dict[str, Any]] = {
        "/title": {"title": "Budget\x0btraining"},
        "/location": {"location": "Nairobi\u2028Kenya"},
        "/themes/0": {"themes": ["health\x85equity"]},
        "/country": {"country": "K\x1bE"},
    }
    async with world.client("member") as client:
        for pointer, fields in cases.items():
            response = await client.post(
                f"{API}/networks/{network}/activities", json=activity_body(**fields)
            )
            assert response.status_code == 422, (pointer, response.text)
            assert problem_pointers(response) == [pointer]


async def test_long_text_keeps_line_breaks_and_tabs_but_no_other_controls(world: World) -> None:
    network = world.networks["A"].id
    text = "What went well:\r\n\t- the exchange\n\t- the follow-up plan"
    async with world.client("member") as client:
        kept = await client.post(
            f"{API}/networks/{network}/activities", json=activity_body(description=text)
        )
        escape = await client.post(
            f"{API}/networks/{network}/activities",
            json=activity_body(description="Red \x1b[31malert\x1b[0m"),
        )
        reflection = await client.post(
            f"{API}/networks/{network}/reflections", json={"body": "Power\x07 in the room"}
        )
    assert kept.status_code == 201, kept.text
    assert kept.json()["description"] == text
    assert escape.status_code == 422 and problem_pointers(escape) == ["/description"]
    assert "U+001B" in details(escape)[0]
    assert reflection.status_code == 422 and problem_pointers(reflection) == ["/body"]
