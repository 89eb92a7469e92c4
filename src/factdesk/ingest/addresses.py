"""Which addresses a user-given URL may reach, resolved once.

A URL a user gives may point anywhere, including at this machine or the cloud
metadata service.  :func:`check_target` accepts only ``http`` and ``https``
URLs without credentials, resolves the host name *once* and requires *every*
address it resolves to to be public (unless ``allow_private_addresses``).  The
addresses it returns are the ones the connection is then made to
(:mod:`factdesk.ingest.pinned`), so a name that answers one address for the
check and another for the connect (DNS rebinding) reaches nothing new.

An IPv6 address that carries an IPv4 address inside it is judged by that
IPv4 address: IPv4-mapped (``::ffff:0:0/96``), IPv4-compatible (``::/96``),
NAT64 (``64:ff9b::/96``; the local-use ``64:ff9b:1::/48`` is never public),
6to4 (``2002::/16``) and Teredo (``2001::/32``, server and client).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from ..errors import FetchError
from ..settings import Settings

__all__ = ["Resolver", "Target", "check_target", "check_url", "embedded_ipv4", "is_public",
           "system_resolver"]

#: ``resolve(host, port) -> addresses``; injectable for tests.
Resolver = Callable[[str, int], list[str]]

_COMPATIBLE = ipaddress.ip_network("::/96")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")


def system_resolver(host: str, port: int) -> list[str]:
    """The addresses the operating system resolves ``host`` to (sorted, no repeats)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise FetchError(f"{host}: the name does not resolve ({exc.strerror})") from exc
    except UnicodeError as exc:
        raise FetchError(f"{host}: not a valid host name ({exc})") from exc
    return sorted({info[4][0] for info in infos})


def embedded_ipv4(ip: ipaddress.IPv6Address) -> tuple[ipaddress.IPv4Address, ...]:
    """The IPv4 addresses an IPv6 address stands for (none for a plain IPv6 address)."""
    if ip.ipv4_mapped is not None:
        return (ip.ipv4_mapped,)
    if ip.sixtofour is not None:
        return (ip.sixtofour,)
    if ip.teredo is not None:
        return ip.teredo
    if ip in _NAT64 or (ip in _COMPATIBLE and int(ip) > 1):
        return (ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF),)
    return ()


def is_public(address: str) -> bool:
    """Whether ``address`` (a literal IP, perhaps with a ``%zone``) is a public unicast one."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if ip in _NAT64_LOCAL:
            return False
        inner = embedded_ipv4(ip)
        if inner:
            return all(v4.is_global and not v4.is_multicast for v4 in inner)
    return ip.is_global and not ip.is_multicast


@dataclass(frozen=True, slots=True, kw_only=True)
class Target:
    """Where one request may go: the host as httpx connects to it (IDNA, lower case),
    the port, and the checked addresses to connect to, in order."""

    host: str
    port: int
    addresses: tuple[str, ...]


def _host_port(url: str) -> tuple[str, int]:
    """The host (as httpx connects to it: IDNA, lower case) and port of an allowed URL."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError as exc:
        raise FetchError(f"{url}: not a valid URL ({exc})") from exc
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"{url}: only http and https URLs can be fetched")
    if not parts.hostname:
        raise FetchError(f"{url}: the URL has no host")
    if parts.username or parts.password:
        raise FetchError(f"{url}: URLs with credentials are not fetched")
    try:
        parsed = httpx.URL(url)
        host = parsed.raw_host.decode("ascii").lower()
    except (httpx.InvalidURL, UnicodeError, ValueError) as exc:
        raise FetchError(f"{url!r}: not a valid URL ({exc})") from exc
    return host, parsed.port or (443 if parts.scheme == "https" else 80)


def check_target(url: str, settings: Settings, resolve: Resolver = system_resolver) -> Target:
    """The checked :class:`Target` of ``url``; otherwise raise :class:`FetchError`."""
    host, port = _host_port(url)
    addresses = resolve(host, port)
    if not addresses:
        raise FetchError(f"{url}: {host} resolves to no address")
    if not settings.allow_private_addresses:
        private = [a for a in addresses if not is_public(a)]
        if private:
            raise FetchError(
                f"{url}: refused, {host} resolves to a non-public address "
                f"({', '.join(private)}); set allow_private_addresses=true to allow it")
    return Target(host=host, port=port, addresses=tuple(addresses))


def check_url(url: str, settings: Settings, resolve: Resolver = system_resolver) -> str:
    """``url`` if it may be fetched; otherwise raise :class:`FetchError`.

    A check without a connection (e.g. when a webhook is registered): to
    connect, use the addresses :func:`check_target` returns.
    """
    if settings.allow_private_addresses:
        _host_port(url)
        return url
    check_target(url, settings, resolve)
    return url
