"""Events to notifications to planned deliveries, in the store.

Each batch of events is handled in one transaction: the matching users get
one notification each (``UNIQUE (user_id, event_seq)``), each *new*
notification gets one pending delivery per channel the user turned on and
target they have (every push subscription, every webhook, their e-mail
address), and the last handled ``seq`` is saved in ``notify_state`` with
them.  A crash loses nothing and a rerun repeats nothing.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from ..store import Store
from ..store.people.accounts import user_by_id
from ..store.people.deliveries import add_notification, notify_state, plan_delivery, set_notify_state
from ..store.events import events_after
from ..store.people.notifications import push_subscriptions, user_channels, webhooks
from .match import match

__all__ = ["FanOut", "fan_out", "last_handled"]

_STATE = "last_event_seq"


@dataclass(frozen=True, slots=True, kw_only=True)
class FanOut:
    events: int
    notifications: int
    deliveries: int


def last_handled(conn: sqlite3.Connection) -> int:
    """The ``seq`` of the last event the notifier has handled (0: none)."""
    value = notify_state(conn, _STATE)
    return int(value) if value is not None else 0


def _targets(conn: sqlite3.Connection, user_id: int) -> list[tuple[str, str]]:
    on = user_channels(conn, user_id)
    targets: list[tuple[str, str]] = []
    if on["push"]:
        targets += [("push", sub.endpoint) for sub in push_subscriptions(conn, user_id)]
    if on["webhook"]:
        targets += [("webhook", hook.url) for hook in webhooks(conn, user_id)]
    user = user_by_id(conn, user_id) if on["email"] else None
    if user is not None:
        targets.append(("email", user.email))
    return targets


def fan_out(store: Store, *, now: str, batch: int = 500) -> FanOut:
    """Turn every event after the last handled one into notifications and
    pending deliveries; ``now`` (ISO 8601, UTC) stamps the new rows."""
    events = notifications = deliveries = 0
    while True:
        with store.transaction() as conn:
            todo = events_after(conn, last_handled(conn), limit=batch)
            for event in todo:
                for user_id, reason in match(conn, event):
                    added = add_notification(conn, user_id, event.seq, reason, now)
                    if added is None:
                        continue
                    notifications += 1
                    for channel, target in _targets(conn, user_id):
                        deliveries += plan_delivery(conn, added, channel, target)
            if todo:
                set_notify_state(conn, _STATE, str(todo[-1].seq))
        events += len(todo)
        if len(todo) < batch:
            return FanOut(events=events, notifications=notifications, deliveries=deliveries)
