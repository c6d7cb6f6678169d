"""OpenTelemetry tracing, off unless an OTLP endpoint is configured."""

from __future__ import annotations

import logging
from typing import Any

from services.core.settings import Settings

log = logging.getLogger("drumbeat.tracing")


def setup(settings: Settings, service: str, *, app: Any = None, engine: Any = None) -> bool:
    """Export spans to ``settings.otel_endpoint`` (OTLP over HTTP); False when not configured."""
    if not settings.otel_endpoint:
        return False
    from opentelemetry import trace
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    provider = TracerProvider(resource=Resource.create({"service.name": service}))
    endpoint = settings.otel_endpoint.rstrip("/") + "/v1/traces"
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=endpoint)))
    trace.set_tracer_provider(provider)
    if app is not None:
        from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

        FastAPIInstrumentor.instrument_app(app, tracer_provider=provider)
    if engine is not None:
        from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor

        SQLAlchemyInstrumentor().instrument(engine=engine.sync_engine, tracer_provider=provider)
    log.info("tracing to %s", endpoint)
    return True
