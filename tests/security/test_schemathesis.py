"""Property-based conformance of the whole API against its own OpenAPI document (schemathesis).

Every operation of /api/v1/openapi.json is called through the ASGI app (no network) as network
A's coordinator (session cookie + X-CSRF-Token, applied by an auth provider so that the
`ignored_auth` check can also replay each successful request without and with wrong
credentials), with data generated from the document: valid data (positive) and data that
breaks it (negative). Path parameters are either generated or, half of the time, the ids of
real objects of network A, so the operations are exercised past their 404s.

Every response goes through all of schemathesis's checks (the default of
Case.validate_response): not_a_server_error, status_code_conformance, content_type_conformance,
response_headers_conformance, response_schema_conformance, negative_data_rejection,
positive_data_acceptance and ignored_auth judge every case; missing_required_header,
unsupported_method and allow_header_conformance judge the cases of the coverage phase, which
is opt-in (DRUMBEAT_SCHEMATHESIS_COVERAGE=1: some 3 900 more cases); use_after_free,
ensure_resource_availability and object_level_authorization need a recorded stateful scenario
and pass single calls through. positive_data_acceptance failures are dropped only for the
rules listed in SEMANTIC_RULES and GENERAL_RULES, which JSON Schema cannot state.

Nothing is excluded. POST /auth/logout would end the session every later case relies on, so
each logout case gets a session of its own (spare sessions made up front). Operations run
reads first and deletions last, so that most cases still find the real objects they aim at.
"""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import hypothesis
import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, Phase
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.core.failures import FailureGroup
from schemathesis.openapi.checks import RejectedPositiveData
from schemathesis.python import asgi

from services.core.settings import Settings
from tests.security import fixtures
from tests.security.estate import Estate, build_estate
from tests.support import World

# This module's app: offline webhook resolver, generous key rate limit (see fixtures).
app = fixtures.app
security_settings = fixtures.security_settings
offline_resolver = fixtures.offline_resolver

# Per operation; DRUMBEAT_SCHEMATHESIS_EXAMPLES="60,40" digs deeper (minutes, not seconds).
POSITIVE_EXAMPLES, NEGATIVE_EXAMPLES = (
    int(n) for n in os.environ.get("DRUMBEAT_SCHEMATHESIS_EXAMPLES", "12,8").split(",")
)
# DRUMBEAT_SCHEMATHESIS_COVERAGE=1 adds schemathesis's coverage phase (see _run_coverage).
COVERAGE = bool(os.environ.get("DRUMBEAT_SCHEMATHESIS_COVERAGE"))
SPARE_SESSIONS = 2 * (POSITIVE_EXAMPLES + NEGATIVE_EXAMPLES) + (100 if COVERAGE else 0)
METHOD_ORDER = {"GET": 0, "POST": 1, "PATCH": 2, "PUT": 2, "DELETE": 3}
LOGOUT = "/api/v1/auth/logout"


@dataclass
class Run:
    examples: int = 0
    operations: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)


# A series' dtstart is a wall-clock time without offset (OpenAPI format registry: date-time-local).
schemathesis.openapi.format(
    "date-time-local",
    st.datetimes().map(lambda moment: moment.replace(microsecond=0).isoformat()),
)

# What a request may be refused for although the document allows it: rules that JSON Schema
# cannot state (across fields, against a registry, the clock, DNS or the database), keyed by the
# problem's pointer (body) or parameter (query). A valid request refused for anything else, or
# refused without saying which field broke which rule, is a finding.
SEMANTIC_RULES: dict[str, str] = {
    "/ends_at": "ends_at must not be before starts_at (two fields)",
    "to": "a window's end after its start, and not too far after (two query parameters)",
    "/timezone": "an IANA time zone: the tz database is not an enum in the document",
    "/rrule": "the RFC 5545 RRULE grammar",
    "/country": "a code of the ISO 3166-1 alpha-2 list",
    "country": "a code of the ISO 3166-1 alpha-2 list (filter)",
    "/expires_at": "in the future (depends on the clock)",
    "/snoozed_until": "in the future, and only with status acknowledged (clock, two fields)",
    "/dismissed_reason": "required with status dismissed and only then (two fields)",
    "/completed_on": "only with status done (two fields)",
    "/email": "a deliverable address (special-use domains such as .test are refused)",
    "/contact_email": "a deliverable address (special-use domains such as .test are refused)",
    "/url": "an https URL of a host with public addresses (depends on DNS)",
    "": "exactly one of user_id and email (a rule across two fields)",
    "/user_id": "names an existing user (depends on the database)",
    "/name": "an organisation's name is unique in its network (depends on the database)",
    "/slug": "a network's slug is unique (depends on the database)",
    "/rows/": "the CSV file's own rows, sent as text/csv (any /rows/... pointer)",
    "/current_password": "the account's current password (depends on the database)",
    "/password": "not on the list of common passwords (a list, not a pattern)",
    # List positions are left out of the pointer: /items/3/network_id is /items/network_id.
    "/items/network_id": "a network the caller belongs to (depends on the database)",
}


# Rules every text field follows, named by the problem's detail rather than by a field.
GENERAL_RULES: dict[str, str] = {
    "text must not contain NUL characters": "PostgreSQL text cannot store NUL (U+0000)",
    "dates must be in the years 1900 to 2200": "JSON Schema formats have no range to bound",
}


def _explained(error: dict[str, str]) -> bool:
    place = error.get("pointer", error.get("parameter", ""))
    return (
        place in SEMANTIC_RULES
        or re.sub(r"/\d+(?=/|$)", "", place) in SEMANTIC_RULES
        or place.startswith("/rows/")
        or any(error.get("detail", "").startswith(rule) for rule in GENERAL_RULES)
    )


def _explained_refusal(case: Any, response: Any) -> bool:
    """Whether a refusal of schema-valid data names a rule the document cannot state."""
    status = response.status_code
    if status == 400:
        # Cursors are opaque: only a next_cursor the server handed out is one.
        return "cursor" in (case.query or {})
    if status == 412:
        # If-Match is right only when it names the current version, which changes.
        return "If-Match" in (case.headers or {})
    if status in (409, 422) and "Idempotency-Key" in (case.headers or {}):
        # A key is state the document cannot state: used before for another request (422),
        # or naming a first answer still running or that held a secret shown once (409).
        detail = str(response.json().get("detail", ""))
        if "Idempotency-Key" in detail or "shown only once" in detail:
            return True
    if status != 422:
        return False
    errors = response.json().get("errors") or []
    return bool(errors) and all(_explained(error) for error in errors)


def _path_parameters(path: str) -> list[str]:
    return re.findall(r"\{([^}]+)\}", path)


def _schema(app: FastAPI, estate: Estate, spares: list[tuple[str, str]]) -> Any:
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    cookie = app.state.settings.session_cookie_name
    coord = estate.world.people["coord"]

    @schema.auth(refresh_interval=None)
    class Coordinator:
        def get(self, case: Any, context: Any) -> tuple[str, str]:
            if context.operation.path == LOGOUT and spares:
                return spares.pop()
            return coord.token, coord.csrf

        def set(self, case: Any, data: tuple[str, str], context: Any) -> None:
            token, csrf = data
            case.cookies = {**(case.cookies or {}), cookie: token}
            case.headers = {**(case.headers or {}), "X-CSRF-Token": csrf}

    @schema.hook
    def filter_failure(context: Any, failure: Any, case: Any, response: Any) -> bool:
        return not (
            isinstance(failure, RejectedPositiveData) and _explained_refusal(case, response)
        )

    return schema


def _operations(schema: Any) -> Iterator[Any]:
    operations = [result.ok() for result in schema.get_all_operations()]
    yield from sorted(operations, key=lambda op: (METHOD_ORDER.get(op.method.upper(), 9), op.path))


def _strategy(schema: Any, operation: Any, mode: GenerationMode, ids: dict[str, str]) -> Any:
    generated = operation.as_strategy(mode, auth_storage=schema.auth)
    names = _path_parameters(operation.path)
    if not names or not all(name in ids for name in names):
        return generated
    real = operation.as_strategy(
        mode, auth_storage=schema.auth, path_parameters={name: ids[name] for name in names}
    )
    return st.one_of(generated, real)


def _checker(run: Run) -> Any:
    def check(case: Any) -> None:
        response = case.call()
        run.examples += 1
        run.statuses[response.status_code] = run.statuses.get(response.status_code, 0) + 1
        case.validate_response(response)

    return check


def _attempt(run: Run, label: str, test: Any) -> None:
    try:
        test()
    except (Exception, FailureGroup) as exc:  # FailureGroup is a BaseExceptionGroup
        run.failures.append(f"{label}: {exc}")


def _run_operation(schema: Any, operation: Any, ids: dict[str, str], run: Run) -> None:
    for mode, examples in (
        (GenerationMode.POSITIVE, POSITIVE_EXAMPLES),
        (GenerationMode.NEGATIVE, NEGATIVE_EXAMPLES),
    ):
        strategy = _strategy(schema, operation, mode, ids)
        test = hypothesis.given(case=strategy)(_checker(run))
        test = hypothesis.settings(
            max_examples=examples,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
            report_multiple_bugs=False,
        )(test)
        try:
            test()
        except Unsatisfiable:
            # Nothing in this operation can be made invalid (no body, no constrained query).
            assert mode == GenerationMode.NEGATIVE, operation.label
        except (Exception, FailureGroup) as exc:  # FailureGroup is a BaseExceptionGroup
            run.failures.append(f"{operation.label} ({mode.value}): {exc}")
    if COVERAGE:
        _run_coverage(schema, operation, run)


def _run_coverage(schema: Any, operation: Any, run: Run) -> None:
    """Schemathesis's coverage phase (boundary values, missing and undeclared parameters,
    unsupported methods): some 3 900 deterministic cases, so only on demand."""
    from schemathesis.auths import AuthStorageMark
    from schemathesis.generation.hypothesis.builder import (
        HypothesisTestConfig,
        HypothesisTestMode,
        create_test,
    )

    check = _checker(run)
    AuthStorageMark.set(check, schema.auth)
    config = HypothesisTestConfig(
        project=schema.config,
        modes=[HypothesisTestMode.COVERAGE],
        settings=hypothesis.settings(
            phases=[Phase.explicit],
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
    _attempt(
        run,
        f"{operation.label} (coverage)",
        create_test(operation=operation, test_func=check, config=config),
    )


def run_schemathesis(app: FastAPI, estate: Estate, spares: list[tuple[str, str]]) -> Run:
    schema = _schema(app, estate, spares)
    run = Run()
    try:
        for operation in _operations(schema):
            run.operations += 1
            _run_operation(schema, operation, estate.ids["A"], run)
    finally:
        # The app's lifespan (started by schemathesis on its own event loop) disposes of the
        # engine there, on the loop its connections belong to.
        asgi.shutdown_lifespans()
    return run


@pytest.fixture
def schemathesis_app(security_settings: Settings) -> FastAPI:
    """An app of its own: schemathesis serves it from its own event loop thread, and database
    connections must not cross event loops."""
    from services.api.app import create_app

    return create_app(security_settings)


async def test_api_conforms_to_its_openapi_document(
    world: World, schemathesis_app: FastAPI
) -> None:
    estate = await build_estate(world)
    spares = [await estate.new_session("coord") for _ in range(SPARE_SESSIONS)]
    run = await asyncio.to_thread(run_schemathesis, schemathesis_app, estate, spares)
    print(
        f"schemathesis: {run.operations} operations, {run.examples} examples, "
        f"statuses {dict(sorted(run.statuses.items()))}"
    )
    assert not run.failures, "\n\n".join(run.failures)
    assert run.statuses.get(200, 0) + run.statuses.get(201, 0) > run.operations
