"""Fetching like a good guest: retries with backoff and a delay per host.

:class:`Politeness` sits between :class:`~factdesk.ingest.Fetcher` and the
guarded client.  Before each request to a host it waits until
``fetch_host_delay`` seconds (or the host's robots.txt ``Crawl-delay``, when
:class:`~factdesk.ingest.Robots` has read a longer one) have passed since the
last request to that host began.  A request that could not connect, lost its
connection, or was answered ``429`` or a ``5xx`` status is tried again, up to
``fetch_retries`` times, after ``fetch_backoff_s`` seconds doubled at each
retry; a ``Retry-After`` of seconds (at most :data:`MAX_RETRY_AFTER`) is
honoured instead when the server sends one.  Anything else is final at once: a
refused address, a 404, an invalid URL, and a timeout (``fetch_timeout`` is the
whole budget of one fetch; a server too slow once is not asked again).

Time is read and spent through ``clock`` and ``sleep``, so tests run in no time.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar
from urllib.parse import urlsplit

import httpx

from ..settings import Settings

__all__ = ["MAX_RETRY_AFTER", "RETRY_STATUSES", "Politeness"]

log = logging.getLogger(__name__)

#: Statuses worth asking again for: the server is busy or failed for now.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
#: The longest ``Retry-After`` (seconds) honoured; a longer one waits this long.
MAX_RETRY_AFTER = 60.0

T = TypeVar("T")


class Politeness:
    """The per-host schedule and the retry loop of one fetcher."""

    def __init__(self, settings: Settings, *, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.retries = settings.fetch_retries
        self.backoff = settings.fetch_backoff_s
        self.delay = settings.fetch_host_delay
        self.sleep = sleep
        self.clock = clock
        self._crawl_delay: dict[str, float] = {}
        self._last: dict[str, float] = {}

    def crawl_delay(self, host: str, seconds: float) -> None:
        """Space requests to ``host`` by ``seconds`` when that is longer than
        ``fetch_host_delay`` (robots.txt's ``Crawl-delay``)."""
        self._crawl_delay[host.lower()] = max(0.0, seconds)

    def delay_for(self, host: str) -> float:
        return max(self.delay, self._crawl_delay.get(host.lower(), 0.0))

    def run(self, url: str, request: Callable[[], T], status: Callable[[T], int],
            retry_after: Callable[[T], str | None]) -> T:
        """``request()`` for ``url`` on the host's schedule, retried as above.

        ``status`` and ``retry_after`` read an answer's status and its
        ``Retry-After`` header.  The last answer is returned, or the last
        transport error raised, when retries run out.
        """
        host = _host(url)
        for attempt in range(self.retries + 1):
            self._wait_turn(host)
            final = attempt == self.retries
            try:
                answer = request()
            except httpx.TransportError as exc:  # refused connections, resets
                if final or isinstance(exc, httpx.TimeoutException):
                    raise
                pause = self.backoff * 2 ** attempt
                log.info("%s: %s; trying again in %.1f s", url, exc, pause)
            else:
                code = status(answer)
                if final or code not in RETRY_STATUSES:
                    return answer
                pause = _retry_after(retry_after(answer), self.backoff * 2 ** attempt)
                log.info("%s: HTTP %d; trying again in %.1f s", url, code, pause)
            self.sleep(pause)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _wait_turn(self, host: str) -> None:
        now = self.clock()
        last = self._last.get(host)
        if last is not None:
            wait = last + self.delay_for(host) - now
            if wait > 0:
                self.sleep(wait)
                now = self.clock()
        self._last[host] = now


def _host(url: str) -> str:
    """The host whose schedule ``url`` keeps; "" for a URL too broken to name one
    (the request itself then fails with the fetcher's own message)."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:  # "http://[": an unclosed IPv6 literal
        return ""


def _retry_after(header: str | None, backoff: float) -> float:
    """Seconds to wait: a ``Retry-After`` of seconds (capped), else ``backoff``.
    An HTTP-date form is not parsed; the backoff applies then."""
    if header:
        try:
            seconds = float(header.strip())
        except ValueError:
            return backoff
        if seconds >= 0:
            return min(seconds, MAX_RETRY_AFTER)
    return backoff
