"""Attempt the deliveries that are due, and record every outcome.

A delivery is *due* when it is pending and its ``next_at`` is empty or
past.  Before sending, it is claimed with a conditional ``UPDATE`` that
moves ``next_at`` a lease ahead, so two notifiers (a CLI run beside the
web app) never send it twice, and one that dies mid-send leaves it to be
retried after the lease.  The network call happens outside any
transaction, on sender threads: one per receiver (a channel and target),
so a receiver that is slow or never answers delays only its own deliveries,
each of which has its own deadline (``fetch_timeout``).  Then, in a short
transaction per delivery:

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
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

from ..errors import DeliveryError
from ..settings import Settings
from ..store import Store
from ..store.people.deliveries import (
    claim_delivery,
    delivery_attempts,
    delivery_failed,
    delivery_sent,
    due_deliveries,
)
from ..store.people.notifications import (
    Delivery,
    InboxItem,
    notification,
    push_subscription_at,
    webhook_secret,
)
from .email import send_mail
from .links import link_base
from .serial import store_lock
from .webhook import post_webhook
from .webpush import send_push

__all__ = ["Attempts", "deliver_due", "iso", "message_of"]

log = logging.getLogger(__name__)
_BATCH = 200
_LONGEST_WAIT = 7 * 24 * 3600.0  # backoff stops doubling at a week
_SENDERS = 16  # receivers sent to at once
_GRACE_S = 5.0  # past a send's own deadline before its receiver is given up on this round


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


def _prepare(store: Store, settings: Settings, delivery: Delivery) -> Callable[[], None]:
    """Look up what ``delivery`` needs (on the caller's thread, which owns the
    connection) and return the network send, to run on a sender thread."""
    channel, target = delivery.channel, delivery.target
    found = store.read(notification, delivery.notification_id)
    if found is None:
        raise DeliveryError("the notification no longer exists", permanent=True)
    user_id, item = found
    if channel == "push":
        owner, subscription = store.read(push_subscription_at, target) or (None, None)
        if subscription is None or owner != user_id:
            raise DeliveryError("the push subscription was removed", permanent=True)
        return partial(send_push, store, settings, subscription,
                       _push_message(item, link_base(settings)))
    if channel == "webhook":
        secret = store.read(webhook_secret, user_id, target)
        if secret is None:
            raise DeliveryError("the webhook was removed", permanent=True)
        return partial(post_webhook, settings, target, secret,
                       message_of(item, link_base(settings)), delivery_id=delivery.id,
                       event=item.kind)
    if channel == "email":
        return partial(send_mail, settings, target, f"[factdesk] {item.title}",
                       _mail_text(item, link_base(settings)))
    raise DeliveryError(f"unknown channel {channel!r}", permanent=True)


Claimed = list[tuple[Delivery, "Callable[[], None] | Exception"]]


def _claim(store: Store, settings: Settings, stamp: str, lease: str) -> Claimed:
    """Claim the due deliveries; each with its send, or the error that stops it."""
    claimed: Claimed = []
    for delivery in store.read(due_deliveries, stamp, limit=_BATCH):
        with store.transaction() as conn:
            if not claim_delivery(conn, delivery.id, now=stamp, lease=lease):
                continue
        try:
            claimed.append((delivery, _prepare(store, settings, delivery)))
        except Exception as exc:  # recorded below like a failed send
            claimed.append((delivery, exc))
    return claimed


def _send_all(claimed: Claimed, settings: Settings) -> dict[int, Exception | None]:
    """Run the sends, one sender thread per receiver (channel and target): a
    receiver's deliveries go one after another, receivers at once, so a slow
    receiver holds up only its own.  Each send has its own deadline
    (``fetch_timeout``); a receiver whose sends are still out when their deadlines
    and a grace have passed is answered "no answer" and retried later."""
    outcomes: dict[int, Exception | None] = {}
    receivers: dict[tuple[str, str], list[tuple[Delivery, Callable[[], None]]]] = {}
    for delivery, send in claimed:
        if isinstance(send, Exception):
            outcomes[delivery.id] = send
        else:
            receivers.setdefault((delivery.channel, delivery.target), []).append((delivery, send))
    if not receivers:
        return outcomes

    def send_to(batch: list[tuple[Delivery, Callable[[], None]]]) -> None:
        for delivery, send in batch:
            try:
                send()
            except Exception as exc:  # recorded by the caller's thread
                outcomes[delivery.id] = exc
            else:
                outcomes[delivery.id] = None

    threads = min(_SENDERS, len(receivers))
    rounds = -(-len(receivers) // threads)
    longest = max(len(batch) for batch in receivers.values())
    patience = rounds * longest * (settings.fetch_timeout + _GRACE_S)
    pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="factdesk-deliver")
    try:
        wait([pool.submit(send_to, batch) for batch in receivers.values()], timeout=patience)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    late = DeliveryError(f"no answer within {settings.fetch_timeout + _GRACE_S:g} s "
                         "(fetch_timeout and a grace); retried later")
    answered = dict(outcomes)  # a snapshot: a late sender may still write to outcomes
    return {delivery.id: answered.get(delivery.id, late) for delivery, _ in claimed}


def deliver_due(store: Store, settings: Settings, *, now: datetime) -> Attempts:
    """Attempt every delivery due at ``now`` once; returns what happened.

    The store is used only under :func:`~factdesk.notify.serial.store_lock`
    (claims and look-ups first, outcomes after); the network sends run on
    sender threads between the two, without it (see :func:`_send_all`).
    """
    stamp = iso(now)
    lease = iso(now + timedelta(seconds=max(60.0, 4 * settings.fetch_timeout)))
    with store_lock(store):
        claimed = _claim(store, settings, stamp, lease)
    outcomes = _send_all(claimed, settings)
    sent = retrying = failed = 0
    with store_lock(store):
        for delivery, _ in claimed:
            exc = outcomes[delivery.id]
            if exc is None:
                with store.transaction() as conn:
                    delivery_sent(conn, delivery.id, at=stamp)
                sent += 1
                continue
            # a bug, too, must not leave the delivery claimed and uncounted
            expected = isinstance(exc, DeliveryError)
            error = str(exc) if expected else f"unexpected {type(exc).__name__}: {exc}"
            log.log(logging.WARNING if expected else logging.ERROR,
                    "delivery %s (%s to %s) failed: %s", delivery.id, delivery.channel,
                    delivery.target, error, exc_info=exc if not expected else None)
            gave_up = _failed(store, settings, delivery.id, error,
                              expected and getattr(exc, "permanent", False), now)
            failed += gave_up
            retrying += not gave_up
    return Attempts(sent=sent, retrying=retrying, failed=failed)


def _failed(store: Store, settings: Settings, delivery_id: int, error: str, permanent: bool,
            now: datetime) -> bool:
    """Record a failed attempt; returns whether the delivery was given up."""
    with store.transaction() as conn:
        attempts = delivery_attempts(conn, delivery_id) + 1
        give_up = permanent or attempts >= settings.notify_max_attempts
        wait = min(settings.notify_backoff_s * 2 ** min(attempts - 1, 30), _LONGEST_WAIT)
        delivery_failed(conn, delivery_id, attempts=attempts, error=error,
                        retry_at=None if give_up else iso(now + timedelta(seconds=wait)))
    return give_up
