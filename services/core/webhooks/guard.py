"""Keeps webhook traffic off loopback, private and link-local networks (SSRF).

A URL is checked when it is registered and again on every delivery: the host is resolved,
every address it resolves to is checked, and the request then goes to the checked address
itself (the original name travels in the Host header and as the TLS server name). A DNS
answer that changes between the check and the connection (rebinding) therefore never
reaches an unchecked address.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass

import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
RESOLVE_TIMEOUT = 5.0


class UnsafeUrl(Exception):
    """The URL may not be called; the message says why, in words fit for the caller."""


@dataclass(frozen=True)
class Target:
    """Where a request really goes: the vetted address, plus the name the receiver expects."""

    url: httpx.URL
    host_header: str
    server_name: str | None


def parse(url: str, *, allow_private: bool) -> httpx.URL:
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError) as exc:
        raise UnsafeUrl("not a valid URL") from exc
    allowed = ("https", "http") if allow_private else ("https",)
    if parsed.scheme not in allowed:
        raise UnsafeUrl("the URL must use https")
    if not parsed.raw_host:
        raise UnsafeUrl("the URL has no host")
    if parsed.userinfo:
        # Credentials in a URL end up in logs and screens; receivers authenticate by signature.
        raise UnsafeUrl("the URL must not contain a user name or password")
    return parsed


def _unwrap(ip: IPAddress) -> IPAddress:
    # ::ffff:127.0.0.1 and 2002:7f00:1:: reach IPv4 addresses; judge the address they reach.
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return ip.ipv4_mapped
        if ip.sixtofour is not None:
            return ip.sixtofour
    return ip


def forbidden_because(address: IPAddress) -> str | None:
    """Why a delivery may not go to ``address``, or None when it may."""
    ip = _unwrap(address)
    checks = (
        (ip.is_unspecified, "an unspecified"),
        (ip.is_loopback, "a loopback"),
        (ip.is_link_local, "a link-local"),
        (ip.is_multicast, "a multicast"),
        (ip.is_private, "a private"),
        (ip.is_reserved, "a reserved"),
        # Shared (carrier-grade NAT) and other special-purpose ranges are none of the above,
        # yet not reachable on the public internet either.
        (not ip.is_global, "a non-public"),
    )
    for hit, kind in checks:
        if hit:
            return f"{address} is {kind} address"
    return None


async def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address ``host`` resolves to, in the resolver's order (tests replace this)."""
    literal = _literal(host)
    if literal is not None:
        return [literal]
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise UnsafeUrl(f"the host {host} does not resolve") from exc
    addresses: list[IPAddress] = []
    for _family, _type, _proto, _canon, sockaddr in infos:
        ip = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if ip not in addresses:
            addresses.append(ip)
    if not addresses:
        raise UnsafeUrl(f"the host {host} does not resolve")
    return addresses


def _port(url: httpx.URL) -> int:
    return url.port or (443 if url.scheme == "https" else 80)


async def _vetted_addresses(url: httpx.URL, *, allow_private: bool) -> list[IPAddress]:
    host = url.raw_host.decode("ascii")
    addresses = await resolve(host, _port(url))
    if not allow_private:
        for address in addresses:
            reason = forbidden_because(address)
            if reason is not None:
                raise UnsafeUrl(f"{host} resolves to a refused address: {reason}")
    return addresses


async def check(url: str, *, allow_private: bool) -> None:
    """Registration-time check; raises UnsafeUrl."""
    parsed = parse(url, allow_private=allow_private)
    if allow_private:
        return
    try:
        # A request waits for this answer: a resolver that hangs must not hang the API.
        async with asyncio.timeout(RESOLVE_TIMEOUT):
            await _vetted_addresses(parsed, allow_private=False)
    except TimeoutError as exc:
        raise UnsafeUrl(f"the host {parsed.host} did not resolve in time") from exc


async def pin(url: str, *, allow_private: bool) -> Target:
    """Connect-time check: the URL rewritten to one vetted address; raises UnsafeUrl."""
    parsed = parse(url, allow_private=allow_private)
    addresses = await _vetted_addresses(parsed, allow_private=allow_private)
    address = addresses[0]
    host = parsed.raw_host.decode("ascii")
    # TLS must still check the certificate against the name, not the address.
    server_name = host if parsed.scheme == "https" and _literal(host) is None else None
    return Target(
        url=parsed.copy_with(host=str(address), fragment=None),
        host_header=parsed.netloc.decode("ascii"),
        server_name=server_name,
    )


def _literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None
