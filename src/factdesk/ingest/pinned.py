"""Requests to user-given URLs: connect to the address you checked, within one deadline.

:class:`GuardedClient` is the one way factdesk talks HTTP to a URL someone
else chose (page fetches, webhooks, Web Push).  For each request, and again
for each redirect it follows:

1. :func:`~factdesk.ingest.addresses.check_target` resolves the host once and
   checks every address;
2. those addresses are *pinned* for the request, and the connection is made
   by :class:`PinnedBackend`, which connects only to pinned addresses and never
   resolves a name itself.  The URL, ``Host`` header, TLS SNI and certificate
   check all keep the host name (httpcore passes the name to the backend and
   verifies the certificate against it);
3. the whole request, redirects and body included, has one deadline
   (``fetch_timeout`` seconds): every socket operation waits at most for what
   is left of it, so a server dripping a byte at a time is cut at the deadline
   however it spaces its bytes;
4. the body is streamed, its content encoding undone a chunk at a time
   (:mod:`.bounded`: a gzip bomb costs no more memory than a body at the
   cap), and cut one byte past the cap.

Proxies from the environment are never used (they would connect on our behalf).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import httpcore
import httpx

from ..errors import FetchError, InputError
from ..settings import Settings
from .addresses import Resolver, Target, check_target, system_resolver
from .bounded import read_encoded
from .refs import joined_url

__all__ = ["GuardedClient", "PinnedBackend", "PinnedTransport", "Reply"]

REDIRECTS = frozenset({301, 302, 303, 307, 308})
#: (host, port) -> checked addresses, for the request being sent in this context.
_PINS: ContextVar[dict[tuple[str, int], tuple[str, ...]]] = ContextVar("pins", default={})
#: time.monotonic() by which the current request must be over (None: no deadline).
_DEADLINE: ContextVar[float | None] = ContextVar("deadline", default=None)


def _bounded(timeout: float | None, error: type[Exception]) -> float | None:
    """``timeout`` shortened to what is left of the deadline (``error`` once it passed)."""
    deadline = _DEADLINE.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise error("the deadline for the whole request passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read and write waits at most until the deadline."""

    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _bounded(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _bounded(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        return _DeadlineStream(self._stream.start_tls(
            ssl_context, server_hostname, _bounded(timeout, httpcore.ConnectTimeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class PinnedBackend(httpcore.NetworkBackend):
    """Connects a host name only to the addresses pinned for it (tried in order).

    ``inner`` makes the TCP connections (httpcore's own by default; tests pass
    one that records where it was asked to connect).
    """

    def __init__(self, inner: httpcore.NetworkBackend | None = None) -> None:
        self.inner = inner or httpcore.SyncBackend()

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None,
                    socket_options: Any = None) -> httpcore.NetworkStream:
        addresses = _PINS.get().get((host.lower(), port))
        if not addresses:
            raise httpcore.ConnectError(f"{host}:{port} was not checked; not connecting")
        failure: Exception | None = None
        for address in addresses:
            try:
                stream = self.inner.connect_tcp(
                    address.split("%", 1)[0], port,
                    timeout=_bounded(timeout, httpcore.ConnectTimeout),
                    local_address=local_address, socket_options=socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
                continue
            return _DeadlineStream(stream)
        assert failure is not None
        raise failure

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Any = None) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("user-given URLs never reach a unix socket")

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


class PinnedTransport(httpx.HTTPTransport):
    """httpx's transport with its connection pool built on :class:`PinnedBackend`.

    httpx takes no network backend, so the pool it made is replaced by an
    equal one that has ours (tests/ingest/test_pinned.py connects through it
    for real, so a change in httpx shows there).
    """

    def __init__(self, backend: httpcore.NetworkBackend | None = None) -> None:
        super().__init__(trust_env=False)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            network_backend=PinnedBackend(backend))


@contextlib.contextmanager
def _pinned(target: Target) -> Iterator[None]:
    token = _PINS.set({**_PINS.get(), (target.host, target.port): target.addresses})
    try:
        yield
    finally:
        _PINS.reset(token)


@dataclass(frozen=True, slots=True, kw_only=True)
class Reply:
    """What a server answered: status, final URL, headers and (capped) body."""

    status: int
    url: str
    headers: httpx.Headers
    data: bytes = b""


def _read_capped(response: httpx.Response, cap: int) -> bytes:
    """The body with its content encoding undone, cut one byte past ``cap`` (so a
    caller can tell it was too large); see :func:`~factdesk.ingest.bounded.read_encoded`."""
    if response.is_stream_consumed:  # read whole already (a test transport's fixed body)
        return response.content[:cap + 1]
    try:
        return read_encoded(response.iter_raw(), response.headers.get("content-encoding"), cap)
    except InputError as exc:
        raise httpx.DecodingError(str(exc), request=response.request) from exc


class GuardedClient:
    """HTTP requests to user-given URLs (see the module docstring).

    ``transport`` replaces the network (tests pass httpx's ``MockTransport``;
    the address check still runs first); ``resolve`` replaces DNS.  Refused
    URLs raise :class:`FetchError`; network failures and timeouts raise
    httpx's errors, for the caller to word.
    """

    def __init__(self, settings: Settings, *, transport: httpx.BaseTransport | None = None,
                 resolve: Resolver = system_resolver,
                 headers: dict[str, str] | None = None) -> None:
        self.settings = settings
        self.resolve = resolve
        self.client = httpx.Client(transport=transport or PinnedTransport(), trust_env=False,
                                   follow_redirects=False, headers=headers,
                                   timeout=httpx.Timeout(settings.fetch_timeout))

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> GuardedClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def request(self, method: str, url: str, *, headers: dict[str, str] | None = None,
                content: bytes | None = None, max_bytes: int, redirects: int = 0,
                read_body: Callable[[int], bool] = lambda status: True) -> Reply:
        """Send one request (following up to ``redirects`` redirects, each checked).

        The body is read when ``read_body(status)`` says so, up to one byte past
        ``max_bytes``; all of it within ``settings.fetch_timeout`` seconds.
        """
        token = _DEADLINE.set(time.monotonic() + self.settings.fetch_timeout)
        try:
            current = url
            for _ in range(redirects + 1):
                target = check_target(current, self.settings, self.resolve)
                with _pinned(target), self.client.stream(method, current, headers=headers,
                                                         content=content) as response:
                    location = response.headers.get("location")
                    if redirects and response.status_code in REDIRECTS and location:
                        target_url = joined_url(current, location)
                        if target_url is None:  # "Location: http://[oops"
                            raise FetchError(f"{current}: redirect to a malformed URL "
                                             f"({location[:200]!r})")
                        current = target_url
                        continue
                    data = (_read_capped(response, max_bytes)
                            if read_body(response.status_code) else b"")
                    return Reply(status=response.status_code, url=current,
                                 headers=response.headers, data=data)
            raise FetchError(f"{url}: more than {redirects} redirects")
        finally:
            _DEADLINE.reset(token)
