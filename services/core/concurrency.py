"""Optimistic concurrency: each row carries a version; its ETag is that version."""

from __future__ import annotations

from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from services.core.errors import PreconditionFailed


class Versioned(Protocol):
    version: int


def etag(obj: Versioned) -> str:
    return f'"{obj.version}"'


async def check_if_match(session: AsyncSession, obj: Versioned, if_match: str | None) -> None:
    """Make ``obj`` safe to change: ours alone until the transaction ends, and as the caller
    last saw it when they sent If-Match (a lost update is refused).

    The row is re-read under a row lock (SELECT ... FOR UPDATE on PostgreSQL; SQLite's writers
    are already serialised by BEGIN IMMEDIATE), so a concurrent writer waits for this one and
    then sees its version instead of failing the version check at flush: a caller who sent
    no precondition must never get a precondition failure.
    """
    await session.refresh(obj, with_for_update=True)
    if if_match is None:
        return
    candidates = {tag.strip().removeprefix("W/") for tag in if_match.split(",")}
    if "*" in candidates or etag(obj) in candidates:
        return
    raise PreconditionFailed(
        "The resource changed since you read it; fetch it again and re-apply your change."
    )
