"""Loopback receivers for notification tests: a webhook endpoint that
verifies the HMAC signature on its own (not with factdesk's code), and an
SMTP server (aiosmtpd) that keeps the messages it gets.

    with WebhookReceiver(secret) as hook:      # hook.url, hook.received, hook.fail_next(500)
        ...
    with SmtpSink() as smtp:                   # smtp.port, smtp.messages (email.message objects)
        ...
"""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller

__all__ = ["SmtpSink", "WebhookReceiver", "free_port"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class WebhookReceiver:
    """Answers 204 to a correctly signed, fresh POST; 401 otherwise (kept in ``errors``)."""

    secret: str
    received: list[Received] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    requests: int = 0

    def __post_init__(self) -> None:
        self._failures: list[int] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}/hook"

    def fail_next(self, status: int, times: int = 1) -> None:
        self._failures += [status] * times

    def __enter__(self) -> WebhookReceiver:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.shutdown()
        self._server.server_close()

    def _check(self, headers: dict[str, str], body: bytes) -> str | None:
        stamp = headers.get("x-factdesk-timestamp", "")
        if not stamp.isdigit() or abs(time.time() - int(stamp)) > 300:
            return f"stale or missing timestamp {stamp!r}"
        expected = "sha256=" + hmac.new(self.secret.encode(), stamp.encode() + b"." + body,
                                        hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, headers.get("x-factdesk-signature", "")):
            return "bad signature"
        return None

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("content-length", "0")))
                headers = {k.lower(): v for k, v in self.headers.items()}
                with receiver._lock:
                    receiver.requests += 1
                    status = receiver._failures.pop(0) if receiver._failures else None
                    if status is None:
                        problem = receiver._check(headers, body)
                        if problem:
                            receiver.errors.append(problem)
                            status = 401
                        else:
                            receiver.received.append(Received(headers=headers, body=body))
                            status = 204
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler


class _Keep:
    def __init__(self, sink: SmtpSink) -> None:
        self.sink = sink

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.sink.messages.append(message)
        self.sink.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 OK"


class SmtpSink:
    """An aiosmtpd server on 127.0.0.1 that keeps every message."""

    def __init__(self) -> None:
        self.port = free_port()
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self._controller = Controller(_Keep(self), hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> SmtpSink:
        self._controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._controller.stop()
