"""Morning digests: per user, what moved since their last digest.

A digest covers the user's notifications whose event came after the one the
user's previous digest ended at (``digests.last_seq``; 0 before the first);
each digest sent is a row (its title and text feed the user's Atom feed).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from .notifications import InboxItem, _INBOX, _item

__all__ = ["Digest", "add_digest", "digest_users", "digests_of", "last_digest_seq",
           "moved_since"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Digest:
    id: int
    user_id: int
    last_seq: int
    sent: str
    title: str
    body: str


def digest_users(conn: sqlite3.Connection) -> list[int]:
    """Users who follow anything, by id."""
    return [r[0] for r in conn.execute("SELECT DISTINCT user_id FROM follows ORDER BY user_id")]


def last_digest_seq(conn: sqlite3.Connection, user_id: int) -> int:
    (seq,) = conn.execute("SELECT coalesce(max(last_seq), 0) FROM digests WHERE user_id = ?",
                          (user_id,)).fetchone()
    return int(seq)


def moved_since(conn: sqlite3.Connection, user_id: int,
                after_seq: int) -> list[tuple[int, InboxItem]]:
    """``(event seq, item)`` of the user's notifications after event ``after_seq``, oldest first."""
    rows = conn.execute(_INBOX.replace("SELECT n.id,", "SELECT n.event_seq, n.id,", 1)
                        + "WHERE n.user_id = ? AND n.event_seq > ? ORDER BY n.event_seq",
                        (user_id, after_seq)).fetchall()
    return [(row[0], _item(conn, row[1:])) for row in rows]


def add_digest(conn: sqlite3.Connection, user_id: int, *, last_seq: int, sent: str, title: str,
               body: str) -> int:
    cursor = conn.execute("INSERT INTO digests (user_id, last_seq, sent, title, body) "
                          "VALUES (?, ?, ?, ?, ?)", (user_id, last_seq, sent, title, body))
    return int(cursor.lastrowid)


def digests_of(conn: sqlite3.Connection, user_id: int, *, limit: int = 10) -> list[Digest]:
    """The user's latest digests, newest first."""
    return [Digest(id=i, user_id=u, last_seq=s, sent=t, title=ti, body=b)
            for i, u, s, t, ti, b in conn.execute(
                "SELECT id, user_id, last_seq, sent, title, body FROM digests WHERE user_id = ? "
                "ORDER BY id DESC LIMIT ?", (user_id, limit))]
