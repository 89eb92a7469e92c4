"""The notify stage: stored events become notifications and deliveries.

:func:`process` is the one entry point.  It runs after anything that may
record events (an ingest, a comment) and periodically, so that retries
come due::

    stats = process(store, settings)

1. :mod:`.fanout` matches every event after the last handled one against
   the follows (:mod:`.match`), records one notification per user per event
   and plans a delivery per channel the user turned on;
2. :mod:`.deliver` attempts the due deliveries over browser push
   (:mod:`.webpush`), webhooks (:mod:`.webhook`) and e-mail (:mod:`.email`),
   retrying with exponential backoff and recording every failure.

The inbox and the Atom feed (:mod:`.atom`) read the notifications directly.
Runs on one :class:`~factdesk.store.Store` take turns (:mod:`.serial`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from ..settings import Settings
from ..store import Store
from ..store.people.deliveries import next_retry_at
from .deliver import deliver_due, iso
from .fanout import fan_out
from .serial import store_lock

__all__ = ["NotifyStats", "process"]


@dataclass(frozen=True, slots=True, kw_only=True)
class NotifyStats:
    """What one :func:`process` run did; ``next_retry_at`` is when the earliest
    pending delivery comes due (ISO 8601 UTC), or None when nothing waits."""

    events: int
    notifications: int
    deliveries: int
    sent: int
    retrying: int
    failed: int
    next_retry_at: str | None

    def to_dict(self) -> dict[str, int | str | None]:
        return {"events": self.events, "notifications": self.notifications,
                "deliveries": self.deliveries, "sent": self.sent, "retrying": self.retrying,
                "failed": self.failed, "next_retry_at": self.next_retry_at}


def process(store: Store, settings: Settings, *, now: datetime | None = None) -> NotifyStats:
    """Notify about new events and attempt the deliveries due at ``now``
    (default: the current time).  Safe to run again at any time: nothing is
    notified or sent twice."""
    moment = now or datetime.now(UTC)
    with store_lock(store):
        planned = fan_out(store, now=iso(moment))
    attempts = deliver_due(store, settings, now=moment)  # takes the lock but while sending
    with store_lock(store):
        retry_at = store.read(next_retry_at, iso(moment))
    return NotifyStats(events=planned.events, notifications=planned.notifications,
                       deliveries=planned.deliveries, sent=attempts.sent,
                       retrying=attempts.retrying, failed=attempts.failed,
                       next_retry_at=retry_at)
