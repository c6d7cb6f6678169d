"""Sign-in throttling: failures counted per account and per address, with a lockout window.

Counters live in the database, so the limit holds across API replicas. An account with too
many recent failures is locked for the rest of the window even with the right password:
otherwise the lockout would tell a guesser when they had found it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.core.db.engine import unit_of_work
from services.core.errors import TooManyRequests
from services.core.ratelimit import service as ratelimit
from services.core.settings import Settings

log = logging.getLogger("drumbeat.auth")


def _account(email: str) -> str:
    # Hashed, so the counters table holds no list of addresses people tried.
    return "login-account:" + hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]


def _address(address: str) -> str:
    return f"login-address:{address}"


async def ensure_allowed(
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    email: str,
    address: str,
    now: dt.datetime,
) -> None:
    seconds = settings.login_window_seconds
    async with unit_of_work(sessionmaker, write=False) as session:
        account = await ratelimit.peek(
            session,
            _account(email),
            limit=settings.login_failures_per_account,
            seconds=seconds,
            now=now,
        )
        by_address = await ratelimit.peek(
            session,
            _address(address),
            limit=settings.login_failures_per_address,
            seconds=seconds,
            now=now,
        )
    for window, what in ((account, "this account"), (by_address, "this address")):
        if window.count >= window.limit:
            log.warning("sign-in refused: too many failures for %s from %s", what, address)
            raise TooManyRequests(
                f"Too many failed sign-ins for {what}; try again in {window.resets_in} seconds.",
                retry_after=window.resets_in,
            )


async def record_failure(
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    email: str,
    address: str,
    now: dt.datetime,
) -> None:
    seconds = settings.login_window_seconds
    await ratelimit.hit(
        sessionmaker,
        _account(email),
        limit=settings.login_failures_per_account,
        seconds=seconds,
        now=now,
    )
    await ratelimit.hit(
        sessionmaker,
        _address(address),
        limit=settings.login_failures_per_address,
        seconds=seconds,
        now=now,
    )


async def record_success(sessionmaker: async_sessionmaker[AsyncSession], email: str) -> None:
    await ratelimit.clear(sessionmaker, _account(email))
