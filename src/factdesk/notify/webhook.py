"""Webhooks: a notification POSTed as JSON to a URL the user gave, signed.

Each request carries::

    Content-Type: application/json
    X-Factdesk-Event: <event kind>          (stance, quote, article, comment)
    X-Factdesk-Delivery: <delivery id>      (the same on every retry: deduplicate on it)
    X-Factdesk-Timestamp: <unix seconds>
    X-Factdesk-Signature: sha256=<hex>

where ``<hex>`` is the HMAC-SHA256, keyed with the webhook's secret, of the
timestamp, a dot and the raw body (``b"1718000000." + body``).  Signing the
timestamp lets a receiver refuse replays of old requests;
:func:`verify_signature` is the check a receiver written in Python can use.

A webhook URL is user-given, so every attempt goes through the same guarded
client as ingest (:class:`factdesk.ingest.pinned.GuardedClient`): the name is
resolved once, loopback, private and metadata addresses are refused unless
``allow_private_addresses``, and the connection goes to the address that was
checked.  The whole delivery has one deadline (``fetch_timeout`` seconds), at
most :data:`MAX_ANSWER_BYTES` of the receiver's answer are read, redirects
are not followed and proxies from the environment are not used.  Any 2xx
answer is success; anything else is retried with backoff by the notifier,
except 410 Gone, which gives the delivery up.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any

import httpx

from ..errors import DeliveryError, FetchError
from ..ingest.fetch import check_url
from ..ingest.pinned import GuardedClient
from ..settings import Settings

__all__ = ["MAX_ANSWER_BYTES", "check_webhook_url", "post_webhook", "sign", "verify_signature"]

#: A receiver's answer is read up to this many bytes (its status is what counts).
MAX_ANSWER_BYTES = 64 * 1024


def check_webhook_url(url: str, settings: Settings) -> str:
    """``url`` if a webhook may be sent there; else :class:`DeliveryError`
    (the web app calls this before :func:`factdesk.store.people.notifications.add_webhook`)."""
    try:
        return check_url(url, settings)
    except FetchError as exc:
        raise DeliveryError(f"webhook URL refused: {exc}", permanent=True) from exc
    except ValueError as exc:  # urlsplit on a malformed URL ("http://[oops/")
        raise DeliveryError(f"webhook URL refused: {url!r} is not a valid URL ({exc})",
                            permanent=True) from exc


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The ``X-Factdesk-Signature`` value for ``body`` sent at ``timestamp``."""
    digest = hmac.new(secret.encode("utf-8"), str(timestamp).encode("ascii") + b"." + body,
                      hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def verify_signature(secret: str, timestamp: str, body: bytes, signature: str, *,
                     tolerance: float = 300.0, now: float | None = None) -> bool:
    """Whether ``signature`` is right for ``body`` and ``timestamp`` is within
    ``tolerance`` seconds of ``now`` (compared in constant time)."""
    try:
        stamp = int(timestamp)
    except ValueError:
        return False
    if abs((time.time() if now is None else now) - stamp) > tolerance:
        return False
    return hmac.compare_digest(sign(secret, stamp, body), signature)


def post_webhook(settings: Settings, url: str, secret: str, message: dict[str, Any], *,
                 delivery_id: int, event: str) -> None:
    """POST ``message`` to ``url``; raise :class:`DeliveryError` unless it answers 2xx."""
    body = json.dumps(message, ensure_ascii=False, sort_keys=True).encode("utf-8")
    stamp = int(time.time())
    headers = {"Content-Type": "application/json", "User-Agent": settings.user_agent,
               "X-Factdesk-Event": event, "X-Factdesk-Delivery": str(delivery_id),
               "X-Factdesk-Timestamp": str(stamp),
               "X-Factdesk-Signature": sign(secret, stamp, body)}
    try:
        with GuardedClient(settings) as client:
            reply = client.request("POST", url, content=body, headers=headers,
                                   max_bytes=MAX_ANSWER_BYTES)
    except FetchError as exc:
        raise DeliveryError(f"webhook URL refused: {exc}", permanent=True) from exc
    except httpx.TimeoutException as exc:
        raise DeliveryError(f"webhook {url}: no answer within {settings.fetch_timeout:g} s "
                            "(fetch_timeout)") from exc
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise DeliveryError(f"webhook {url}: could not be reached ({type(exc).__name__}: "
                            f"{exc})") from exc
    if not 200 <= reply.status < 300:
        raise DeliveryError(f"webhook {url}: answered HTTP {reply.status}",
                            permanent=reply.status == 410)
