"""A Web Push service on loopback, for tests: it checks what a real one would.

Browsers in tests cannot reach a real push service, so the test plays it.
:class:`PushService` is a small HTTP server on ``127.0.0.1`` (port 0, so a
free one) that, for every POST to a subscription's endpoint,

- verifies the VAPID ``Authorization: vapid t=<JWT>, k=<public key>`` header
  (RFC 8292): the JWT is ES256, its signature checks against ``k``, ``aud``
  is this service's origin, ``exp`` lies within 24 hours and ``sub`` is a
  ``mailto:`` or ``https:`` URL; ``k`` must equal ``expected_vapid_key``
  when that is set;
- decrypts the ``aes128gcm`` body (RFC 8188/8291) with the subscription's
  private key and auth secret;
- answers 201 and keeps a :class:`PushMessage`, or answers 4xx and records
  why in :attr:`PushService.errors`.

Usage::

    from tests.notify.pushservice import PushService, make_subscription

    with PushService() as service:
        sub = service.subscribe()           # a synthetic browser subscription
        sub.info                            # {"endpoint", "keys": {"p256dh", "auth"}}
        ...                                 # the code under test pushes to sub.info
        [message] = service.wait_for(1)     # blocks up to 10 s
        message.json()                      # the decrypted payload, parsed
        message.vapid_key, message.claims   # the verified key and JWT claims
        assert not service.errors

``service.register(make_subscription(service.origin + "/any/path"))`` adds
a subscription made elsewhere.  ``service.fail_next(410)`` makes the next request get that status instead
(to test retries and gone subscriptions).  :func:`make_subscription` makes a
subscription for any endpoint without a service: a P-256 key pair and a
16-byte auth secret, with ``decrypt(body)``.
"""

from __future__ import annotations

import base64
import json
import os
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import http_ece
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

__all__ = ["PushMessage", "PushService", "SyntheticSubscription", "b64url_decode",
           "make_subscription"]


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


@dataclass(frozen=True)
class SyntheticSubscription:
    """What a browser's ``PushManager.subscribe()`` would hold: the JSON it
    hands the page (:attr:`info`) and the private half it keeps."""

    endpoint: str
    private_key: ec.EllipticCurvePrivateKey
    auth_secret: bytes

    @property
    def p256dh(self) -> str:
        raw = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
        return _b64url(raw)

    @property
    def auth(self) -> str:
        return _b64url(self.auth_secret)

    @property
    def info(self) -> dict[str, Any]:
        """``PushSubscription.toJSON()``: ``{endpoint, keys: {p256dh, auth}}``."""
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}

    def decrypt(self, body: bytes) -> bytes:
        """The plaintext of an ``aes128gcm`` push body sent to this subscription."""
        return http_ece.decrypt(body, private_key=self.private_key,
                                auth_secret=self.auth_secret, version="aes128gcm")


def make_subscription(endpoint: str) -> SyntheticSubscription:
    """A new subscription for ``endpoint``: a fresh P-256 key pair and auth secret."""
    return SyntheticSubscription(endpoint=endpoint,
                                 private_key=ec.generate_private_key(ec.SECP256R1()),
                                 auth_secret=os.urandom(16))


@dataclass(frozen=True)
class PushMessage:
    """One accepted push: where it went, the headers, the verified VAPID
    key and claims, and the decrypted payload."""

    path: str
    headers: dict[str, str]
    vapid_key: str
    claims: dict[str, Any]
    payload: bytes

    def json(self) -> Any:
        return json.loads(self.payload.decode("utf-8"))


class _Refused(Exception):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status


def verify_vapid(authorization: str, audience: str, expected_key: str | None = None,
                 now: float | None = None) -> tuple[str, dict[str, Any]]:
    """Check a ``vapid t=..., k=...`` header; returns ``(k, claims)`` or raises."""
    found = dict(re.findall(r"(\w+)=([A-Za-z0-9_\-.=]+)", authorization))
    if not authorization.lower().startswith("vapid ") or "t" not in found or "k" not in found:
        raise _Refused(401, f"not a VAPID authorization: {authorization!r}")
    token, key = found["t"], found["k"]
    if expected_key is not None and key != expected_key:
        raise _Refused(403, "the VAPID key is not the one the subscription was made with")
    try:
        head, body, signature = token.split(".")
        header = json.loads(b64url_decode(head))
        claims = json.loads(b64url_decode(body))
        raw = b64url_decode(signature)
        public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b64url_decode(key))
    except ValueError as exc:
        raise _Refused(401, f"malformed VAPID token or key ({exc})") from exc
    if header.get("alg") != "ES256" or len(raw) != 64:
        raise _Refused(401, f"the VAPID JWT must be ES256, got {header!r}")
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    try:
        public.verify(der, f"{head}.{body}".encode("ascii"), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature as exc:
        raise _Refused(403, "the VAPID signature does not verify") from exc
    moment = time.time() if now is None else now
    if claims.get("aud") != audience:
        raise _Refused(403, f"aud is {claims.get('aud')!r}, expected {audience!r}")
    if not moment < int(claims.get("exp", 0)) <= moment + 24 * 3600:
        raise _Refused(403, f"exp {claims.get('exp')!r} is not within the next 24 hours")
    if not str(claims.get("sub", "")).startswith(("mailto:", "https:")):
        raise _Refused(403, f"sub {claims.get('sub')!r} is not a mailto: or https: URL")
    return key, claims


@dataclass
class PushService:
    """See the module docstring.  Start with ``with`` or :meth:`start`."""

    expected_vapid_key: str | None = None
    messages: list[PushMessage] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    requests: int = 0

    def __post_init__(self) -> None:
        self._subscriptions: dict[str, SyntheticSubscription] = {}
        self._failures: list[int] = []
        self._changed = threading.Condition()
        self._server: ThreadingHTTPServer | None = None

    # -- lifecycle --------------------------------------------------------

    def start(self) -> PushService:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> PushService:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def origin(self) -> str:
        """``http://127.0.0.1:<port>``: the ``aud`` a VAPID JWT must name."""
        assert self._server is not None, "start the service first"
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    # -- what tests call --------------------------------------------------

    def subscribe(self) -> SyntheticSubscription:
        """A new synthetic subscription whose endpoint is on this service."""
        return self.register(make_subscription(f"{self.origin}/push/{_b64url(os.urandom(12))}"))

    def register(self, sub: SyntheticSubscription) -> SyntheticSubscription:
        """Accept pushes for a subscription made elsewhere (its endpoint must
        start with :attr:`origin`)."""
        if not sub.endpoint.startswith(self.origin + "/"):
            raise ValueError(f"{sub.endpoint} is not on {self.origin}")
        self._subscriptions[sub.endpoint.removeprefix(self.origin)] = sub
        return sub

    def fail_next(self, status: int, times: int = 1) -> None:
        """Answer the next ``times`` requests with ``status`` and keep nothing."""
        self._failures += [status] * times

    def wait_for(self, count: int, timeout: float = 10.0) -> list[PushMessage]:
        """Wait until ``count`` messages have arrived; returns all of them."""
        with self._changed:
            self._changed.wait_for(lambda: len(self.messages) >= count, timeout)
            return list(self.messages)

    # -- what the handler calls -------------------------------------------

    def _receive(self, path: str, headers: dict[str, str], body: bytes) -> int:
        with self._changed:
            self.requests += 1
            if self._failures:
                return self._failures.pop(0)
        sub = self._subscriptions.get(path)
        if sub is None:
            raise _Refused(404, f"no subscription at {path}")
        if headers.get("content-encoding") != "aes128gcm":
            raise _Refused(400, f"Content-Encoding is {headers.get('content-encoding')!r}")
        if "ttl" not in headers:
            raise _Refused(400, "the TTL header is missing")
        key, claims = verify_vapid(headers.get("authorization", ""), self.origin,
                                   self.expected_vapid_key)
        try:
            payload = sub.decrypt(body)
        except Exception as exc:  # http_ece raises several kinds on a bad body
            raise _Refused(400, f"the body does not decrypt ({type(exc).__name__}: {exc})") \
                from exc
        with self._changed:
            self.messages.append(PushMessage(path=path, headers=headers, vapid_key=key,
                                             claims=claims, payload=payload))
            self._changed.notify_all()
        return 201


def _handler(service: PushService) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the http.server naming
            body = self.rfile.read(int(self.headers.get("content-length", "0")))
            headers = {k.lower(): v for k, v in self.headers.items()}
            try:
                status = service._receive(self.path, headers, body)
            except _Refused as exc:
                with service._changed:
                    service.errors.append(f"{exc.status}: {exc}")
                status = exc.status
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler
