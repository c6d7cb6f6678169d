"""What the route declarations cannot say about the API's headers, added to its document.

A versioned resource is one whose PATCH takes If-Match (the convention: ETag is its version);
its GET and PATCH, and the POST that creates one, answer with its ETag. Deriving this from
the document keeps every such route declared without anyone listing them by hand.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

ETAG_HEADER = {
    "description": "The resource's version; send it back as If-Match to change it safely.",
    "schema": {"type": "string", "examples": ['"3"']},
}


def _json_schema(response: dict[str, Any] | None) -> str | None:
    content = (response or {}).get("content", {}).get("application/json", {})
    ref: str | None = content.get("schema", {}).get("$ref")
    return ref


def _takes_if_match(operation: dict[str, Any] | None) -> bool:
    return any(
        p["in"] == "header" and p["name"].lower() == "if-match"
        for p in (operation or {}).get("parameters", [])
    )


def declare_etags(document: dict[str, Any]) -> None:
    paths: dict[str, dict[str, Any]] = document.get("paths", {})
    versioned: set[str] = set()
    for item in paths.values():
        if not _takes_if_match(item.get("patch")):
            continue
        for method in ("get", "patch"):
            answer = item.get(method, {}).get("responses", {}).get("200")
            if answer is not None:
                answer.setdefault("headers", {})["ETag"] = ETAG_HEADER
                if schema := _json_schema(answer):
                    versioned.add(schema)
    for item in paths.values():
        created = item.get("post", {}).get("responses", {}).get("201")
        if created is not None and _json_schema(created) in versioned:
            created.setdefault("headers", {})["ETag"] = ETAG_HEADER


def install(app: FastAPI) -> None:
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            declare_etags(generate())
        assert app.openapi_schema is not None
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
