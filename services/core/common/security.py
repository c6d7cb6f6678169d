"""Passwords and opaque tokens."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import secrets
from collections.abc import Callable
from typing import TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

T = TypeVar("T")

_hasher = PasswordHasher()
# Verifying against this keeps the time of "no such user" equal to "wrong password".
_DUMMY_HASH = _hasher.hash("drumbeat-timing-equaliser")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        # An empty hash (an SSO-only user) is checked against the dummy but never matches.
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


class Passwords:
    """Argon2 hashing and verifying in worker threads, at most ``bound`` at once.

    One hash takes a core for tens of milliseconds and 64 MiB of memory: on the event loop it
    stalls every other request, and a burst of sign-ins without a bound could exhaust memory.
    """

    def __init__(self, bound: int) -> None:
        self._slots = asyncio.Semaphore(bound)

    async def hash(self, password: str) -> str:
        return await self._run(hash_password, password)

    async def verify(self, password_hash: str | None, password: str) -> bool:
        return await self._run(verify_password, password_hash, password)

    async def _run(self, work: Callable[..., T], *args: str | None) -> T:
        await self._slots.acquire()
        job = asyncio.ensure_future(asyncio.to_thread(work, *args))
        # The slot is freed when the thread finishes, not when a cancelled request stops
        # waiting for it: a thread cannot be stopped, and it still holds its memory.
        job.add_done_callback(lambda _: self._slots.release())
        return await asyncio.shield(job)


def new_token(nbytes: int = 32) -> str:
    return secrets.token_urlsafe(nbytes)


def token_digest(token: str) -> str:
    """Tokens are stored only as a SHA-256 digest: a database leak yields no usable session."""
    return hashlib.sha256(token.encode()).hexdigest()


def constant_time_equals(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
