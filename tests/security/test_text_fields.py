"""Control characters in every text field of every request body, generated from the app's own
OpenAPI document: a new route or a new field gets these checks without a line of test code.

A field's JSON Schema says which text it accepts. Free text (a string without enum, const or
format) must carry a ``pattern`` that refuses control characters within it; whether that
pattern accepts a line break says whether the field is one-line text (names, titles, tags,
URLs: a line break there ends up in an email header) or long text (descriptions, notes).

Then every such field, and every email address, is sent once inside an otherwise valid body
(the route matrix's BODIES): one-line fields with a header injection in the middle, long text
with a terminal escape sequence. Each answer must be 422 pointing at exactly that field.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
from fastapi import FastAPI

from tests.security import fixtures
from tests.security.estate import build_estate
from tests.security.test_route_matrix import BODIES
from tests.support import API, World, problem_pointers

# This module's app: offline webhook resolver, generous key rate limit (see fixtures).
app = fixtures.app
security_settings = fixtures.security_settings
offline_resolver = fixtures.offline_resolver

INJECTED_LINE = "Budget\r\nBcc: victim@example.org"
INJECTED_TEXT = "Line one\n\x1b[2J\x1b[31mline two"
# Strings whose format the server parses strictly: not text, so no pattern is needed.
PARSED_FORMATS = {"uuid", "date", "date-time", "date-time-local"}
# Free text that may hold any character, and why.
OPAQUE = {
    "/password": "a secret, compared as given; never shown, logged or put in a header",
    "/current_password": "a secret, compared as given; never shown, logged or put in a header",
}


@dataclass(frozen=True)
class TextField:
    method: str
    path: str  # under /api/v1, as in the route matrix
    pointer: str  # in the request body; arrays as their first item, /tags/0
    schema: dict[str, Any]

    @property
    def label(self) -> str:
        return f"{self.method} {self.path} {self.pointer}"

    @property
    def one_line(self) -> bool:
        pattern = self.schema.get("pattern")
        return pattern is None or re.search(pattern, "a\nb") is None


def _resolve(doc: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].removeprefix("#/components/schemas/")
        schema = doc["components"]["schemas"][name]
    return schema


def _strings(
    doc: dict[str, Any], schema: dict[str, Any], pointer: str
) -> Iterator[tuple[str, dict[str, Any]]]:
    schema = _resolve(doc, schema)
    for branch in schema.get("anyOf", []) + schema.get("oneOf", []) + schema.get("allOf", []):
        yield from _strings(doc, branch, pointer)
    kind = schema.get("type")
    if kind == "object":
        for name, prop in schema.get("properties", {}).items():
            yield from _strings(doc, prop, f"{pointer}/{name}")
    elif kind == "array" and "items" in schema:
        yield from _strings(doc, schema["items"], f"{pointer}/0")
    elif kind == "string" and "enum" not in schema and "const" not in schema:
        yield pointer, schema


def text_fields(doc: dict[str, Any]) -> list[TextField]:
    """Every string in every JSON request body of the document, but enums and parsed formats."""
    found: dict[str, TextField] = {}
    for path, item in doc["paths"].items():
        for method in ("post", "put", "patch"):
            body = item.get(method, {}).get("requestBody", {})
            schema = body.get("content", {}).get("application/json", {}).get("schema")
            if schema is None:
                continue
            for pointer, string in _strings(doc, schema, ""):
                if string.get("format") in PARSED_FORMATS or pointer in OPAQUE:
                    continue
                field = TextField(method.upper(), path.removeprefix(API), pointer, string)
                found.setdefault(field.label, field)
    return list(found.values())


def test_every_free_text_field_says_it_refuses_control_characters(app: FastAPI) -> None:
    fields = text_fields(app.openapi())
    labels = {field.label for field in fields}
    # The walk sees what it must: top-level, nullable, list items and long text.
    assert {
        "PATCH /networks/{network_id} /name",
        "POST /networks/{network_id}/activities /themes/0",
        "PATCH /organisations/{organisation_id} /iati_identifier",
        "POST /networks/{network_id}/reflections /body",
    } <= labels
    silent = []
    for field in fields:
        if field.schema.get("format") == "email":
            continue  # an address: its own grammar, which has no room for control characters
        pattern = field.schema.get("pattern")
        if pattern is None or re.search(pattern, "a\x1bb") or re.search(pattern, "a\x00b"):
            silent.append(field.label)
    assert not silent, (
        "free text that does not refuse control characters (use a text type of "
        "services.core.common.schema, or list the field in OPAQUE with the reason):\n"
        + "\n".join(silent)
    )
    assert any(field.one_line for field in fields) and not all(f.one_line for f in fields)


def _place(node: Any, parts: list[str], value: str) -> Any:
    """``node`` with ``value`` at the path ``parts``; a list becomes that one item."""
    if not parts:
        return value
    head, rest = parts[0], parts[1:]
    if head == "0":
        return [_place(None, rest, value)]
    mapping = dict(node) if isinstance(node, dict) else {}
    mapping[head] = _place(mapping.get(head), rest, value)
    return mapping


async def test_every_text_field_refuses_control_characters_with_its_pointer(
    world: World,
) -> None:
    estate = await build_estate(world)
    fields = text_fields(world.app.openapi())
    wrong: list[str] = []
    async with world.client("admin") as client:
        for field in fields:
            maker = BODIES.get((field.method, field.path))
            assert maker is not None, f"{field.method} {field.path}: no valid body in BODIES"
            base = await maker(estate)
            assert isinstance(base, dict)
            value = INJECTED_LINE if field.one_line else INJECTED_TEXT
            url = API + field.path.format(**estate.ids["A"])
            response: httpx.Response = await client.request(
                field.method, url, json=_place(base, field.pointer.strip("/").split("/"), value)
            )
            if response.status_code != 422 or problem_pointers(response) != [field.pointer]:
                wrong.append(f"{field.label}: {response.status_code} {response.text[:300]}")
    print(f"control characters: {len(fields)} text fields, one request each")
    assert not wrong, "\n".join(wrong)
