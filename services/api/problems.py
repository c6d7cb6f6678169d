"""Every error leaves the API as application/problem+json (RFC 9457)."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request, routing
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from services.core.common.errors import DomainError, TooManyRequests
from services.core.db import dialect

log = logging.getLogger("drumbeat.api")

PROBLEM_JSON = "application/problem+json"
# RFC 9110's names. Python's HTTPStatus adopted them only in 3.13; the titles partners see
# must not change with the interpreter.
_TITLES = {413: "Content Too Large", 422: "Unprocessable Content"}
# Other writers hold the lock for well under a second once imports write in one short
# transaction; a client that waits this long finds the database free again.
BUSY_RETRY_AFTER_SECONDS = 2


class ProblemFieldError(BaseModel):
    pointer: str = Field(
        description="JSON Pointer to the field in the request body, e.g. /ends_at."
    )
    detail: str = Field(description="What is wrong, in English, for developers.")
    code: str = Field(
        description=(
            "A stable machine code for the problem, for clients to show in their reader's "
            "language. Pydantic's error types for the shape of a value (missing, "
            "extra_forbidden, string_too_long, less_than_equal, enum, uuid_parsing, ...), and "
            "Drumbeat's own: ends_before_start, date_out_of_range, invalid_date_time, "
            "time_zone_required, offset_not_allowed, unknown_time_zone, unknown_country, "
            "control_characters, not_nullable, not_found, not_in_network, not_in_future, "
            "slug_taken, name_taken, name_required, password_required, password_too_short, "
            "password_too_common, current_password_required, current_password_wrong, "
            "one_of_user_id_or_email, rrule_invalid, rrule_never_occurs, until_and_ends_on, "
            "window_too_long, reason_required, reason_not_allowed, snooze_needs_acknowledged, "
            "completed_needs_done, cascade_cycle, cascade_too_long, gender_counts_too_high, "
            "url_not_allowed, unknown_column, duplicate_column, missing_column, invalid."
        )
    )


class Problem(BaseModel):
    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: list[ProblemFieldError] | None = None


def problem(
    status: int,
    detail: str,
    *,
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": _TITLES.get(status) or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    if errors:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _pointer(loc: tuple[int | str, ...]) -> tuple[str, str]:
    where, *path = loc or ("body",)
    rendered = "/" + "/".join(str(part) for part in path)
    if where == "body":
        return "pointer", rendered if path else ""
    # Query, path and header problems name the parameter rather than a body location.
    return "parameter", str(path[0]) if path else str(where)


def _json_error(error: dict[str, Any], document: Any) -> dict[str, str]:
    """Malformed JSON: where (line and column, as editors count them) and what went wrong.

    The error's location is a character offset into the body, not a JSON pointer, so the
    problem points at the whole body instead.
    """
    loc = tuple(error.get("loc", ()))
    position = loc[1] if len(loc) > 1 and isinstance(loc[1], int) else None
    reason = str((error.get("ctx") or {}).get("error") or "not valid JSON")
    if position is None or not isinstance(document, str):
        detail = f"the body is not valid JSON: {reason}"
    else:
        line = document.count("\n", 0, position) + 1
        column = position - (document.rfind("\n", 0, position) + 1) + 1
        detail = f"the body is not valid JSON at line {line}, column {column}: {reason}"
    return {"pointer": "", "detail": detail, "code": "json_invalid"}


def _validation_errors(exc: RequestValidationError) -> list[dict[str, str]]:
    errors = []
    for error in exc.errors():
        if error.get("type") == "json_invalid":
            errors.append(_json_error(error, exc.body))
            continue
        key, where = _pointer(tuple(error.get("loc", ())))
        message = str(error.get("msg", "is not valid"))
        if error.get("type") == "extra_forbidden":
            message = "unknown field"
        code = str(error.get("type", "invalid"))
        errors.append({key: where, "detail": message.removeprefix("Value error, "), "code": code})
    return errors


def _methods_at(request: Request) -> set[str]:
    """The methods the API's routes offer at the request's path."""
    flatten = getattr(routing, "iter_route_contexts", None)  # FastAPI >= 0.16x: lazy routers
    routes: list[Any] = list(flatten(request.app.routes)) if flatten else request.app.routes
    methods: set[str] = set()
    for route in routes:
        original = getattr(route, "original_route", route)
        if isinstance(original, routing.APIRoute) and original.include_in_schema:
            match, _ = route.matches(request.scope)
            if match != Match.NONE:
                methods |= set(route.methods or ())
    # HEAD is served wherever GET is (HeadMiddleware), though no route declares it.
    return methods | {"HEAD"} if "GET" in methods else methods


def install(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain(_: Request, exc: DomainError) -> JSONResponse:
        headers = None
        if isinstance(exc, TooManyRequests):
            headers = {"Retry-After": str(exc.retry_after)}
        errors = [{"pointer": e.pointer, "detail": e.detail, "code": e.code} for e in exc.errors]
        return problem(exc.status, exc.detail, errors=errors, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        return problem(422, "The request is not valid.", errors=_validation_errors(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
        headers = dict(exc.headers) if exc.headers else None
        status = exc.status_code
        if status in (404, 405) and request.url.path.startswith("/api/"):
            # The router answers 405 with the methods of the first route it tried only, and the
            # web app's catch-all turns GET on a POST-only API path into a 404: both get the
            # resource's real answer, 405 with every method it supports (RFC 9110).
            allowed = _methods_at(request)
            if allowed and request.method not in allowed:
                status, detail = 405, HTTPStatus(405).phrase
                headers = {**(headers or {}), "Allow": ", ".join(sorted(allowed))}
        return problem(status, detail, headers=headers)

    @app.exception_handler(StaleDataError)
    async def _stale(request: Request, __: StaleDataError) -> JSONResponse:
        # Writes lock the row they change (see check_if_match), so this is a rare race with
        # a writer that does not; only a caller who sent If-Match asked for a precondition.
        if "if-match" in request.headers:
            return problem(
                412, "The resource changed while your change was applied; fetch it and try again."
            )
        return problem(409, "The resource changed while your change was applied; try again.")

    @app.exception_handler(IntegrityError)
    async def _integrity(_: Request, exc: IntegrityError) -> JSONResponse:
        # The constraint that fired is logged for operators, never shown to the caller.
        log.warning("integrity error: %s", exc.orig.__class__.__name__)
        return problem(409, "The change conflicts with existing data; reload and try again.")

    @app.exception_handler(DBAPIError)
    async def _database(_: Request, exc: DBAPIError) -> JSONResponse:
        if not dialect.is_busy(exc):
            log.exception("database error", exc_info=exc)
            return problem(500, "Something went wrong on our side; the error has been logged.")
        # Waiting for other transactions is no fault of the request: the same request succeeds
        # once they are done, so say when to come back instead of failing it for good.
        log.warning("database busy: %s", exc.orig.__class__.__name__)
        return problem(
            503,
            "The database is busy with other changes; try again in a moment.",
            headers={"Retry-After": str(BUSY_RETRY_AFTER_SECONDS)},
        )

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        # Only errors raised in the outer middleware get here; see UnexpectedErrorMiddleware.
        return unexpected(exc)


def unexpected(exc: Exception) -> JSONResponse:
    """The answer to an error nobody expected: logged in full, shown to nobody."""
    log.exception("unhandled error", exc_info=exc)
    return problem(500, "Something went wrong on our side; the error has been logged.")


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": Problem, "content": {PROBLEM_JSON: {}}, "description": description}
    for status, description in {
        400: "Malformed request (e.g. an invalid cursor).",
        401: "No valid credentials.",
        403: "Signed in, but the role is too low (or the CSRF token is missing).",
        404: "Not found, or in a network the caller is not part of.",
        409: "Conflicts with existing data.",
        413: "Request body larger than 1 MiB.",
        422: "The request is not valid; `errors` point at the fields.",
        429: "Too many requests; see Retry-After.",
        503: "The database is busy with other changes; retry after Retry-After seconds.",
    }.items()
}
WRITE_RESPONSES = {
    **ERROR_RESPONSES,
    412: {
        "model": Problem,
        "content": {PROBLEM_JSON: {}},
        "description": "If-Match does not match the current ETag.",
    },
}
