"""API keys: credentials partner integrations use for one network, shown once."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid

from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.core.apikeys import repository as repo
from services.core.apikeys.models import ApiKey
from services.core.apikeys.schemas import ApiKeyCreate, ApiKeyCreated, ApiKeyFilters, ApiKeyRead
from services.core.common.authz import Principal, Role
from services.core.common.errors import NotAuthenticated, ValidationFailed
from services.core.common.pagination import Page, paginate
from services.core.common.security import constant_time_equals, token_digest
from services.core.db import dialect
from services.core.db.engine import unit_of_work
from services.core.db.types import utcnow
from services.core.ratelimit import service as ratelimit
from services.core.ratelimit.batched import BatchedLimit

KEY_PREFIX = "dbk"
# Touching last_used_at on every request would turn every read into a write.
TOUCH_EVERY = dt.timedelta(minutes=1)


def _new_key() -> tuple[str, str]:
    prefix = f"{KEY_PREFIX}_{secrets.token_hex(6)}"
    return prefix, f"{prefix}_{secrets.token_urlsafe(32)}"


async def create(
    session: AsyncSession, principal: Principal, network_id: uuid.UUID, data: ApiKeyCreate
) -> ApiKeyCreated:
    principal.require(network_id, Role.coordinator, "network")
    if data.expires_at is not None and data.expires_at <= utcnow():
        raise ValidationFailed("/expires_at", "expires_at must be in the future", "not_in_future")
    prefix, key = _new_key()
    api_key = ApiKey(
        network_id=network_id,
        name=data.name,
        prefix=prefix,
        secret_hash=token_digest(key),
        scopes=data.scopes,
        expires_at=data.expires_at,
        created_by=principal.user_id,
    )
    session.add(api_key)
    await session.flush()
    return ApiKeyCreated(**ApiKeyRead.model_validate(api_key).model_dump(), key=key)


async def get(session: AsyncSession, principal: Principal, key_id: uuid.UUID) -> ApiKey:
    api_key = await repo.by_id(session, key_id)
    return principal.require_found(api_key, Role.coordinator, "API key")


async def show(session: AsyncSession, principal: Principal, key_id: uuid.UUID) -> ApiKeyRead:
    """One key as the API shows it: never its secret."""
    return ApiKeyRead.model_validate(await get(session, principal, key_id))


async def list_keys(
    session: AsyncSession, principal: Principal, network_id: uuid.UUID, filters: ApiKeyFilters
) -> Page[ApiKeyRead]:
    principal.require(network_id, Role.coordinator, "network")
    page = await paginate(
        session,
        repo.listing(network_id, filters.include_revoked),
        [ApiKey.created_at, ApiKey.id],
        limit=filters.limit,
        cursor=filters.cursor,
        descending=True,
    )
    return page.map(ApiKeyRead.model_validate)


async def revoke(session: AsyncSession, principal: Principal, key_id: uuid.UUID) -> ApiKey:
    api_key = await get(session, principal, key_id)
    if api_key.revoked_at is None:
        api_key.revoked_at = utcnow()
        await session.flush()
    return api_key


async def authenticate(session: AsyncSession, presented: str, now: dt.datetime) -> ApiKey:
    """The live key behind a bearer token; every kind of failure answers alike."""
    parts = presented.split("_")
    prefix = "_".join(parts[:2]) if len(parts) >= 3 and parts[0] == KEY_PREFIX else ""
    api_key = await repo.by_prefix(session, prefix) if prefix else None
    if api_key is None or not constant_time_equals(api_key.secret_hash, token_digest(presented)):
        raise NotAuthenticated("The API key is not valid.")
    if api_key.revoked_at is not None:
        raise NotAuthenticated("The API key was revoked.")
    if api_key.expires_at is not None and api_key.expires_at <= now:
        raise NotAuthenticated("The API key has expired.")
    return api_key


def principal_for(api_key: ApiKey) -> Principal:
    role = Role.member if "write" in api_key.scopes else Role.viewer
    return Principal(user_id=None, roles={api_key.network_id: role}, api_key_id=api_key.id)


def needs_touch(api_key: ApiKey, now: dt.datetime) -> bool:
    return api_key.last_used_at is None or now - api_key.last_used_at >= TOUCH_EVERY


async def touch(
    sessionmaker: async_sessionmaker[AsyncSession],
    api_key: ApiKey,
    now: dt.datetime,
    *,
    wait: bool = True,
) -> None:
    """Note the key's use, in a transaction of its own; without ``wait``, only if that needs
    no waiting for the write lock (a read request: last_used_at can be noted next time)."""
    try:
        async with unit_of_work(sessionmaker, wait=wait) as session:
            await repo.touch(session, api_key.id, now)
    except DBAPIError as exc:
        if wait or not dialect.is_busy(exc):
            raise


def request_limit(sessionmaker: async_sessionmaker[AsyncSession], per_minute: int) -> BatchedLimit:
    """Requests per key and minute, shared by all API replicas through ``rate_counters``."""

    async def write(scope: str, start: dt.datetime, hits: int, wait: bool) -> int | None:
        try:
            async with unit_of_work(sessionmaker, wait=wait) as session:
                return await ratelimit.add(session, scope, start, hits)
        except DBAPIError as exc:
            if wait or not dialect.is_busy(exc):
                raise
            return None

    return BatchedLimit(write, limit=per_minute, seconds=60)
