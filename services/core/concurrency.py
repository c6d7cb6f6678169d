"""Optimistic concurrency: each row carries a version; its ETag is that version."""

from __future__ import annotations

from typing import Protocol

from services.core.errors import PreconditionFailed


class Versioned(Protocol):
    version: int


def etag(obj: Versioned) -> str:
    return f'"{obj.version}"'


def check_if_match(obj: Versioned, if_match: str | None) -> None:
    """Refuse a change made against a copy someone else has changed since (lost update)."""
    if if_match is None:
        return
    candidates = {tag.strip().removeprefix("W/") for tag in if_match.split(",")}
    if "*" in candidates or etag(obj) in candidates:
        return
    raise PreconditionFailed(
        "The resource changed since you read it; fetch it again and re-apply your change."
    )
