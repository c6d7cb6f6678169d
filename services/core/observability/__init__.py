"""Metrics, structured logs with request ids, and optional tracing."""
