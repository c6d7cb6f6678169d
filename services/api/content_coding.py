"""Content-coding negotiation (RFC 9110 §12.5.3): which encoding a client accepts."""

from __future__ import annotations

from collections.abc import Sequence


def _weights(accept_encoding: str) -> dict[str, float]:
    """Each coding the header names, with its q-value (1 when it gives none)."""
    weights: dict[str, float] = {}
    for item in accept_encoding.split(","):
        coding, *params = (part.strip() for part in item.split(";"))
        if not coding:
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        weights[coding.lower()] = q
    return weights


def negotiate(accept_encoding: str | None, offered: Sequence[str]) -> str | None:
    """The coding to send out of ``offered`` (in the server's order of preference), or None
    for identity.

    The client's highest q-value wins, the server's order breaks ties; q=0 means "not this
    one", and ``*`` stands for every coding the header does not name.
    """
    if not accept_encoding:
        return None
    weights = _weights(accept_encoding)
    wildcard = weights.get("*", 0.0)
    best: str | None = None
    best_q = 0.0
    for coding in offered:
        q = weights.get(coding, wildcard)
        if q > best_q:
            best, best_q = coding, q
    return best


def accepts(accept_encoding: str | None, coding: str) -> bool:
    """Whether the client takes ``coding`` at all (a q-value above 0)."""
    return negotiate(accept_encoding, (coding,)) == coding
