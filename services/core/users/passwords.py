"""What a new password must be: long enough, and not one that attackers try first.

NIST SP 800-63B asks for length over composition rules, and for refusing passwords found in
lists of commonly used or breached ones. The list shipped here (``common_passwords.txt``)
holds the common passwords the length rule alone would let through.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from services.core.common.errors import invalid

MIN_LENGTH = 10
MAX_LENGTH = 256
_LIST = Path(__file__).with_name("common_passwords.txt")


@cache
def common_passwords() -> frozenset[str]:
    lines = _LIST.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def check_new_password(value: str) -> str:
    """``value`` if it may become a password; a ValueError saying which rule it breaks."""
    if len(value) < MIN_LENGTH:
        raise invalid("password_too_short", f"Use at least {MIN_LENGTH} characters.")
    if value.lower() in common_passwords():
        raise invalid(
            "password_too_common",
            "This password is on the list of the most common passwords, which attackers try "
            "first; choose another.",
        )
    return value
