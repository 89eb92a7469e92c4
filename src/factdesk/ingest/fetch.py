"""Fetch a page from a user-given URL, safely.

Every hop (the URL and each redirect) goes through
:class:`~factdesk.ingest.pinned.GuardedClient`: only ``http`` and ``https``;
the host name is resolved once, *every* address it resolves to must be a
public one (unless ``allow_private_addresses`` is set; see
:mod:`factdesk.ingest.addresses` for the IPv6 forms that count as private),
and the connection goes to one of those checked addresses.  Redirects are
followed by hand so that each target is checked before it is requested.  The
whole fetch, redirects included, has one deadline of ``fetch_timeout``
seconds, and the body is read in chunks and cut one byte past
``max_page_bytes`` (the clean stage then rejects it as ``too_large``).
Requests go out on :class:`~factdesk.ingest.politeness.Politeness`'s schedule:
spaced per host and retried with backoff when a server is busy or away.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.message import Message

import httpx

from ..errors import FetchError
from ..model import Page
from ..settings import Settings
from .addresses import Resolver, check_url, system_resolver
from .pinned import GuardedClient, Reply
from .politeness import Politeness

__all__ = ["Fetcher", "Resolver", "check_url"]

class Fetcher:
    """Fetches pages over HTTP(S) with the checks above.

    ``transport`` and ``resolve`` are injectable so tests never touch the
    network (httpx ``MockTransport``; the address check runs all the same).
    """

    def __init__(self, settings: Settings, *, transport: httpx.BaseTransport | None = None,
                 resolve: Resolver = system_resolver,
                 politeness: Politeness | None = None) -> None:
        self.settings = settings
        self.resolve = resolve
        self.politeness = politeness or Politeness(settings)
        self._guarded = GuardedClient(
            settings, transport=transport, resolve=resolve,
            headers={"User-Agent": settings.user_agent, "Accept": "text/html,text/plain,*/*"})

    def close(self) -> None:
        self._guarded.close()

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` has released the connections."""
        return self._guarded.client.is_closed

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str, headers: dict[str, str] | None = None, *,
            limit: int | None = None) -> Reply:
        """GET ``url`` through the checks, following redirects; any final status is
        returned (with its body when below 400, cut one byte past ``limit``,
        default ``max_page_bytes``) once retries are spent.  Refused addresses,
        timeouts and transport errors raise :class:`FetchError`."""
        def request() -> Reply:
            return self._guarded.request(
                "GET", url, headers=headers,
                max_bytes=self.settings.max_page_bytes if limit is None else limit,
                redirects=self.settings.fetch_max_redirects,
                read_body=lambda status: status < 400)

        try:
            return self.politeness.run(url, request, status=lambda reply: reply.status,
                                       retry_after=lambda reply: reply.headers.get("retry-after"))
        except httpx.TimeoutException as exc:
            raise FetchError(f"{url}: timed out after {self.settings.fetch_timeout:g} s; "
                             "raise fetch_timeout to wait longer") from exc
        except httpx.HTTPError as exc:
            raise FetchError(f"{url}: could not be fetched ({exc})") from exc
        except httpx.InvalidURL as exc:  # not an HTTPError: raised before any request
            raise FetchError(f"{url!r}: not a valid URL ({exc})") from exc

    def fetch(self, url: str, *, limit: int | None = None) -> Page:
        """The page at ``url`` (after redirects), or :class:`FetchError`; the body
        is cut one byte past ``limit`` (default ``max_page_bytes``)."""
        reply = self.get(url, limit=limit)
        if reply.status >= 400:
            raise FetchError(f"{reply.url}: the server answered HTTP {reply.status}")
        return self._page(url, reply)

    @staticmethod
    def _page(asked: str, reply: Reply) -> Page:
        header = reply.headers.get("content-type", "")
        message = Message()
        message["content-type"] = header
        return Page(source=asked, url=reply.url, data=reply.data,
                    content_type=message.get_content_type() if header else None,
                    declared_encoding=message.get_param("charset") if header else None,
                    fetched=datetime.now(UTC))
