"""Keyset pagination with opaque cursors.

A cursor holds the sort key of the last row served; the next page is "rows strictly after
that key" under a total order (the key always ends with the unique id), so rows inserted
between two requests can never cause a duplicate or a gap.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, TypeDecorator, and_, or_
from sqlalchemy.orm import InstrumentedAttribute

from services.core.common.errors import DomainError

# The one page type; re-exported, as the services take it from here with paginate.
from services.core.common.schema import Page as Page

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class InvalidCursor(DomainError):
    status = 400


def _encode_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"t": value.isoformat()}
    if isinstance(value, dt.date):
        return {"d": value.isoformat()}
    if isinstance(value, uuid.UUID):
        return {"u": str(value)}
    return value


def _decode_value(value: Any) -> Any:
    if isinstance(value, dict):
        if "t" in value:
            instant = dt.datetime.fromisoformat(value["t"])
            if instant.tzinfo is None:
                raise ValueError("naive date-time")
            return instant
        if "d" in value:
            return dt.date.fromisoformat(value["d"])
        if "u" in value:
            return uuid.UUID(value["u"])
    return value


def encode_cursor(values: Sequence[Any]) -> str:
    raw = json.dumps([_encode_value(v) for v in values], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, width: int) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
        if not isinstance(values, list) or len(values) != width:
            raise ValueError
        return [_decode_value(v) for v in values]
    except (ValueError, TypeError, KeyError) as exc:
        raise InvalidCursor("The cursor is not valid; start again without it.") from exc


def _check_types(columns: Sequence[InstrumentedAttribute[Any]], values: Sequence[Any]) -> None:
    # A cursor is client input: a value of the wrong type (a hand-made or another list's
    # cursor) must be a 400, not a database error.
    for column, value in zip(columns, values, strict=True):
        sql_type = column.type
        if isinstance(sql_type, TypeDecorator):
            sql_type = sql_type.impl_instance
        if type(value) is not sql_type.python_type:
            raise InvalidCursor("The cursor is not valid; start again without it.")


def _after(
    columns: Sequence[InstrumentedAttribute[Any]], values: Sequence[Any], descending: bool
) -> Any:
    # (a, b, c) > (x, y, z) spelled out, because row-value comparison is not portable.
    clauses = []
    for i, column in enumerate(columns):
        equal = [columns[j] == values[j] for j in range(i)]
        beyond = column < values[i] if descending else column > values[i]
        clauses.append(and_(*equal, beyond))
    if values[0] is None:
        return or_(*clauses)
    # The OR alone bounds no index column, so the database would walk the index from the
    # first row and filter out every row of the pages before: a page cost as much as its
    # depth. "a >= x" (implied by the OR) lets the index scan start at the cursor.
    first = columns[0] <= values[0] if descending else columns[0] >= values[0]
    return and_(first, or_(*clauses))


async def paginate(
    session: Any,
    stmt: Select[Any],
    order_by: Sequence[InstrumentedAttribute[Any]],
    *,
    limit: int,
    cursor: str | None,
    descending: bool = False,
    plain: bool = False,
) -> Page[Any]:
    """Run ``stmt`` ordered by ``order_by``, one page.

    ``stmt`` selects one entity, and the page holds its objects; or, with ``plain``, columns,
    and the page holds rows, read by attribute like the objects but without the cost of
    building and tracking them.
    """
    if cursor:
        values = decode_cursor(cursor, len(order_by))
        _check_types(order_by, values)
        stmt = stmt.where(_after(order_by, values, descending))
    ordering = [c.desc() for c in order_by] if descending else list(order_by)
    stmt = stmt.order_by(*ordering).limit(limit + 1)
    if plain:
        rows = list((await session.execute(stmt)).all())
    else:
        rows = list((await session.scalars(stmt)).unique().all())
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        next_cursor = encode_cursor([getattr(last, c.key) for c in order_by])
    return Page[Any].model_construct(items=rows, next_cursor=next_cursor)
