"""Optimistic concurrency: each row carries a version; its ETag is that version."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from services.core.common.errors import PreconditionFailed


class Versioned(Protocol):
    @property
    def version(self) -> int: ...


T = TypeVar("T")


@dataclass(frozen=True)
class Shown(Generic[T]):
    """What a service hands the API for one resource: its response model and the version
    its ETag carries (the model itself may not show the version)."""

    item: T
    version: int


def shown(convert: Callable[[Any], T], obj: Versioned) -> Shown[T]:
    """``obj`` (an ORM object) as its response model, made by ``convert``, with its version."""
    return Shown(convert(obj), obj.version)


def etag(obj: Versioned) -> str:
    return f'"{obj.version}"'


# One element of an RFC 9110 list of entity-tags (§8.8.3; empty elements are allowed), then a
# comma or the end. A comma may sit inside the quotes, so splitting on commas would not do.
_ENTITY_TAG = re.compile(r'\s*(?:(W/)?("[\x21\x23-\x7e\x80-\xff]*"))?\s*(?:,|$)')


def strong_tags(if_match: str) -> set[str]:
    """The strong entity-tags listed in an If-Match value; weak ones can never match it."""
    tags: set[str] = set()
    position = 0
    while position < len(if_match) and if_match[position:].strip():
        found = _ENTITY_TAG.match(if_match, position)
        if found is None or found.end() == position:
            # A malformed list matches nothing rather than whatever part of it parsed.
            return set()
        if found.group(2) is not None and found.group(1) is None:
            tags.add(found.group(2))
        position = found.end()
    return tags


def matches(obj: Versioned, if_match: str) -> bool:
    """If-Match by strong comparison (RFC 9110 §13.1.1): ``*`` or any listed strong tag."""
    if if_match.strip() == "*":
        return True
    return etag(obj) in strong_tags(if_match)


async def check_if_match(session: AsyncSession, obj: Versioned, if_match: str | None) -> None:
    """Make ``obj`` safe to change: ours alone until the transaction ends, and as the caller
    last saw it when they sent If-Match (a lost update is refused).

    The row is re-read under a row lock (SELECT ... FOR UPDATE on PostgreSQL; SQLite's writers
    are already serialised by BEGIN IMMEDIATE), so a concurrent writer waits for this one and
    then sees its version instead of failing the version check at flush: a caller who sent
    no precondition must never get a precondition failure.
    """
    await session.refresh(obj, with_for_update=True)
    if if_match is None or matches(obj, if_match):
        return
    raise PreconditionFailed(
        "The resource changed since you read it; fetch it again and re-apply your change."
    )
