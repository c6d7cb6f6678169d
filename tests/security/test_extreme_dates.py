"""Extreme dates in every date field of every operation, found in the app's own OpenAPI
document: a new route with a date in its body or query gets the check without a line here.

Each request-body property (nested objects too) and query parameter of format date,
date-time or date-time-local is sent once with a value in the year 1 and once in the year
9999, each of which overflows when converted to UTC or moved by a day. The answer must be a
422 whose errors name that field (pointer for a body, parameter for a query), never a 500 or
an acceptance. The rest of the request is left out: the missing fields add errors of their
own, but the date's must be among them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx

from tests.security import fixtures
from tests.security.estate import build_estate
from tests.support import API, World

# This module's app: offline webhook resolver, generous key rate limit (see fixtures).
app = fixtures.app
security_settings = fixtures.security_settings
offline_resolver = fixtures.offline_resolver

EXTREMES = {
    "date-time": ("0001-01-01T00:00:00+00:01", "9999-12-31T23:00:00-14:00"),
    "date": ("0001-01-01", "9999-12-31"),
    "date-time-local": ("0001-01-01T00:00:00", "9999-12-31T23:00:00"),
}
# What the walk must at least find, so that a broken walk cannot pass by finding nothing.
KNOWN = {
    ("POST", "/networks/{network_id}/activities", "body", "/starts_at"),
    ("POST", "/networks/{network_id}/series", "body", "/dtstart"),
    ("PATCH", "/follow-ups/{follow_up_id}", "body", "/due_on"),
    ("GET", "/networks/{network_id}/insights", "query", "from"),
    ("GET", "/networks/{network_id}/follow-ups", "query", "due_before"),
}


@dataclass(frozen=True)
class DateField:
    method: str
    path: str  # under /api/v1, with {parameters}
    where: str  # body or query
    name: str  # the body's JSON pointer, or the query parameter
    format: str

    def request(self, value: str) -> dict[str, Any]:
        if self.where == "query":
            return {"params": {self.name: value}}
        body: Any = value
        for part in reversed(self.name.strip("/").split("/")):
            body = {part: body}
        return {"json": body}


def _formats(schema: dict[str, Any], components: dict[str, Any]) -> set[str]:
    schema = _resolve(schema, components)
    found = {schema["format"]} if "format" in schema else set()
    for key in ("anyOf", "oneOf", "allOf"):
        for branch in schema.get(key, []):
            found |= _formats(branch, components)
    return found & set(EXTREMES)


def _resolve(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _objects(schema: dict[str, Any], components: dict[str, Any]) -> Iterator[dict[str, Any]]:
    schema = _resolve(schema, components)
    if "properties" in schema:
        yield schema
    for key in ("anyOf", "oneOf", "allOf"):
        for branch in schema.get(key, []):
            yield from _objects(branch, components)


def _body_fields(
    schema: dict[str, Any], components: dict[str, Any], pointer: str = "", depth: int = 0
) -> Iterator[tuple[str, str]]:
    if depth > 5:  # a recursive schema
        return
    for obj in _objects(schema, components):
        for name, prop in obj["properties"].items():
            here = f"{pointer}/{name}"
            for fmt in sorted(_formats(prop, components)):
                yield here, fmt
            yield from _body_fields(prop, components, here, depth + 1)


def date_fields(document: dict[str, Any]) -> list[DateField]:
    components = document.get("components", {}).get("schemas", {})
    found: set[DateField] = set()
    for path, operations in document["paths"].items():
        if not path.startswith(API + "/"):
            continue
        short = path.removeprefix(API)
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") != "query":
                    continue
                for fmt in _formats(parameter.get("schema", {}), components):
                    found.add(DateField(method.upper(), short, "query", parameter["name"], fmt))
            content = operation.get("requestBody", {}).get("content", {})
            for media in content.values():
                for pointer, fmt in _body_fields(media.get("schema", {}), components):
                    found.add(DateField(method.upper(), short, "body", pointer, fmt))
    return sorted(found, key=lambda f: (f.path, f.method, f.where, f.name))


def _names(problem: dict[str, Any]) -> set[str]:
    return {e.get("pointer", e.get("parameter", "")) for e in problem.get("errors") or []}


async def test_extreme_dates_in_every_date_field_are_refused_by_name(world: World) -> None:
    estate = await build_estate(world)
    fields = date_fields(world.app.openapi())
    assert {(f.method, f.path, f.where, f.name) for f in fields} >= KNOWN, fields
    failures = []
    admin = world.people["admin"]  # a site admin passes the role checks after validation
    async with httpx.AsyncClient(
        # A crash becomes the 500 a caller sees, so that every field failing is listed.
        transport=httpx.ASGITransport(app=world.app, raise_app_exceptions=False),
        base_url="http://test",
        headers={"X-CSRF-Token": admin.csrf},
        cookies={world.app.state.settings.session_cookie_name: admin.token},
    ) as client:
        for field in fields:
            url = API + re.sub(r"\{(\w+)\}", lambda m: estate.a(m[1]), field.path)
            for value in EXTREMES[field.format]:
                response = await client.request(field.method, url, **field.request(value))
                named = response.status_code == 422 and field.name in _names(response.json())
                if not named:
                    failures.append(
                        f"{field.method} {field.path} {field.where} {field.name}={value}: "
                        f"{response.status_code} {response.text[:300]}"
                    )
    print(f"extreme dates: {len(fields)} date fields, {2 * len(fields)} requests")
    assert not failures, "\n".join(failures)
