from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import APIRouter, Response

from services.api.idempotency import IdempotentRoute
from services.api.problems import WRITE_RESPONSES
from services.core.common.concurrency import Versioned, etag
from services.core.common.schema import Page

T = TypeVar("T")

API_PREFIX = "/api/v1"


def router(tag: str) -> APIRouter:
    return APIRouter(
        prefix=API_PREFIX, tags=[tag], route_class=IdempotentRoute, responses=WRITE_RESPONSES
    )


def with_etag(response: Response, obj: Versioned) -> None:
    response.headers["ETag"] = etag(obj)


def created(response: Response, location: str, obj: Versioned | None = None) -> None:
    response.status_code = 201
    response.headers["Location"] = API_PREFIX + location
    if obj is not None:
        with_etag(response, obj)


def as_page(page: Page[Any], convert: Callable[[Any], T] | None = None) -> Page[T]:
    """A service's page of rows as the API's page of response models."""
    items = [convert(item) for item in page.items] if convert else list(page.items)
    return Page(items=items, next_cursor=page.next_cursor)


def shown_once(response: Response) -> None:
    """Mark an answer that carries a secret: no cache keeps it, no idempotent replay repeats it."""
    response.headers["Cache-Control"] = "no-store"
