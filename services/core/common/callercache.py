"""Who a session token or API key belongs to, remembered for a few seconds by this process.

A request then costs no lookup when the same caller came a moment ago. Revocation stays safe:

- in this process, at once: every commit that wrote to a table a caller is made of (users,
  their sessions and memberships, networks, API keys) empties the cache, from the engine's
  events (``watch``), whichever code path or engine made the write;
- in other processes and replicas, within the time to live (``caller_cache_seconds``,
  a few seconds), after which the caller is read from the database again.

A lookup that began before such a commit and ends after it may have read the old rows: it
is not remembered (``generation``). Failed lookups are never remembered, and an entry past
its own expiry (a session's or key's ``expires_at``) is checked by the caller on every use.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import Connection, ExecutionContext
from sqlalchemy.ext.asyncio import AsyncEngine

T = TypeVar("T")

# The tables whose rows decide who a caller is and what they may do; networks because
# deleting one deletes its memberships and keys by cascade, out of sight of these events.
CALLER_TABLES = frozenset({"users", "user_sessions", "memberships", "networks", "api_keys"})
# Marks a write that changes nothing a cached caller holds (a last-use timestamp).
BOOKKEEPING = "drumbeat_caller_bookkeeping"
_WRITE = re.compile(
    r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?)\s+"?(\w+)', re.IGNORECASE
)
_WROTE = "drumbeat_wrote_callers"


@dataclass
class _Entry(Generic[T]):
    value: T
    until: float


class CallerCache(Generic[T]):
    def __init__(self, max_entries: int = 10_000) -> None:
        self.max_entries = max_entries
        self.clock: Callable[[], float] = time.monotonic
        self.generation = 0
        self._entries: dict[str, _Entry[T]] = {}

    def get(self, key: str) -> T | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        if entry.until <= self.clock():
            del self._entries[key]
            return None
        return entry.value

    def put(self, key: str, value: T, seconds: float, *, generation: int) -> None:
        """Remember ``value``, read in the database after ``generation`` was current."""
        if seconds <= 0 or generation != self.generation:
            return
        if len(self._entries) >= self.max_entries:
            del self._entries[next(iter(self._entries))]  # the oldest
        self._entries[key] = _Entry(value, self.clock() + seconds)

    def replace(self, key: str, value: T) -> None:
        """A remembered caller with fresher bookkeeping (its last use), keeping its expiry."""
        entry = self._entries.get(key)
        if entry is not None:
            entry.value = value

    def invalidate(self) -> None:
        self.generation += 1
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


# One per process, shared by every app and engine in it, so that a write through any of
# them reaches it. Keys are token digests, which no two callers share.
callers: CallerCache[Any] = CallerCache()


def _writes_callers(statement: str, context: ExecutionContext | None) -> bool:
    match = _WRITE.match(statement)
    if not match or match.group(1).lower() not in CALLER_TABLES:
        return False
    return not (context is not None and context.execution_options.get(BOOKKEEPING, False))


def watch(engine: AsyncEngine) -> None:
    """Empty ``callers`` whenever a transaction on ``engine`` that wrote a caller's rows
    commits: when the commit begins (lookups already under way are not remembered) and
    again when its connection goes back to the pool (the commit has landed by then)."""
    sync_engine = engine.sync_engine

    @event.listens_for(sync_engine, "after_cursor_execute")
    def _after(
        conn: Connection,
        cursor: Any,
        statement: str,
        parameters: Any,
        context: ExecutionContext | None,
        executemany: bool,
    ) -> None:
        if _writes_callers(statement, context):
            conn.info[_WROTE] = True

    @event.listens_for(sync_engine, "commit")
    def _commit(conn: Connection) -> None:
        if conn.info.get(_WROTE):
            callers.invalidate()

    @event.listens_for(sync_engine, "checkin")
    def _checkin(dbapi_connection: Any, record: Any) -> None:
        if record is not None and record.info.pop(_WROTE, False):
            callers.invalidate()
