"""PATCH and its preconditions: If-Match as RFC 9110 reads it, and blind writes in parallel."""

from __future__ import annotations

import asyncio

import pytest

from tests.api.test_conventions import MAKERS
from tests.builders import assert_problem
from tests.support import API, World

PARALLEL = 50


@pytest.mark.parametrize("kind", ["activity", "organisation"])
async def test_parallel_patches_without_if_match_all_succeed(world: World, kind: str) -> None:
    async with world.client("coord") as client:
        path, change = await MAKERS[kind](client, world)
        field = next(iter(change))
        before = int((await client.get(API + path)).headers["etag"].strip('"'))
        answers = await asyncio.gather(
            *(client.patch(API + path, json={field: f"Blind {i}"}) for i in range(PARALLEL))
        )
        statuses = [answer.status_code for answer in answers]
        # The caller set no precondition, so none can fail: each change is applied in turn.
        assert statuses == [200] * PARALLEL, [a.text for a in answers if a.status_code != 200]
        after = await client.get(API + path)
    assert int(after.headers["etag"].strip('"')) == before + PARALLEL
    assert after.json()[field] in {f"Blind {i}" for i in range(PARALLEL)}


@pytest.mark.parametrize(
    ("if_match", "status"),
    [
        ('"{etag}"', 200),
        ('"nope", "{etag}"', 200),
        ('"nope","{etag}" , "other"', 200),
        ('"nope", , "{etag}",', 200),
        ("*", 200),
        # Strong comparison (RFC 9110 §13.1.1): a weak tag never matches If-Match.
        ('W/"{etag}"', 412),
        ('"nope", W/"{etag}"', 412),
        ('"nope"', 412),
        # Not an entity-tag list at all: nothing in it matches.
        ("{etag}", 412),
        ('"{etag}" junk', 412),
    ],
)
async def test_if_match_compares_strongly_and_takes_a_list(
    world: World, if_match: str, status: int
) -> None:
    async with world.client("coord") as client:
        path, change = await MAKERS["activity"](client, world)
        version = (await client.get(API + path)).headers["etag"].strip('"')
        header = if_match.replace("{etag}", version)
        response = await client.patch(API + path, json=change, headers={"If-Match": header})
        if status == 200:
            assert response.status_code == 200, response.text
        else:
            assert_problem(response, 412)
            assert (await client.get(API + path)).headers["etag"] == f'"{version}"'
