from __future__ import annotations

import uuid
from typing import Protocol, TypeVar

from fastapi import APIRouter, Response

from services.api.idempotency import IdempotentRoute
from services.api.problems import WRITE_RESPONSES
from services.core.common.concurrency import Shown, Versioned, etag

T = TypeVar("T")


class _Identified(Protocol):
    @property
    def id(self) -> uuid.UUID: ...


Item = TypeVar("Item", bound=_Identified)

API_PREFIX = "/api/v1"


def router(tag: str) -> APIRouter:
    return APIRouter(
        prefix=API_PREFIX, tags=[tag], route_class=IdempotentRoute, responses=WRITE_RESPONSES
    )


def with_etag(response: Response, obj: Versioned) -> None:
    response.headers["ETag"] = etag(obj)


def tagged(response: Response, shown: Shown[T]) -> T:
    """The item to answer with, its version set as the answer's ETag (reads and edits)."""
    with_etag(response, shown)
    return shown.item


def created(response: Response, location: str, obj: Versioned | None = None) -> None:
    response.status_code = 201
    response.headers["Location"] = API_PREFIX + location
    if obj is not None:
        with_etag(response, obj)


def created_item(response: Response, collection: str, shown: Shown[Item]) -> Item:
    """The answer to a create: 201, the new item's Location in ``collection``, its ETag."""
    created(response, f"/{collection}/{shown.item.id}", shown)
    return shown.item


def shown_once(response: Response) -> None:
    """Mark an answer that carries a secret: no cache keeps it, no idempotent replay repeats it."""
    response.headers["Cache-Control"] = "no-store"
