"""Metrics, request ids from the API to the worker's log lines, and opt-in tracing."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
import textwrap

import pytest

from services.core.observability.logs import JsonFormatter
from services.core.settings import REPO_ROOT
from tests.builders import activity_body
from tests.support import API, World
from tests.webhooks.receiver import Receiver, serving


async def test_metrics_expose_latency_by_route_template_and_queue_gauges(world: World) -> None:
    network = world.networks["A"].id
    async with world.client("viewer") as client:
        await client.get(f"{API}/networks/{network}/activities")
    async with world.client() as client:
        response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    assert (
        'drumbeat_http_request_duration_seconds_count{method="GET",'
        'route="/api/v1/networks/{network_id}/activities",status="200"}'
    ) in text
    assert 'drumbeat_queue_depth{queue="reminders"}' in text
    assert 'drumbeat_queue_lag_seconds{queue="webhooks"}' in text


async def test_request_ids_are_echoed_or_made(world: World) -> None:
    async with world.client() as client:
        given = await client.get("/healthz", headers={"X-Request-ID": "partner-123"})
        made = await client.get("/healthz")
        refused = await client.get("/healthz", headers={"X-Request-ID": "bad id\twith tab"})
    assert given.headers["X-Request-ID"] == "partner-123"
    assert len(made.headers["X-Request-ID"]) == 32
    assert refused.headers["X-Request-ID"] != "bad id\twith tab"


async def test_access_log_lines_are_json_with_the_request_id(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="drumbeat.access")
    async with world.client() as client:
        await client.get("/healthz", headers={"X-Request-ID": "trace-me"})
    [record] = [r for r in caplog.records if r.name == "drumbeat.access"]
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "trace-me"
    assert line["message"] == "GET /healthz 200"
    assert line["status"] == 200 and line["duration_ms"] >= 0


async def test_the_worker_logs_a_webhook_delivery_with_the_request_id_that_caused_it(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    from services.api.app import create_app
    from services.core.db.engine import create_sessionmaker
    from services.core.db.types import utcnow
    from services.core.webhooks.delivery import deliver_due

    settings = world.app.state.settings.model_copy(update={"webhooks_allow_private": True})
    world.app = create_app(settings)
    async with serving(Receiver()) as receiver:
        async with world.client("coord") as client:
            hook = await client.post(
                f"{API}/networks/{world.networks['A'].id}/webhooks",
                json={"url": receiver.url, "event_types": ["activity.created"]},
            )
            assert hook.status_code == 201, hook.text
            created = await client.post(
                f"{API}/networks/{world.networks['A'].id}/activities",
                json=activity_body(),
                headers={"X-Request-ID": "req-from-partner"},
            )
            assert created.status_code == 201
        caplog.set_level(logging.INFO, logger="drumbeat")
        counts = await deliver_due(
            create_sessionmaker(world.engine), settings, now=utcnow(), owner="test"
        )
    await world.app.state.engine.dispose()
    assert counts["succeeded"] == 1
    [line] = [
        json.loads(JsonFormatter().format(r))
        for r in caplog.records
        if r.getMessage().startswith("webhook delivery")
    ]
    assert line["request_id"] == "req-from-partner"


async def test_tracing_is_off_unless_configured_and_exports_when_it_is(world: World) -> None:
    from services.core.observability import tracing

    assert tracing.setup(world.app.state.settings, "drumbeat-api") is False
    script = textwrap.dedent(
        """
        import asyncio, httpx
        from opentelemetry import trace
        from services.api.app import create_app

        async def main():
            app = create_app()
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
                assert (await client.get("/healthz")).status_code == 200
            trace.get_tracer_provider().force_flush()
            await app.state.engine.dispose()

        asyncio.run(main())
        """
    )
    async with serving(Receiver()) as collector:
        env = dict(os.environ)
        env["DRUMBEAT_OTEL_ENDPOINT"] = f"http://127.0.0.1:{collector.port}"
        env["DRUMBEAT_DATABASE_URL"] = world.app.state.settings.database_url
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            script,
            cwd=REPO_ROOT,
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        out, _ = await asyncio.wait_for(process.communicate(), 60)
        assert process.returncode == 0, out.decode()
    assert [r.path for r in collector.requests] == ["/v1/traces"]
    assert collector.requests[0].headers["content-type"] == "application/x-protobuf"
