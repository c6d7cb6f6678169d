"""The per-key request limit: counted in memory, shared through occasional writes."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from services.core.ratelimit.batched import BatchedLimit

NOW = dt.datetime(2026, 11, 28, 9, 0, 5, tzinfo=dt.UTC)


class SharedCounter:
    """What ``rate_counters`` does for the limit: a total per scope and window."""

    def __init__(self) -> None:
        self.totals: dict[tuple[str, dt.datetime], int] = {}
        self.writes = 0
        self.fail = False
        self.busy = False  # another writer holds the lock

    async def add(self, scope: str, start: dt.datetime, hits: int, wait: bool) -> int | None:
        if self.fail:
            raise ConnectionError("database gone")
        if self.busy and not wait:
            return None
        self.writes += 1
        key = (scope, start)
        self.totals[key] = self.totals.get(key, 0) + hits
        return self.totals[key]


def replica(shared: SharedCounter, limit: int) -> BatchedLimit:
    # flush_seconds out of the way: these tests are about counts, not clocks.
    return BatchedLimit(shared.add, limit=limit, seconds=60, flush_seconds=3600)


async def test_a_small_limit_is_counted_exactly_with_a_write_per_hit() -> None:
    shared = SharedCounter()
    limit = replica(shared, 3)
    windows = [await limit.hit("k", NOW) for _ in range(5)]
    assert [w.exceeded for w in windows] == [False, False, False, True, True]
    assert [w.remaining for w in windows] == [2, 1, 0, 0, 0]
    # Refused hits are not written one by one: the limit is used up for this window anyway.
    assert shared.writes == 3


async def test_a_large_limit_writes_once_per_slack_and_still_stops_at_the_limit() -> None:
    shared = SharedCounter()
    limit = replica(shared, 600)
    windows = [await limit.hit("k", NOW) for _ in range(700)]
    allowed = sum(not w.exceeded for w in windows)
    assert allowed == 600
    # 30 hits per write while far from the limit, fewer as it nears, none once it is used up.
    assert shared.writes < 60
    assert windows[-1].resets_in == 56


async def test_replicas_together_overshoot_by_at_most_their_slack() -> None:
    shared = SharedCounter()
    replicas = [replica(shared, 600) for _ in range(3)]
    allowed = 0
    for _ in range(400):
        for each in replicas:
            allowed += not (await each.hit("k", NOW)).exceeded
    assert 600 <= allowed <= 600 + 3 * 30


async def test_hits_reach_the_shared_counter_within_flush_seconds() -> None:
    shared = SharedCounter()
    limit = BatchedLimit(shared.add, limit=10_000, seconds=60, flush_seconds=0.05)
    await limit.hit("k", NOW)  # the first hit writes: nothing written yet this window
    for _ in range(5):
        await limit.hit("k", NOW)
    assert shared.totals[("k", NOW.replace(second=0))] == 1
    await asyncio.sleep(0.06)
    await limit.hit("k", NOW)
    assert shared.totals[("k", NOW.replace(second=0))] == 7


async def test_a_new_window_starts_from_zero() -> None:
    shared = SharedCounter()
    limit = replica(shared, 2)
    for _ in range(3):
        await limit.hit("k", NOW)
    later = await limit.hit("k", NOW + dt.timedelta(minutes=1))
    assert not later.exceeded
    assert later.remaining == 1


async def test_scopes_are_counted_apart() -> None:
    shared = SharedCounter()
    limit = replica(shared, 1)
    assert not (await limit.hit("a", NOW)).exceeded
    assert not (await limit.hit("b", NOW)).exceeded
    assert (await limit.hit("a", NOW)).exceeded


async def test_a_failed_write_keeps_the_hits_for_the_next_one() -> None:
    shared = SharedCounter()
    limit = replica(shared, 3)
    await limit.hit("k", NOW)
    shared.fail = True
    with pytest.raises(ConnectionError):
        await limit.hit("k", NOW)
    shared.fail = False
    window = await limit.hit("k", NOW)
    assert shared.totals[("k", NOW.replace(second=0))] == 3
    assert window.remaining == 0


async def test_concurrent_hits_do_not_wait_for_a_write_in_progress() -> None:
    release = asyncio.Event()
    shared = SharedCounter()

    async def slow_add(scope: str, start: dt.datetime, hits: int, wait: bool) -> int | None:
        await release.wait()
        return await shared.add(scope, start, hits, wait)

    limit = BatchedLimit(slow_add, limit=1_000, seconds=60, flush_seconds=3600)
    writer = asyncio.create_task(limit.hit("k", NOW))
    await asyncio.sleep(0)
    others = [await limit.hit("k", NOW) for _ in range(5)]
    assert [w.count for w in others] == [2, 3, 4, 5, 6]
    release.set()
    assert (await writer).count == 6


async def test_a_read_never_waits_for_a_busy_database_and_its_hits_are_written_later() -> None:
    shared = SharedCounter()
    limit = replica(shared, 3)
    shared.busy = True
    # Nothing written, nothing raised, and this replica still counts (and limits) exactly.
    windows = [await limit.hit("k", NOW, wait=False) for _ in range(4)]
    assert [w.exceeded for w in windows] == [False, False, False, True]
    assert shared.writes == 0
    shared.busy = False
    await limit.hit("k", NOW, wait=False)
    assert shared.totals[("k", dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC))] == 5
