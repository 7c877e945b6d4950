"""Fetch a document a member named, without letting them reach the bot's own network.

Every address a host name resolves to is checked before the connection is made, and the
connection goes to the checked address (so a name cannot resolve to a public address for the
check and a private one for the connection); an address written in the URL is checked the same
way; redirects are followed by hand, each one checked again, at most ``MAX_REDIRECTS``. Hosts an
admin lists in ``[calendar] allowed_hosts`` are fetched whatever their address.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from urllib.parse import urljoin, urlsplit

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver

MAX_REDIRECTS = 5


class FetchRefused(Exception):
    """The address is not one the bot fetches (inside its network, or not http(s))."""


class FetchFailed(Exception):
    """The fetch did not succeed; ``status`` is the HTTP status when there was an answer."""

    def __init__(self, status: int | None = None) -> None:
        super().__init__(status)
        self.status = status


class TooLarge(Exception):
    pass


def is_public_address(address: str) -> bool:
    """A global unicast address: not loopback, private, link-local, shared, reserved, multicast or unspecified."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return True


class _PublicResolver(AbstractResolver):
    """Resolves like the default resolver, then keeps only public addresses (unless the host is allowed)."""

    def __init__(self, allowed: frozenset[str]) -> None:
        self._inner = DefaultResolver()
        self._allowed = allowed
        self.refused: str | None = None

    async def resolve(self, host: str, port: int = 0,
                      family: socket.AddressFamily = socket.AF_INET) -> list[ResolveResult]:
        found = await self._inner.resolve(host, port, family)
        if host.lower().rstrip(".") in self._allowed:
            return found
        public = [entry for entry in found if is_public_address(entry["host"])]
        if not public:
            self.refused = host
            raise OSError(f"{host} resolves only to addresses the bot does not fetch")
        return public

    async def close(self) -> None:
        await self._inner.close()


def _check_url(url: str, allowed: frozenset[str]) -> None:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise FetchRefused(url)
    host = parts.hostname.lower().rstrip(".")
    if host in allowed:
        return
    if _is_ip(host) and not is_public_address(host):
        raise FetchRefused(url)
    if not _is_ip(host) and re.fullmatch(r"[0-9.]+|0x[0-9a-fx.]+", host):  # 127.1, 2130706433, 0x7f.1
        raise FetchRefused(url)


async def fetch(url: str, *, allowed_hosts: list[str] | tuple[str, ...] = (), max_bytes: int,
                timeout: float) -> bytes:
    """The body of ``url`` (at most ``max_bytes``). Raises FetchRefused, FetchFailed or TooLarge."""
    allowed = frozenset(h.lower().rstrip(".") for h in allowed_hosts)
    resolver = _PublicResolver(allowed)
    connector = aiohttp.TCPConnector(resolver=resolver, use_dns_cache=False)
    try:
        async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=timeout),
                                         trust_env=False) as http:
            for _hop in range(MAX_REDIRECTS + 1):
                _check_url(url, allowed)
                try:
                    async with http.get(url, allow_redirects=False) as response:
                        if response.status in (301, 302, 303, 307, 308) and response.headers.get("Location"):
                            url = urljoin(url, response.headers["Location"])
                            continue
                        if response.status != 200:
                            raise FetchFailed(response.status)
                        if (response.content_length or 0) > max_bytes:
                            raise TooLarge()
                        data = bytearray()
                        async for chunk in response.content.iter_chunked(64 * 1024):
                            data += chunk
                            if len(data) > max_bytes:
                                raise TooLarge()
                        return bytes(data)
                except (aiohttp.ClientError, TimeoutError, OSError, ValueError):
                    if resolver.refused is not None:
                        raise FetchRefused(url) from None
                    raise FetchFailed() from None
            raise FetchFailed()  # too many redirects
    finally:
        await connector.close()
