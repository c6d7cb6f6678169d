"""Whether SSO is on, and what the sign-in page calls it."""

from __future__ import annotations

from urllib.parse import urlsplit

from services.core.settings import Settings

CALLBACK_PATH = "/api/v1/auth/sso/callback"
START_PATH = "/api/v1/auth/sso/start"


def enabled(settings: Settings) -> bool:
    return bool(settings.oidc_issuer and settings.oidc_client_id and settings.oidc_client_secret)


def display_name(settings: Settings) -> str:
    return settings.oidc_display_name or urlsplit(settings.oidc_issuer).hostname or "SSO"


def redirect_uri(settings: Settings) -> str:
    return settings.public_url.rstrip("/") + CALLBACK_PATH


def safe_next(path: str | None) -> str:
    """A same-site path to return to after sign-in; anything else becomes "/"."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/"
    if any(ord(c) < 0x20 for c in path):
        return "/"
    return path


def domain_allowed(settings: Settings, email: str) -> bool:
    domain = email.rpartition("@")[2].lower()
    return domain in {d.strip().lower().lstrip("@") for d in settings.oidc_allowed_domains}
