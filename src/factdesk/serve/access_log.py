"""One access-log record per request, on the ``factdesk.access`` logger.

Each record's message is ``METHOD PATH STATUS DURATIONms`` and it carries the
same as fields (``request_id``, ``method``, ``path``, ``status``,
``duration_ms``, ``client``), so the JSON log format
(:mod:`factdesk.cli.logs`) writes them as keys.  The query string is left out
(it holds what readers searched for).  The request id is the proxy's
``X-Request-ID`` when it sent a plain one (letters, digits, ``.-_``, up to 64),
a fresh one otherwise; the response carries it back in ``X-Request-ID``.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from starlette.requests import Request

from .clients import client_address

__all__ = ["AccessLog", "request_id_of"]

log = logging.getLogger("factdesk.access")
_PLAIN_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


def request_id_of(headers: list[tuple[bytes, bytes]]) -> str:
    """The request's id: a plain ``X-Request-ID`` header, or a new random one."""
    for name, value in headers:
        if name.lower() == b"x-request-id":
            text = value.decode("latin-1")
            if _PLAIN_ID.fullmatch(text):
                return text
    return uuid.uuid4().hex


class AccessLog:
    """Pure ASGI middleware: time each HTTP request and log it when it ends
    (a request that crashed the app is logged with status 500)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        request_id = request_id_of(scope.get("headers", []))
        status = 500

        async def send_with_id(message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"],
                                      (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            _record(scope, request_id, status, started)


def _record(scope, request_id: str, status: int, started: float) -> None:
    duration_ms = round((time.perf_counter() - started) * 1000, 1)
    try:
        client = client_address(Request(scope))
    except Exception:  # noqa: BLE001 - the log must not fail the request
        client = scope["client"][0] if scope.get("client") else "unknown"
    path = scope.get("path", "")
    log.info("%s %s %d %.1fms", scope.get("method", ""), path, status, duration_ms,
             extra={"request_id": request_id, "method": scope.get("method", ""),
                    "path": path, "status": status, "duration_ms": duration_ms,
                    "client": client})
