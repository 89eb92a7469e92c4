"""Attempt the deliveries that are due, and record every outcome.

A delivery is *due* when it is pending and its ``next_at`` is empty or
past.  Before sending, it is claimed with a conditional ``UPDATE`` that
moves ``next_at`` a lease ahead, so two notifiers (a CLI run beside the
web app) never send it twice, and one that dies mid-send leaves it to be
retried after the lease.  The network call happens outside any
transaction.  Then, in a short transaction:

- success: ``status = 'sent'``, ``sent_at``, ``attempts + 1``;
- failure: ``attempts + 1``, ``last_error``, and ``next_at = now +
  notify_backoff_s * 2 ** (attempts - 1)`` (at most a week), or
  ``status = 'failed'`` once ``notify_max_attempts`` attempts are spent or
  the error is permanent.

Nothing is dropped: a delivery is always pending, sent or failed with the
reason in ``last_error``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from ..errors import DeliveryError
from ..settings import Settings
from ..store import Store
from ..store.notifications import InboxItem, PushSubscription, notification
from .email import send_mail
from .webhook import post_webhook
from .webpush import send_push

__all__ = ["Attempts", "deliver_due", "iso", "message_of"]

log = logging.getLogger(__name__)
_BATCH = 200
_LONGEST_WAIT = 7 * 24 * 3600.0  # backoff stops doubling at a week


@dataclass(frozen=True, slots=True, kw_only=True)
class Attempts:
    sent: int
    retrying: int
    failed: int


def iso(moment: datetime) -> str:
    """``moment`` as stored: ISO 8601 in UTC to the second, so it sorts as text
    (a naive datetime is taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def message_of(item: InboxItem, base_url: str) -> dict[str, Any]:
    """The JSON a webhook receives for a notification (links made absolute)."""
    return {"id": item.id, "kind": item.kind, "reason": item.reason,
            "because": item.because or item.reason, "title": item.title,
            "url": base_url.rstrip("/") + item.url, "created": item.created,
            "payload": item.payload}


def _push_message(item: InboxItem, base_url: str) -> dict[str, Any]:
    return {"title": item.title, "body": f"factdesk · {item.because or item.reason}",
            "url": base_url.rstrip("/") + item.url, "tag": f"factdesk-{item.id}", "id": item.id}


def _mail_text(item: InboxItem, base_url: str) -> str:
    return (f"{item.title}\n\n{base_url.rstrip('/')}{item.url}\n\n"
            f"You get this because {item.because or item.reason}.\nTurn e-mail off in your factdesk "
            f"notification settings at {base_url.rstrip('/')}/.\n")


def _send(store: Store, settings: Settings, row: tuple) -> None:
    delivery_id, notification_id, channel, target = row
    conn = store.conn
    found = notification(conn, notification_id)
    if found is None:
        raise DeliveryError("the notification no longer exists", permanent=True)
    user_id, item = found
    if channel == "push":
        sub = conn.execute("SELECT id, endpoint, p256dh, auth, created, user_id FROM "
                           "push_subscriptions WHERE endpoint = ?", (target,)).fetchone()
        if sub is None or sub[5] != user_id:
            raise DeliveryError("the push subscription was removed", permanent=True)
        subscription = PushSubscription(id=sub[0], endpoint=sub[1], p256dh=sub[2], auth=sub[3],
                                        created=sub[4])
        send_push(store, settings, subscription, _push_message(item, settings.base_url))
    elif channel == "webhook":
        hook = conn.execute("SELECT secret FROM webhooks WHERE user_id = ? AND url = ?",
                            (user_id, target)).fetchone()
        if hook is None:
            raise DeliveryError("the webhook was removed", permanent=True)
        post_webhook(settings, target, hook[0], message_of(item, settings.base_url),
                     delivery_id=delivery_id, event=item.kind)
    elif channel == "email":
        send_mail(settings, target, f"[factdesk] {item.title}",
                  _mail_text(item, settings.base_url))
    else:
        raise DeliveryError(f"unknown channel {channel!r}", permanent=True)


def deliver_due(store: Store, settings: Settings, *, now: datetime) -> Attempts:
    """Attempt every delivery due at ``now`` once; returns what happened."""
    stamp = iso(now)
    lease = iso(now + timedelta(seconds=max(60.0, 4 * settings.fetch_timeout)))
    rows = store.conn.execute(
        "SELECT id, notification_id, channel, target FROM deliveries WHERE status = 'pending' "
        "AND (next_at IS NULL OR next_at <= ?) ORDER BY id LIMIT ?", (stamp, _BATCH)).fetchall()
    sent = retrying = failed = 0
    for row in rows:
        with store.transaction() as conn:
            claimed = conn.execute(
                "UPDATE deliveries SET next_at = ? WHERE id = ? AND status = 'pending' "
                "AND (next_at IS NULL OR next_at <= ?)", (lease, row[0], stamp)).rowcount
        if not claimed:
            continue
        try:
            _send(store, settings, row)
        except Exception as exc:  # a bug, too, must not leave the delivery claimed and uncounted
            expected = isinstance(exc, DeliveryError)
            error = str(exc) if expected else f"unexpected {type(exc).__name__}: {exc}"
            log.log(logging.WARNING if expected else logging.ERROR,
                    "delivery %s (%s to %s) failed: %s", row[0], row[2], row[3], error,
                    exc_info=not expected)
            gave_up = _failed(store, settings, row[0], error,
                              expected and getattr(exc, "permanent", False), now)
            failed += gave_up
            retrying += not gave_up
        else:
            with store.transaction() as conn:
                conn.execute("UPDATE deliveries SET status = 'sent', attempts = attempts + 1, "
                             "sent_at = ?, next_at = NULL, last_error = NULL WHERE id = ?",
                             (stamp, row[0]))
            sent += 1
    return Attempts(sent=sent, retrying=retrying, failed=failed)


def _failed(store: Store, settings: Settings, delivery_id: int, error: str, permanent: bool,
            now: datetime) -> bool:
    """Record a failed attempt; returns whether the delivery was given up."""
    with store.transaction() as conn:
        attempts = conn.execute("SELECT attempts FROM deliveries WHERE id = ?",
                                (delivery_id,)).fetchone()[0] + 1
        give_up = permanent or attempts >= settings.notify_max_attempts
        wait = min(settings.notify_backoff_s * 2 ** min(attempts - 1, 30), _LONGEST_WAIT)
        conn.execute(
            "UPDATE deliveries SET attempts = ?, last_error = ?, status = ?, next_at = ? "
            "WHERE id = ?",
            (attempts, error[:1000], "failed" if give_up else "pending",
             None if give_up else iso(now + timedelta(seconds=wait)), delivery_id))
    return give_up
