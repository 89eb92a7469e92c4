"""Fetch a page from a user-given URL, safely.

A URL a user gives may point anywhere, including at this machine or the cloud
metadata service.  Every hop (the URL and each redirect) is checked: only
``http`` and ``https``; the host name is resolved and *every* address it
resolves to must be a public one, unless ``allow_private_addresses`` is set.
Redirects are followed by hand so that each target is checked before it is
requested.  The body is read in chunks and cut one byte past
``max_page_bytes`` (the clean stage then rejects it as ``too_large``).

Known limit: the address is checked before httpx connects and httpx resolves
the name again, so a DNS server that answers differently within that window
(DNS rebinding) is not caught here.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from datetime import UTC, datetime
from email.message import Message
from urllib.parse import urljoin, urlsplit

import httpx

from ..errors import FetchError
from ..model import Page
from ..settings import Settings

__all__ = ["Fetcher", "Resolver", "check_url"]

#: ``resolve(host, port) -> addresses``; injectable for tests.
Resolver = Callable[[str, int], list[str]]
_REDIRECTS = {301, 302, 303, 307, 308}


def system_resolver(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise FetchError(f"{host}: the name does not resolve ({exc.strerror})") from exc
    return sorted({info[4][0] for info in infos})


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_url(url: str, settings: Settings, resolve: Resolver = system_resolver) -> str:
    """``url`` if it may be fetched; otherwise raise :class:`FetchError`."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError as exc:
        raise FetchError(f"{url}: not a valid URL ({exc})") from exc
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"{url}: only http and https URLs can be fetched")
    host = parts.hostname
    if not host:
        raise FetchError(f"{url}: the URL has no host")
    if parts.username or parts.password:
        raise FetchError(f"{url}: URLs with credentials are not fetched")
    if settings.allow_private_addresses:
        return url
    port = parts.port or (443 if parts.scheme == "https" else 80)
    addresses = resolve(host, port)
    if not addresses:
        raise FetchError(f"{url}: {host} resolves to no address")
    private = [a for a in addresses if not _public(a)]
    if private:
        raise FetchError(
            f"{url}: refused, {host} resolves to a non-public address ({', '.join(private)}); "
            "set allow_private_addresses=true to allow it")
    return url


class Fetcher:
    """Fetches pages over HTTP(S) with the checks above.

    ``transport`` and ``resolve`` are injectable so tests never touch the
    network (httpx ``MockTransport``).
    """

    def __init__(self, settings: Settings, *, transport: httpx.BaseTransport | None = None,
                 resolve: Resolver = system_resolver) -> None:
        self.settings = settings
        self.resolve = resolve
        self.client = httpx.Client(
            transport=transport, follow_redirects=False,
            timeout=httpx.Timeout(settings.fetch_timeout),
            headers={"User-Agent": settings.user_agent, "Accept": "text/html,text/plain,*/*"})

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def fetch(self, url: str) -> Page:
        """The page at ``url`` (after redirects), or :class:`FetchError`."""
        current = url
        for _ in range(self.settings.fetch_max_redirects + 1):
            check_url(current, self.settings, self.resolve)
            try:
                with self.client.stream("GET", current) as response:
                    if response.status_code in _REDIRECTS and "location" in response.headers:
                        current = urljoin(current, response.headers["location"])
                        continue
                    if response.status_code >= 400:
                        raise FetchError(f"{current}: the server answered HTTP "
                                         f"{response.status_code}")
                    data = self._read(response)
                    return self._page(url, current, response, data)
            except httpx.TimeoutException as exc:
                raise FetchError(f"{current}: timed out after {self.settings.fetch_timeout:g} s; "
                                 "raise fetch_timeout to wait longer") from exc
            except httpx.HTTPError as exc:
                raise FetchError(f"{current}: could not be fetched ({exc})") from exc
            except httpx.InvalidURL as exc:  # not an HTTPError: raised before any request
                raise FetchError(f"{current!r}: not a valid URL ({exc})") from exc
        raise FetchError(f"{url}: more than {self.settings.fetch_max_redirects} redirects")

    def _read(self, response: httpx.Response) -> bytes:
        limit = self.settings.max_page_bytes + 1
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            chunks.append(chunk)
            size += len(chunk)
            if size >= limit:
                break
        return b"".join(chunks)[:limit]

    @staticmethod
    def _page(asked: str, final: str, response: httpx.Response, data: bytes) -> Page:
        header = response.headers.get("content-type", "")
        message = Message()
        message["content-type"] = header
        return Page(source=asked, url=final, data=data,
                    content_type=message.get_content_type() if header else None,
                    declared_encoding=message.get_param("charset") if header else None,
                    fetched=datetime.now(UTC))
