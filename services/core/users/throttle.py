"""Sign-in throttling: attempts counted per account and per address, with a lockout window.

Counters live in the database, so the limit holds across API replicas. An attempt is counted
before its password is checked, in one atomic upsert that returns the new count: parallel
attempts each get their own number, so no more than the limit of them are ever checked. A
successful attempt then gives its count back (the limits are on failures) and clears the
account's counter. An account with too many recent failures is locked for the rest of the
window even with the right password: otherwise the lockout would tell a guesser when they
had found it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.core.common.errors import TooManyRequests
from services.core.db.engine import unit_of_work
from services.core.ratelimit import service as ratelimit
from services.core.ratelimit.service import Window
from services.core.settings import Settings

log = logging.getLogger("drumbeat.auth")


def _account(email: str) -> str:
    # Hashed, so the counters table holds no list of addresses people tried.
    return "login-account:" + hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]


def _address(address: str) -> str:
    return f"login-address:{address}"


def _refuse(window: Window, what: str, address: str) -> TooManyRequests:
    log.warning("sign-in refused: too many failures for %s from %s", what, address)
    return TooManyRequests(
        f"Too many failed sign-ins for {what}; try again in {window.resets_in} seconds.",
        retry_after=window.resets_in,
    )


async def admit(
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    email: str,
    address: str,
    now: dt.datetime,
) -> None:
    """Counts this attempt for the address and the account, or refuses it (429).

    Its own write transaction (on SQLite BEGIN IMMEDIATE), committed before the password is
    checked, so the slow check holds no lock. A refused attempt is not counted: it checks no
    password, so it must not use up the address's allowance or lengthen a lockout.
    """
    seconds = settings.login_window_seconds
    async with unit_of_work(sessionmaker) as session:
        by_address = await ratelimit.count(
            session,
            _address(address),
            limit=settings.login_failures_per_address,
            seconds=seconds,
            now=now,
        )
        if by_address.exceeded:
            await ratelimit.give_back(session, _address(address), seconds=seconds, now=now)
            refusal = _refuse(by_address, "this address", address)
        else:
            account = await ratelimit.count(
                session,
                _account(email),
                limit=settings.login_failures_per_account,
                seconds=seconds,
                now=now,
            )
            if not account.exceeded:
                return
            await ratelimit.give_back(session, _account(email), seconds=seconds, now=now)
            await ratelimit.give_back(session, _address(address), seconds=seconds, now=now)
            refusal = _refuse(account, "this account", address)
    raise refusal


async def record_success(
    session: AsyncSession, settings: Settings, email: str, address: str, now: dt.datetime
) -> None:
    """After ``admit`` at ``now`` and the right password: a success is no failure."""
    await ratelimit.give_back(
        session, _address(address), seconds=settings.login_window_seconds, now=now
    )
    await ratelimit.clear(session, _account(email))
