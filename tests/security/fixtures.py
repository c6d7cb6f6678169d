"""Fixtures of the route matrix, BOLA and schemathesis tests (imported by those modules only,
so the other security tests keep the default app).

These run an app whose webhook guard resolves names without the network.

Webhook URLs are checked as in production (https only, public addresses only), but the
resolver answers every name with one public address, so no test waits on DNS. API keys get a
generous rate limit: the matrix sends a few hundred requests with the same keys.
"""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine

from services.core.settings import Settings


@pytest.fixture
def security_settings(settings: Settings) -> Settings:
    # SSO on, with a provider nobody listens for: start and callback answer their 302 (to the
    # sign-in page with sso_error) for every caller, as public routes should.
    return settings.model_copy(
        update={
            "api_key_requests_per_minute": 100_000,
            "password_resets_per_address_per_hour": 1000,
            "oidc_issuer": "http://127.0.0.1:9",
            "oidc_client_id": "matrix",
            "oidc_client_secret": "matrix-secret",
        }
    )


@pytest.fixture
def app(security_settings: Settings, engine: AsyncEngine) -> FastAPI:
    from services.api.app import create_app

    return create_app(security_settings)


@pytest.fixture(autouse=True)
def offline_resolver(offline_resolver: None) -> None:
    """Every test of the modules that import this resolves names without the network."""
