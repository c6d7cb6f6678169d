"""The floor for bench/api.py: the API's SQL and JSON on bare Starlette and asyncpg.

For every endpoint bench/api.py measures, this app sends PostgreSQL the statements the API
sends (the text SQLAlchemy compiles, in the same order and transactions; bench/api.py checks
that before it measures) and answers the same JSON, with nothing else: no authentication, no
rate limit, no validation, no ORM, no FastAPI, no middleware. What it reaches is the most this
stack (uvicorn, asyncpg, PostgreSQL, the standard json module) can do for these requests.

The one exception is insights: its service runs a dozen aggregate queries and then computes
rates, medians, a Gini coefficient and recurrence expansions in Python, so the floor calls the
same service function, on a SQLAlchemy session but without FastAPI, authentication or
validation of the query string.

The create endpoint follows the path of the benchmark's body (organisations, no series, no
cascade, a network without webhook endpoints); anything else answers 500, never something
different from the API.

    .venv/bin/python bench/floor.py --url postgresql+asyncpg://... [--port 8011]
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import json
import os
import sys
import uuid
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from functools import cache
from pathlib import Path
from typing import Any

import asyncpg
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.dataset import rendered
from services.core.db.types import uuid7

# --- The statements, as SQLAlchemy's asyncpg dialect renders them for the API. -------------

ACTIVITY_COLUMNS = rendered("activities")
_SELECT_ACTIVITIES = (
    "SELECT " + ", ".join(f"activities.{c}" for c in ACTIVITY_COLUMNS) + " \nFROM activities \n"
)
_NEWEST_FIRST = "ORDER BY activities.starts_at DESC, activities.id DESC \n LIMIT "
LIST_ACTIVITIES = (
    _SELECT_ACTIVITIES + "WHERE activities.network_id = $1::UUID " + _NEWEST_FIRST + "$2::INTEGER"
)
LIST_ACTIVITIES_AFTER = (
    _SELECT_ACTIVITIES
    + "WHERE activities.network_id = $1::UUID AND activities.starts_at <= "
    + "$2::TIMESTAMP WITH TIME ZONE AND (activities.starts_at < $3::TIMESTAMP WITH TIME ZONE "
    + "OR activities.starts_at = $4::TIMESTAMP WITH TIME ZONE AND activities.id < $5::UUID) "
    + _NEWEST_FIRST
    + "$6::INTEGER"
)
GET_ACTIVITY = _SELECT_ACTIVITIES + "WHERE activities.id = $1::UUID"
_SELECT_LINKS = (
    "SELECT activity_organisations.activity_id, activity_organisations.organisation_id, "
    "activity_organisations.role \nFROM activity_organisations \n"
)
LINKS_OF_ROLE = (
    _SELECT_LINKS + "WHERE activity_organisations.activity_id = $1::UUID "
    "AND activity_organisations.role = $2::VARCHAR"
)
INSERT_ACTIVITY = (
    "INSERT INTO activities ("
    + ", ".join(ACTIVITY_COLUMNS)
    + ") VALUES ("
    + ", ".join(
        f"${i}::{t}"
        for i, t in enumerate(
            [
                "UUID",
                *["VARCHAR"] * 5,
                *["TIMESTAMP WITH TIME ZONE"] * 2,
                *["VARCHAR"] * 2,
                *["JSONB"] * 3,
                "INTEGER",
                "JSONB",
                *["UUID"] * 2,
                "BOOLEAN",
                "UUID",
                "INTEGER",
                "UUID",
                *["TIMESTAMP WITH TIME ZONE"] * 2,
            ],
            start=1,
        )
    )
    + ")"
)
INSERT_LINK = (
    "INSERT INTO activity_organisations (activity_id, organisation_id, role) "
    "VALUES ($1::UUID, $2::UUID, $3::VARCHAR)"
)
INSERT_AUDIT = (
    "INSERT INTO audit_events (network_id, actor_type, actor_id, actor_label, action, entity, "
    "entity_id, changes, at, id) VALUES ($1::UUID, $2::VARCHAR, $3::UUID, $4::VARCHAR, "
    "$5::VARCHAR, $6::VARCHAR, $7::UUID, $8::JSONB, $9::TIMESTAMP WITH TIME ZONE, $10::UUID)"
)
WEBHOOK_SUBSCRIBERS = (
    "SELECT webhook_endpoints.network_id, webhook_endpoints.url, webhook_endpoints.secret, "
    "webhook_endpoints.event_types, webhook_endpoints.active, webhook_endpoints.disabled_reason, "
    "webhook_endpoints.consecutive_failures, webhook_endpoints.created_by, "
    "webhook_endpoints.version, webhook_endpoints.id, webhook_endpoints.created_at, "
    "webhook_endpoints.updated_at \nFROM webhook_endpoints \n"
    "WHERE webhook_endpoints.network_id = $1::UUID AND webhook_endpoints.active IS true AND "
    "(webhook_endpoints.event_types @> jsonb_build_array(CAST($2::VARCHAR AS VARCHAR))) "
    "ORDER BY webhook_endpoints.id"
)
FINDING_COLUMNS = (
    "network_id",
    "kind",
    "status",
    "condition_key",
    "activity_id",
    "follow_up_id",
    "series_id",
    "expected_on",
    "arose_at",
    "opened_at",
    "resolved_at",
    "snoozed_until",
    "dismissed_reason",
    "version",
    "id",
    "created_at",
    "updated_at",
)
LIST_FINDINGS = (
    "SELECT "
    + ", ".join(f"findings.{c}" for c in FINDING_COLUMNS)
    + " \nFROM findings \nWHERE findings.network_id = $1::UUID "
    + "ORDER BY findings.opened_at DESC, findings.id DESC \n LIMIT $2::INTEGER"
)


@cache
def links_of(count: int) -> str:
    """Every link of ``count`` activities (SQLAlchemy expands IN to one parameter per id)."""
    params = ", ".join(f"${i}::UUID" for i in range(1, count + 1))
    return (
        _SELECT_LINKS + f"WHERE activity_organisations.activity_id IN ({params}) "
        "ORDER BY activity_organisations.organisation_id"
    )


@cache
def organisations_in_network(count: int) -> str:
    params = ", ".join(f"${i}::UUID" for i in range(2, count + 2))
    return (
        "SELECT organisations.id \nFROM organisations \n"
        f"WHERE organisations.network_id = $1::UUID AND organisations.id IN ({params})"
    )


# --- JSON as the API writes it. -------------------------------------------------------------


def _time(value: dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat().replace("+00:00", "Z")


def _id(value: uuid.UUID | None) -> str | None:
    return None if value is None else str(value)


def _json(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def encode_cursor(moment: dt.datetime, row_id: uuid.UUID) -> str:
    raw = json.dumps([{"t": moment.isoformat()}, {"u": str(row_id)}], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[dt.datetime, uuid.UUID]:
    moment, row_id = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    return dt.datetime.fromisoformat(moment["t"]), uuid.UUID(row_id["u"])


Links = dict[uuid.UUID, dict[str, list[str]]]


def activity_json(row: Any, links: Links) -> dict[str, Any]:
    mine = links.get(row["id"], {})
    return {
        "id": str(row["id"]),
        "network_id": str(row["network_id"]),
        "title": row["title"],
        "description": row["description"],
        "kind": row["kind"],
        "modality": row["modality"],
        "status": row["status"],
        "starts_at": _time(row["starts_at"]),
        "ends_at": _time(row["ends_at"]),
        "location": row["location"],
        "country": row["country"],
        "capacity_areas": _json(row["capacity_areas"]),
        "skill_kinds": _json(row["skill_kinds"]),
        "themes": _json(row["themes"]),
        "facilitator_ids": mine.get("facilitator", []),
        "participant_ids": mine.get("participant", []),
        "participants_count": row["participants_count"],
        "participants_by_gender": _json(row["participants_by_gender"]),
        "series_id": _id(row["series_id"]),
        "cascade_of": _id(row["cascade_of"]),
        "follow_up_expected": row["follow_up_expected"],
        "created_by": _id(row["created_by"]),
        "created_at": _time(row["created_at"]),
        "updated_at": _time(row["updated_at"]),
    }


def finding_json(row: Any) -> dict[str, Any]:
    expected_on = row["expected_on"]
    return {
        "id": str(row["id"]),
        "network_id": str(row["network_id"]),
        "kind": row["kind"],
        "status": row["status"],
        "activity_id": _id(row["activity_id"]),
        "follow_up_id": _id(row["follow_up_id"]),
        "series_id": _id(row["series_id"]),
        "expected_on": None if expected_on is None else expected_on.isoformat(),
        "arose_at": _time(row["arose_at"]),
        "opened_at": _time(row["opened_at"]),
        "resolved_at": _time(row["resolved_at"]),
        "snoozed_until": _time(row["snoozed_until"]),
        "dismissed_reason": row["dismissed_reason"],
        "updated_at": _time(row["updated_at"]),
    }


async def organisations_of(conn: asyncpg.Connection, ids: Sequence[uuid.UUID]) -> Links:
    links: Links = {}
    if ids:
        for link in await conn.fetch(links_of(len(ids)), *ids):
            mine = links.setdefault(link["activity_id"], {"facilitator": [], "participant": []})
            mine[link["role"]].append(str(link["organisation_id"]))
    return links


# --- Endpoints. -----------------------------------------------------------------------------


def _pool(request: Request) -> asyncpg.Pool:
    pool: asyncpg.Pool = request.app.state.pool
    return pool


async def list_activities(request: Request) -> Response:
    network_id = uuid.UUID(request.path_params["network_id"])
    limit = int(request.query_params.get("limit", 50))
    cursor = request.query_params.get("cursor")
    async with _pool(request).acquire() as conn, conn.transaction():
        if cursor:
            moment, last = decode_cursor(cursor)
            params = (network_id, moment, moment, moment, last, limit + 1)
            rows = await conn.fetch(LIST_ACTIVITIES_AFTER, *params)
        else:
            rows = await conn.fetch(LIST_ACTIVITIES, network_id, limit + 1)
        next_cursor = None
        if len(rows) > limit:
            rows = rows[:limit]
            next_cursor = encode_cursor(rows[-1]["starts_at"], rows[-1]["id"])
        links = await organisations_of(conn, [row["id"] for row in rows])
    items = [activity_json(row, links) for row in rows]
    return JSONResponse({"items": items, "next_cursor": next_cursor})


async def get_activity(request: Request) -> Response:
    activity_id = uuid.UUID(request.path_params["activity_id"])
    async with _pool(request).acquire() as conn, conn.transaction():
        row = await conn.fetchrow(GET_ACTIVITY, activity_id)
        if row is None:
            return JSONResponse({"detail": "no such activity"}, status_code=404)
        links = await organisations_of(conn, [activity_id])
    return JSONResponse(activity_json(row, links), headers={"ETag": f'"{row["version"]}"'})


def _audit(
    network_id: uuid.UUID, entity: str, entity_id: uuid.UUID, changes: str
) -> tuple[Any, ...]:
    """An audit event's columns but its id, as the API's flush writes them (no actor here)."""
    now = dt.datetime.now(dt.UTC)
    return (network_id, "api_key", None, "bench floor", "create", entity, entity_id, changes, now)


def _plain(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return value


def _link_changes(activity_id: uuid.UUID, org_id: uuid.UUID, role: str) -> str:
    return json.dumps(
        {"activity_id": str(activity_id), "organisation_id": str(org_id), "role": role}
    )


async def _add_links(
    conn: asyncpg.Connection,
    network_id: uuid.UUID,
    activity_id: uuid.UUID,
    role: str,
    org_ids: list[uuid.UUID],
) -> None:
    """What the unit of work flushes for new links: the rows, then their audit events."""
    links = [(activity_id, org, role) for org in org_ids]
    audits = [
        (
            *_audit(network_id, "activity_organisation", activity_id, _link_changes(*link)),
            uuid7(),
        )
        for link in links
    ]
    if len(links) == 1:
        await conn.execute(INSERT_LINK, *links[0])
        await conn.execute(INSERT_AUDIT, *audits[0])
    elif links:
        await conn.executemany(INSERT_LINK, links)
        await conn.executemany(INSERT_AUDIT, audits)


def _unique(ids: Iterable[str]) -> list[uuid.UUID]:
    return list(dict.fromkeys(uuid.UUID(i) for i in ids))


async def create_activity(request: Request) -> Response:
    network_id = uuid.UUID(request.path_params["network_id"])
    body = json.loads(await request.body())
    facilitators = _unique(body.pop("facilitator_ids", []))
    participants = _unique(body.pop("participant_ids", []))
    if body.get("series_id") or body.get("cascade_of"):
        return JSONResponse({"detail": "the floor does not check series or cascades"}, 500)
    now = dt.datetime.now(dt.UTC)
    values: dict[str, Any] = {
        "network_id": network_id,
        "title": body["title"],
        "description": body.get("description", ""),
        "kind": body["kind"],
        "modality": body.get("modality", "in_person"),
        "status": body.get("status", "planned"),
        "starts_at": dt.datetime.fromisoformat(body["starts_at"]),
        "ends_at": dt.datetime.fromisoformat(body["ends_at"]),
        "location": body.get("location", ""),
        "country": body.get("country"),
        "capacity_areas": body.get("capacity_areas", []),
        "skill_kinds": body.get("skill_kinds", []),
        "themes": body.get("themes", []),
        "participants_count": body.get("participants_count"),
        "participants_by_gender": body.get("participants_by_gender"),
        "series_id": None,
        "cascade_of": None,
        "follow_up_expected": body.get("follow_up_expected", True),
        "created_by": None,
        "version": 1,
        "id": uuid7(),
        "created_at": now,
        "updated_at": now,
    }
    activity_id = values["id"]
    json_columns = ("capacity_areas", "skill_kinds", "themes", "participants_by_gender")
    params = [json.dumps(values[c]) if c in json_columns else values[c] for c in ACTIVITY_COLUMNS]
    snapshot = {
        c: _plain(values[c])
        for c in ACTIVITY_COLUMNS
        if c not in ("version", "created_at", "updated_at")
    }
    async with _pool(request).acquire() as conn, conn.transaction():
        for ids in (facilitators, participants):
            if ids:
                await conn.fetch(organisations_in_network(len(ids)), network_id, *ids)
        await conn.execute(INSERT_ACTIVITY, *params)
        await conn.execute(
            INSERT_AUDIT,
            *_audit(network_id, "activity", activity_id, json.dumps(snapshot)),
            uuid7(),
        )
        await conn.fetch(LINKS_OF_ROLE, activity_id, "facilitator")
        # The participants' query autoflushes the facilitators first, as in the API.
        await _add_links(conn, network_id, activity_id, "facilitator", facilitators)
        await conn.fetch(LINKS_OF_ROLE, activity_id, "participant")
        await _add_links(conn, network_id, activity_id, "participant", participants)
        await organisations_of(conn, [activity_id])  # the webhook event's payload
        if await conn.fetch(WEBHOOK_SUBSCRIBERS, network_id, "activity.created"):
            raise RuntimeError("the floor does not emit webhook events")
        links = await organisations_of(conn, [activity_id])
    row = {**values, **{c: params[ACTIVITY_COLUMNS.index(c)] for c in json_columns}}
    return JSONResponse(
        activity_json(row, links),
        status_code=201,
        headers={"Location": f"/api/v1/activities/{activity_id}", "ETag": '"1"'},
    )


async def list_findings(request: Request) -> Response:
    network_id = uuid.UUID(request.path_params["network_id"])
    limit = int(request.query_params.get("limit", 50))
    async with _pool(request).acquire() as conn, conn.transaction():
        rows = await conn.fetch(LIST_FINDINGS, network_id, limit + 1)
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor(rows[-1]["opened_at"], rows[-1]["id"])
    return JSONResponse({"items": [finding_json(r) for r in rows], "next_cursor": next_cursor})


async def insights(request: Request) -> Response:
    from services.core.common.authz import Principal, Role
    from services.core.insights import service
    from services.core.insights.schemas import InsightsQuery

    network_id = uuid.UUID(request.path_params["network_id"])
    principal = Principal(user_id=None, roles={network_id: Role.viewer})
    async with request.app.state.sessionmaker() as session, session.begin():
        result = await service.network_insights(session, principal, network_id, InsightsQuery())
    return Response(result.model_dump_json(by_alias=True), media_type="application/json")


async def healthz(_: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def _keep(_: asyncpg.Connection) -> None:
    """Every statement ran in a transaction that ended: there is nothing to reset."""


def create_app(url: str, **pool_options: Any) -> Starlette:
    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        from sqlalchemy.engine import make_url
        from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

        dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        # As many connections as the API's pool may open (pool_size 10 + max_overflow 10).
        app.state.pool = await asyncpg.create_pool(
            dsn, min_size=10, max_size=20, reset=_keep, **pool_options
        )
        engine = create_async_engine(url, pool_size=10, max_overflow=10)
        app.state.sessionmaker = async_sessionmaker(engine, expire_on_commit=False)
        try:
            yield
        finally:
            await app.state.pool.close()
            await engine.dispose()

    return Starlette(
        routes=[
            Route("/healthz", healthz),
            Route("/api/v1/networks/{network_id}/activities", list_activities),
            Route("/api/v1/networks/{network_id}/activities", create_activity, methods=["POST"]),
            Route("/api/v1/activities/{activity_id}", get_activity),
            Route("/api/v1/networks/{network_id}/findings", list_findings),
            Route("/api/v1/networks/{network_id}/insights", insights),
        ],
        lifespan=lifespan,
    )


def main() -> None:
    import uvicorn

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True, help="SQLAlchemy URL of the database")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8011)
    parser.add_argument("--workers", type=int, default=1, help="processes, as drumbeat api's")
    args = parser.parse_args()
    # Read by from_environment in each process uvicorn starts.
    os.environ[URL_VARIABLE] = args.url
    # The same server settings as `drumbeat api` (uvloop and httptools when installed).
    uvicorn.run(
        "bench.floor:from_environment",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        timeout_worker_healthcheck=30,  # as drumbeat api: slow starts on a busy machine
        log_level="warning",
        access_log=False,
    )


URL_VARIABLE = "DRUMBEAT_BENCH_FLOOR_URL"


def from_environment() -> Starlette:
    return create_app(os.environ[URL_VARIABLE])


if __name__ == "__main__":
    main()
