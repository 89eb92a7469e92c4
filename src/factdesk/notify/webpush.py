"""Browser push: Web Push (RFC 8030) with VAPID (RFC 8292) and an encrypted
payload (RFC 8291, ``aes128gcm``), through pywebpush.

The application server key is a P-256 key pair.  Its private half comes
from the ``vapid_private_key`` setting (a PEM file) or, when that is empty,
is generated once and kept in ``notify_state``; :func:`vapid_public_key`
gives the public half as the page's ``PushManager.subscribe()`` wants it
(``applicationServerKey``: base64url of the uncompressed point).

The push message the service worker receives is UTF-8 JSON::

    {"title": "...", "body": "...", "url": "https://.../claims/...",
     "tag": "factdesk-<notification id>", "id": <notification id>}

A push endpoint is a URL the browser gave.  pywebpush encrypts, signs and
sends with ``requests``; the session we hand it has one transport adapter,
:class:`_GuardedAdapter`, which sends through the same guarded client as
ingest (:class:`factdesk.ingest.pinned.GuardedClient`: the name resolved
once, every address checked, the connection made to a checked address, one
deadline of ``fetch_timeout`` for the whole request, at most
:data:`MAX_ANSWER_BYTES` of the answer read).  Redirects are not followed and
proxies from the environment are not used.  A push service answering 404 or
410 has dropped the subscription: it is deleted and the delivery given up.
"""

from __future__ import annotations

import base64
import io
import json
from http import HTTPStatus
from pathlib import Path
from typing import Any

from ..errors import ConfigError, DeliveryError, FetchError
from ..ingest.pinned import GuardedClient
from ..settings import Settings
from ..store import Store
from ..store.people.deliveries import keep_notify_state, notify_state
from ..store.people.notifications import PushSubscription, forget_push_subscription
from .serial import store_lock

__all__ = ["MAX_ANSWER_BYTES", "send_push", "vapid_public_key"]

#: A push service's answer is read up to this many bytes.
MAX_ANSWER_BYTES = 64 * 1024

_STATE = "vapid_private_key"
_TTL = 12 * 3600  # seconds a push service keeps a message for an offline browser


def _crypto():
    try:
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import ec
    except ImportError as exc:  # pragma: no cover - the serve extra brings it
        raise ConfigError("Web Push needs the serve extra: pip install 'factdesk[serve]'") from exc
    return serialization, ec


def _stored_pem(store: Store) -> bytes | None:
    value = store.read(notify_state, _STATE)
    return value.encode("ascii") if value is not None else None


def _pem(store: Store, settings: Settings) -> bytes:
    if settings.vapid_private_key:
        try:
            return Path(settings.vapid_private_key).read_bytes()
        except OSError as exc:
            raise ConfigError(f"vapid_private_key: cannot read {settings.vapid_private_key} "
                              f"({exc.strerror}); give a PEM file or leave it empty") from exc
    pem = _stored_pem(store)
    if pem is not None:
        return pem
    serialization, ec = _crypto()
    with store_lock(store):
        pem = _stored_pem(store)
        if pem is None:
            key = ec.generate_private_key(ec.SECP256R1())
            text = key.private_bytes(serialization.Encoding.PEM,
                                     serialization.PrivateFormat.PKCS8,
                                     serialization.NoEncryption()).decode("ascii")
            with store.transaction() as conn:
                pem = keep_notify_state(conn, _STATE, text).encode("ascii")
    return pem


def _private_key(store: Store, settings: Settings) -> Any:
    serialization, ec = _crypto()
    try:
        key = serialization.load_pem_private_key(_pem(store, settings), password=None)
    except (ValueError, TypeError) as exc:
        raise ConfigError("vapid_private_key: not an unencrypted PEM private key") from exc
    if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != "secp256r1":
        raise ConfigError("vapid_private_key: Web Push needs a P-256 (prime256v1) EC key")
    return key


def vapid_public_key(store: Store, settings: Settings) -> str:
    """The VAPID public key, base64url (no padding) of the 65-byte uncompressed point."""
    serialization, _ = _crypto()
    raw = _private_key(store, settings).public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _guarded_session(settings: Settings):
    """A ``requests`` session whose only transport is the guarded client."""
    import httpx
    import requests
    from requests.adapters import BaseAdapter
    from requests.structures import CaseInsensitiveDict

    class _GuardedAdapter(BaseAdapter):
        def __init__(self) -> None:
            super().__init__()
            self.client = GuardedClient(settings)

        def send(self, request, stream=False, timeout=None, verify=True, cert=None,
                 proxies=None):
            body = request.body.encode("utf-8") if isinstance(request.body, str) \
                else request.body
            try:
                reply = self.client.request(request.method, request.url,
                                            headers=dict(request.headers), content=body,
                                            max_bytes=MAX_ANSWER_BYTES)
            except httpx.TimeoutException as exc:
                raise requests.Timeout(str(exc), request=request) from exc
            except (httpx.HTTPError, httpx.InvalidURL) as exc:
                raise requests.ConnectionError(f"{type(exc).__name__}: {exc}",
                                               request=request) from exc
            response = requests.Response()
            response.status_code = reply.status
            response.reason = _reason(reply.status)
            response.headers = CaseInsensitiveDict(reply.headers)
            response.raw = io.BytesIO(reply.data[:MAX_ANSWER_BYTES])
            response.url = request.url
            response.request = request
            return response

        def close(self) -> None:
            self.client.close()

    session = requests.Session()
    session.trust_env = False   # no proxies from the environment
    session.max_redirects = 0   # a redirect is an answer, not followed
    adapter = _GuardedAdapter()
    session.adapters.clear()
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


def send_push(store: Store, settings: Settings, subscription: PushSubscription,
              message: dict[str, Any]) -> None:
    """Encrypt ``message`` (JSON) for ``subscription`` and POST it to its push
    service, signed with VAPID; raise :class:`DeliveryError` if it is not accepted."""
    import requests
    from py_vapid import Vapid
    from pywebpush import WebPushException, webpush

    vapid = Vapid(private_key=_private_key(store, settings))
    session = _guarded_session(settings)
    try:
        webpush(subscription.info(), data=json.dumps(message, ensure_ascii=False),
                vapid_private_key=vapid, vapid_claims={"sub": settings.vapid_subject},
                timeout=settings.fetch_timeout, ttl=_TTL, requests_session=session)
    except FetchError as exc:
        raise DeliveryError(f"push endpoint refused: {exc}", permanent=True) from exc
    except WebPushException as exc:
        status = exc.response.status_code if exc.response is not None else None
        if status in (404, 410):
            with store_lock(store), store.transaction() as conn:
                forget_push_subscription(conn, subscription.id)
            raise DeliveryError(f"the push service no longer knows this subscription (HTTP "
                                f"{status}); it was removed", permanent=True) from exc
        raise DeliveryError(f"the push service answered HTTP {status}") from exc
    except requests.RequestException as exc:
        raise DeliveryError(f"could not reach the push service ({type(exc).__name__}: "
                            f"{exc})") from exc
    except ValueError as exc:  # a key that is not a point on the curve
        raise DeliveryError(f"the push subscription's keys are not valid ({exc})",
                            permanent=True) from exc
    finally:
        session.close()
