"""The notifier's book-keeping: the notifications and deliveries it plans, the
deliveries it claims, sends and retries, and what it remembers between runs.

:mod:`factdesk.notify` decides *who* is told and *how*; these functions are
the rows that decision becomes, each taking the caller's connection (inside a
:meth:`~factdesk.store.Store.transaction` for the writes).  What a user reads
and changes on their own behalf (the inbox, their webhooks and push devices)
is :mod:`factdesk.store.people.notifications`.

A delivery is *due* when it is pending and its ``next_at`` is empty or not
after now; timestamps are ISO 8601 UTC strings, which sort as text.
"""

from __future__ import annotations

import sqlite3

from .notifications import Delivery

__all__ = ["add_notification", "claim_delivery", "delivery_attempts", "delivery_failed",
           "delivery_sent", "due_deliveries", "keep_notify_state", "next_retry_at",
           "notify_state", "plan_delivery", "set_notify_state"]

_ERROR_MAX = 1000
_DELIVERY = ("SELECT id, notification_id, channel, target, status, attempts, next_at, "
             "last_error, sent_at FROM deliveries ")


# -- what the notifier remembers (``notify_state``) ---------------------------------------


def notify_state(conn: sqlite3.Connection, name: str) -> str | None:
    """The value kept under ``name``, or None."""
    row = conn.execute("SELECT value FROM notify_state WHERE name = ?", (name,)).fetchone()
    return row[0] if row else None


def set_notify_state(conn: sqlite3.Connection, name: str, value: str) -> None:
    """Keep ``value`` under ``name``, replacing what was there."""
    conn.execute("INSERT INTO notify_state (name, value) VALUES (?, ?) ON CONFLICT(name) "
                 "DO UPDATE SET value = excluded.value", (name, value))


def keep_notify_state(conn: sqlite3.Connection, name: str, value: str) -> str:
    """Keep ``value`` under ``name`` unless something is kept there already
    (another process got there first); returns what is kept."""
    conn.execute("INSERT OR IGNORE INTO notify_state (name, value) VALUES (?, ?)", (name, value))
    kept = notify_state(conn, name)
    assert kept is not None
    return kept


# -- planning -----------------------------------------------------------------------------


def add_notification(conn: sqlite3.Connection, user_id: int, event_seq: int, reason: str,
                     created: str) -> int | None:
    """Notify ``user_id`` of the event ``event_seq``; returns the new notification's
    id, or None when the user was already told of that event."""
    cursor = conn.execute(
        "INSERT OR IGNORE INTO notifications (user_id, event_seq, reason, created) "
        "VALUES (?, ?, ?, ?)", (user_id, event_seq, reason, created))
    return cursor.lastrowid if cursor.rowcount else None


def plan_delivery(conn: sqlite3.Connection, notification_id: int, channel: str,
                  target: str) -> bool:
    """A pending delivery of a notification over ``channel`` to ``target``;
    returns whether it is new."""
    return conn.execute("INSERT OR IGNORE INTO deliveries (notification_id, channel, target) "
                        "VALUES (?, ?, ?)", (notification_id, channel, target)).rowcount > 0


# -- sending ------------------------------------------------------------------------------


def _delivery(row: tuple) -> Delivery:
    return Delivery(id=row[0], notification_id=row[1], channel=row[2], target=row[3],
                    status=row[4], attempts=row[5], next_at=row[6], last_error=row[7],
                    sent_at=row[8])


def due_deliveries(conn: sqlite3.Connection, now: str, *, limit: int) -> list[Delivery]:
    """The first ``limit`` deliveries due at ``now``, oldest first."""
    rows = conn.execute(_DELIVERY + "WHERE status = 'pending' AND (next_at IS NULL OR "
                        "next_at <= ?) ORDER BY id LIMIT ?", (now, limit))
    return [_delivery(row) for row in rows]


def claim_delivery(conn: sqlite3.Connection, delivery_id: int, *, now: str, lease: str) -> bool:
    """Take a due delivery for sending by moving its ``next_at`` to ``lease``;
    False when it is no longer due (another notifier took it, or it is done)."""
    return conn.execute(
        "UPDATE deliveries SET next_at = ? WHERE id = ? AND status = 'pending' "
        "AND (next_at IS NULL OR next_at <= ?)", (lease, delivery_id, now)).rowcount > 0


def delivery_sent(conn: sqlite3.Connection, delivery_id: int, *, at: str) -> None:
    """Record a delivery as sent at ``at`` (one more attempt, no error, nothing due)."""
    conn.execute("UPDATE deliveries SET status = 'sent', attempts = attempts + 1, "
                 "sent_at = ?, next_at = NULL, last_error = NULL WHERE id = ?",
                 (at, delivery_id))


def delivery_attempts(conn: sqlite3.Connection, delivery_id: int) -> int:
    """How many times a delivery was attempted so far."""
    return conn.execute("SELECT attempts FROM deliveries WHERE id = ?",
                        (delivery_id,)).fetchone()[0]


def delivery_failed(conn: sqlite3.Connection, delivery_id: int, *, attempts: int, error: str,
                    retry_at: str | None) -> None:
    """Record a failed attempt (``error`` kept to its first 1,000 characters):
    pending again at ``retry_at``, or failed for good when it is None."""
    conn.execute(
        "UPDATE deliveries SET attempts = ?, last_error = ?, status = ?, next_at = ? "
        "WHERE id = ?", (attempts, error[:_ERROR_MAX],
                         "pending" if retry_at is not None else "failed", retry_at,
                         delivery_id))


def next_retry_at(conn: sqlite3.Connection, now: str) -> str | None:
    """When the earliest pending delivery comes due (``now`` if one is due
    already), or None when nothing is pending."""
    return conn.execute("SELECT min(coalesce(next_at, ?)) FROM deliveries "
                        "WHERE status = 'pending'", (now,)).fetchone()[0]
