"""The OpenID Connect code flow: discovery, the authorization URL, the callback's checks, and
who the provider's answer signs in.

Authlib builds the authorization URL (state, nonce, PKCE S256) and exchanges the code; the ID
token is verified with joserfc (Authlib's JOSE library): signature against the provider's
JWKS, then iss, aud, exp and nonce. Every provider failure becomes ``SsoError`` with a short
code for the sign-in page, never an unexpected error.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from dataclasses import dataclass
from typing import Any

import httpx
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.httpx_client import AsyncOAuth2Client
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.common.security import token_digest
from services.core.invitations import repository as invitations
from services.core.settings import Settings
from services.core.sso import config
from services.core.sso import repository as repo
from services.core.sso.models import SsoAttempt
from services.core.users import repository as users_repo
from services.core.users.models import User

log = logging.getLogger("drumbeat.sso")
ATTEMPT_TTL = dt.timedelta(minutes=10)
TIMEOUT = httpx.Timeout(10.0)
ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "ES256", "ES384", "EdDSA"]
SCOPE = "openid email profile"


class SsoError(Exception):
    """A failed SSO sign-in: ``code`` goes to the sign-in page, ``reason`` to the log."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


@dataclass(frozen=True)
class Identity:
    email: str
    name: str


def _client(settings: Settings) -> AsyncOAuth2Client:
    return AsyncOAuth2Client(
        client_id=settings.oidc_client_id,
        client_secret=settings.oidc_client_secret,
        scope=SCOPE,
        redirect_uri=config.redirect_uri(settings),
        code_challenge_method="S256",
        timeout=TIMEOUT,
    )


async def discover(settings: Settings) -> dict[str, Any]:
    url = settings.oidc_issuer.rstrip("/") + "/.well-known/openid-configuration"
    try:
        async with httpx.AsyncClient(timeout=TIMEOUT) as http:
            response = await http.get(url)
            response.raise_for_status()
            metadata: Any = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        raise SsoError("provider", f"discovery failed: {exc!r}") from exc
    if not isinstance(metadata, dict):
        raise SsoError("provider", "the discovery document is not a JSON object")
    for key in ("authorization_endpoint", "token_endpoint", "jwks_uri", "issuer"):
        if not isinstance(metadata.get(key), str):
            raise SsoError("provider", f"discovery document lacks {key}")
    return metadata


@dataclass(frozen=True)
class Authorization:
    """Where to send the browser, and what its callback must match (kept server-side)."""

    url: str
    state: str
    nonce: str
    code_verifier: str


async def authorization(settings: Settings) -> Authorization:
    """A fresh authorization URL (code flow, PKCE S256, state, nonce); touches no database."""
    metadata = await discover(settings)
    state, nonce = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    verifier = secrets.token_urlsafe(48)
    async with _client(settings) as client:
        url, _ = client.create_authorization_url(
            metadata["authorization_endpoint"], state=state, nonce=nonce, code_verifier=verifier
        )
    return Authorization(url=str(url), state=state, nonce=nonce, code_verifier=verifier)


async def remember(
    session: AsyncSession, sent: Authorization, next_path: str | None, now: dt.datetime
) -> None:
    """Records the attempt the callback will look up by the state's digest."""
    await repo.add_attempt(
        session,
        state_hash=token_digest(sent.state),
        nonce=sent.nonce,
        code_verifier=sent.code_verifier,
        next_path=config.safe_next(next_path),
        expires_at=now + ATTEMPT_TTL,
        now=now,
    )


async def take_attempt(session: AsyncSession, state: str, now: dt.datetime) -> SsoAttempt:
    """The attempt this state names, used up; unknown, used or expired → ``SsoError``."""
    attempt = await repo.take_attempt(session, token_digest(state)) if state else None
    if attempt is None:
        raise SsoError("state", "unknown or already used state")
    if attempt.expires_at <= now:
        raise SsoError("state", "expired state")
    return attempt


async def identify(settings: Settings, code: str, attempt: SsoAttempt) -> Identity:
    """Exchanges the code and verifies the ID token; the verified address and name."""
    metadata = await discover(settings)
    try:
        async with _client(settings) as client:
            token = await client.fetch_token(
                metadata["token_endpoint"], code=code, code_verifier=attempt.code_verifier
            )
        async with httpx.AsyncClient(timeout=TIMEOUT) as http:
            jwks = (await http.get(metadata["jwks_uri"])).raise_for_status().json()
    except (httpx.HTTPError, AuthlibBaseError, ValueError, KeyError, TypeError) as exc:
        raise SsoError("token", f"token exchange failed: {exc!r}") from exc
    id_token = token.get("id_token") if isinstance(token, dict) else None
    if not isinstance(id_token, str):
        raise SsoError("token", "no id_token in the token response")
    try:
        decoded = jwt.decode(id_token, KeySet.import_key_set(jwks), algorithms=ALGORITHMS)
        jwt.JWTClaimsRegistry(
            iss={"essential": True, "value": metadata["issuer"]},
            aud={"essential": True, "value": settings.oidc_client_id},
            exp={"essential": True},
            nonce={"essential": True, "value": attempt.nonce},
        ).validate(decoded.claims)
    except (JoseError, ValueError, TypeError, KeyError) as exc:
        raise SsoError("token", f"id_token rejected: {exc!r}") from exc
    claims = decoded.claims
    email = claims.get("email")
    if not isinstance(email, str) or "@" not in email or claims.get("email_verified") is not True:
        raise SsoError("unverified_email", "the provider did not vouch for an email address")
    name = claims.get("name")
    return Identity(email=email.strip().lower(), name=name.strip() if isinstance(name, str) else "")


async def account_for(
    session: AsyncSession, settings: Settings, who: Identity, now: dt.datetime
) -> User:
    """The user this identity signs in as, created when the domain or an invitation allows."""
    user = await users_repo.by_email(session, who.email)
    created = False
    if user is None:
        invited = await invitations.pending_for_email(session, who.email, now)
        if not invited and not config.domain_allowed(settings, who.email):
            raise SsoError("not_allowed", f"no account and no invitation for {who.email}")
        # An empty hash never matches a password: this user signs in by SSO only.
        user = User(email=who.email, name=who.name[:200], password_hash="")
        session.add(user)
        await session.flush()
        created = True
    elif not user.is_active:
        raise SsoError("inactive", f"user {user.id} is deactivated")
    repo.record_sign_in(session, user.id, user.email, created)
    return user
