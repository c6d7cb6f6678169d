"""A shared fixed-window limit that does not write to the database on every request.

Every replica counts hits in memory and adds them to the shared ``rate_counters`` row in one
upsert now and then, learning the total all replicas have written so far. A replica decides
with the last total it learned plus what it has not written yet, so it may let a few more
requests through than the limit allows: at most ``slack`` per replica between two writes.
``slack`` is a twentieth of the limit, and never more than a quarter of what the last known
total leaves, so a small limit (or one nearly used up) is counted exactly, with a write per
hit. Once the shared total is past the limit, the scope is refused until its window ends, and
only the periodic write is left. A replica writes on its first hit in a window and then at
least every ``flush_seconds``, so the other replicas soon see its count.

Hits of one scope never wait for each other's write: while one request writes, others count
in memory (asyncio runs one of them at a time, so no lock is needed around the fields).

A hit with ``wait=False`` (a read request, which must never queue for the database's write
lock) asks for a write that gives up at once when another writer holds the lock; its hits
then stay in memory, still counted here, and go out with the next write that gets through.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from services.core.ratelimit.service import Window, resets_in, window_start

# Adds ``pending`` hits to ``scope``'s row for the window and returns the row's new total;
# with wait False, None instead of waiting when the database is busy with another writer.
Flush = Callable[[str, dt.datetime, int, bool], Awaitable[int | None]]


@dataclass
class _Scope:
    window: dt.datetime
    known: int = 0  # the shared total after this replica's last write
    pending: int = 0  # hits counted here and not written yet
    writing: int = 0  # hits in a write that has not returned yet
    flushed_at: float | None = None  # monotonic time of this replica's last write


class BatchedLimit:
    def __init__(
        self, flush: Flush, *, limit: int, seconds: int, flush_seconds: float = 1.0
    ) -> None:
        self._flush = flush
        self.limit = limit
        self.seconds = seconds
        self.flush_seconds = flush_seconds
        self._scopes: dict[str, _Scope] = {}

    def slack(self, known: int) -> int:
        """How many hits may wait in memory, given the shared total last learned."""
        if known >= self.limit:
            return self.limit  # refused until the window ends: writing more changes nothing
        return min(self.limit // 20, (self.limit - known) // 4)

    async def hit(self, scope: str, now: dt.datetime, *, wait: bool = True) -> Window:
        start = window_start(now, self.seconds)
        state = self._scopes.get(scope)
        if state is None or state.window != start:
            state = self._scopes[scope] = _Scope(window=start)
            self._forget_old(start)
        state.pending += 1
        due = state.flushed_at is None or time.monotonic() - state.flushed_at >= self.flush_seconds
        if not state.writing and (due or state.pending > self.slack(state.known)):
            await self._write(scope, state, wait)
        count = state.known + state.writing + state.pending
        return Window(count=count, limit=self.limit, resets_in=resets_in(now, start, self.seconds))

    async def _write(self, scope: str, state: _Scope, wait: bool) -> None:
        state.writing, state.pending = state.pending, 0
        try:
            total = await self._flush(scope, state.window, state.writing, wait)
        except BaseException:
            state.pending += state.writing  # written next time; the request still fails
            raise
        finally:
            writing, state.writing = state.writing, 0
        if total is None:
            # Not written: still due, so the next hit tries again.
            state.pending += writing
            return
        state.known = max(state.known, total)
        state.flushed_at = time.monotonic()

    def _forget_old(self, current: dt.datetime) -> None:
        """Windows that ended lose their unwritten hits: they no longer limit anything."""
        for scope in [s for s, st in self._scopes.items() if st.window < current]:
            del self._scopes[scope]
