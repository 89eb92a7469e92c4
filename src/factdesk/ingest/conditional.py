"""Conditional GET through the guarded fetcher (ETag / Last-Modified).

Feeds are polled again and again; sending back the validators a server gave
lets it answer ``304 Not Modified`` with no body.  Every hop is checked by
:func:`~factdesk.ingest.fetch.check_url` exactly as
:meth:`~factdesk.ingest.Fetcher.fetch` does, and the body is capped at
``max_page_bytes``.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

import httpx

from ..errors import FetchError
from .fetch import Fetcher, check_url

__all__ = ["Answer", "conditional_get"]

_REDIRECTS = {301, 302, 303, 307, 308}


@dataclass(frozen=True, slots=True, kw_only=True)
class Answer:
    """What a server answered: status, final URL, validators and body."""

    status: int
    url: str
    etag: str | None = None
    last_modified: str | None = None
    data: bytes = b""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def conditional_get(fetcher: Fetcher, url: str, *, etag: str | None = None,
                    last_modified: str | None = None) -> Answer:
    """GET ``url`` with ``If-None-Match``/``If-Modified-Since`` when validators are known.

    Any status is returned (the caller decides what a 404 means); refused
    addresses, timeouts and transport errors raise :class:`FetchError`.
    """
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    settings = fetcher.settings
    current = url
    for _ in range(settings.fetch_max_redirects + 1):
        check_url(current, settings, fetcher.resolve)
        try:
            with fetcher.client.stream("GET", current, headers=headers) as response:
                if response.status_code in _REDIRECTS and "location" in response.headers:
                    current = urljoin(current, response.headers["location"])
                    continue
                data = b""
                if response.status_code < 300:
                    chunks, size = [], 0
                    for chunk in response.iter_bytes():
                        chunks.append(chunk)
                        size += len(chunk)
                        if size > settings.max_page_bytes:
                            break
                    data = b"".join(chunks)[:settings.max_page_bytes + 1]
                return Answer(status=response.status_code, url=current,
                              etag=response.headers.get("etag") or etag,
                              last_modified=response.headers.get("last-modified") or last_modified,
                              data=data)
        except httpx.TimeoutException as exc:
            raise FetchError(f"{current}: timed out after {settings.fetch_timeout:g} s; "
                             "raise fetch_timeout to wait longer") from exc
        except httpx.HTTPError as exc:
            raise FetchError(f"{current}: could not be fetched ({exc})") from exc
    raise FetchError(f"{url}: more than {settings.fetch_max_redirects} redirects")
