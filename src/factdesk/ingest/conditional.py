"""Conditional GET through the guarded fetcher (ETag / Last-Modified).

Feeds are polled again and again; sending back the validators a server gave
lets it answer ``304 Not Modified`` with no body.  The request goes through
:meth:`~factdesk.ingest.Fetcher.get`, so every hop is checked and pinned, the
whole request has one deadline and the body is capped at ``max_page_bytes``,
exactly as for :meth:`~factdesk.ingest.Fetcher.fetch`.
"""

from __future__ import annotations

from dataclasses import dataclass

from .fetch import Fetcher

__all__ = ["Answer", "conditional_get"]


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
    reply = fetcher.get(url, headers=headers)
    return Answer(status=reply.status, url=reply.url,
                  etag=reply.headers.get("etag") or etag,
                  last_modified=reply.headers.get("last-modified") or last_modified,
                  data=reply.data if reply.status < 300 else b"")
