"""Events: what an ingest or a comment added that a user can follow.

The store records an event in the same transaction as the change it
describes.  Keys are deterministic, so recording the same event twice (the
same page re-ingested, a batch resumed) is a no-op; ``seq`` orders events
for the notifier, which remembers the last one it has handled.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from ..clock import utc_stamp

__all__ = ["EVENT_KINDS", "Event", "earlier_payloads", "events_after", "record_event"]

#: stance: a source's new stance on a claim (subject: claim id);
#: quote: a new quote (subject: speaker entity id);
#: article: a new article (subject: article id);
#: comment: a new comment or reply (subject: comment id).
EVENT_KINDS = ("stance", "quote", "article", "comment")


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    seq: int
    key: str
    kind: str
    subject: str
    article_id: str | None
    payload: dict[str, Any]
    created: str


def record_event(conn: sqlite3.Connection, *, key: str, kind: str, subject: str,
                 article_id: str | None = None, payload: dict[str, Any] | None = None) -> bool:
    """Record one event unless its key is known; returns whether it is new."""
    if kind not in EVENT_KINDS:
        raise ValueError(f"unknown event kind {kind!r}")
    before = conn.total_changes
    conn.execute(
        "INSERT OR IGNORE INTO events (key, kind, subject, article_id, payload, created) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (key, kind, subject, article_id, json.dumps(payload or {}, sort_keys=True),
         utc_stamp()))
    return conn.total_changes > before


def events_after(conn: sqlite3.Connection, seq: int, limit: int = 500) -> list[Event]:
    """Events with ``seq`` greater than ``seq``, oldest first."""
    rows = conn.execute(
        "SELECT seq, key, kind, subject, article_id, payload, created FROM events "
        "WHERE seq > ? ORDER BY seq LIMIT ?", (seq, limit))
    return [Event(seq=r[0], key=r[1], kind=r[2], subject=r[3], article_id=r[4],
                  payload=json.loads(r[5]), created=r[6]) for r in rows]


def earlier_payloads(conn: sqlite3.Connection, kind: str, subjects: list[str],
                     before: int) -> list[dict[str, Any]]:
    """The payloads of the ``kind`` events about any of ``subjects`` recorded
    before the event ``before`` (a ``seq``), oldest first."""
    if not subjects:
        return []
    rows = conn.execute(
        f"SELECT payload FROM events WHERE kind = ? AND seq < ? "
        f"AND subject IN ({','.join('?' * len(subjects))}) ORDER BY seq", (kind, before, *subjects))
    return [json.loads(payload) for (payload,) in rows]
