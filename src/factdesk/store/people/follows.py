"""Follows: a user follows an entity, a claim, a search query, a story or another user.

Targets are stored as given: an entity id, a claim id, the words of a search
(stripped, as typed) or a user's id as a string.  A claim's id changes when
its cluster grows; ``claim_aliases`` maps the old id to the new one, so a
followed claim is resolved through it (:mod:`factdesk.store.claim_identity`)
whenever it is shown or matched.  Entities likewise: the per-article ids of one person are
mapped to its canonical id in ``entity_aliases`` (:mod:`factdesk.store.identity`),
so an entity is followed under its canonical id, and a follow of any of its
ids, made before or after two ids merged, reaches it (:func:`follow_targets`).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from ...clock import utc_stamp
from ...errors import InputError, StoreError
from ..claim_identity import claim_ids, resolve_claim
from ..identity import entity_ids, resolve_entity
from ..query_syntax import parse_query
from ..search import Filters, SearchKind
from ..search_sql import BUILDERS
from ..stories import resolve_story, story_ids

__all__ = ["FOLLOW_KINDS", "FOLLOW_SORTS", "Follow", "follow", "follow_count", "follow_targets",
           "followed_searches", "followers", "follows_of", "follows_on", "is_following",
           "search_matches", "unfollow"]

FOLLOW_KINDS = ("entity", "claim", "search", "user", "story")
_MAX_TARGET = 500


@dataclass(frozen=True, slots=True, kw_only=True)
class Follow:
    """``target`` as stored; ``current`` is the claim or entity id it resolves to today."""

    user_id: int
    kind: str
    target: str
    current: str
    created: str


def follow_targets(conn: sqlite3.Connection, kind: str, target: str) -> set[str]:
    """Every stored target that means the same thing as ``target``: a claim's
    older and newer ids, an entity's canonical and per-article ids."""
    if kind == "claim":
        return claim_ids(conn, target)
    if kind == "entity":
        return entity_ids(conn, target)
    if kind == "story":
        return story_ids(conn, resolve_story(conn, target) or target) | {target}
    return {target}


def _current(conn: sqlite3.Connection, kind: str, target: str) -> str:
    if kind == "claim":
        return resolve_claim(conn, target)
    if kind == "entity":
        return resolve_entity(conn, target)
    if kind == "story":
        current = resolve_story(conn, target)
        if current is None:
            raise InputError(f"no story {target!r}: follow a story id as /stories lists them")
        return current
    return target


def _check(kind: str, target: str) -> str:
    if kind not in FOLLOW_KINDS:
        raise InputError(f"one can follow {', '.join(FOLLOW_KINDS)}, not {kind!r}")
    target = target.strip()
    if not target or len(target) > _MAX_TARGET:
        raise InputError(f"a followed {kind} needs a target of 1 to {_MAX_TARGET} characters")
    return target


def follow(conn: sqlite3.Connection, user_id: int, kind: str, target: str) -> bool:
    """Follow; returns whether this is new.  A claim is followed under its current id."""
    target = _current(conn, kind, _check(kind, target))
    if kind == "user" and target == str(user_id):
        raise InputError("you cannot follow yourself")
    cursor = conn.execute(
        "INSERT OR IGNORE INTO follows (user_id, kind, target, created) VALUES (?, ?, ?, ?)",
        (user_id, kind, target, utc_stamp()))
    return cursor.rowcount > 0


def unfollow(conn: sqlite3.Connection, user_id: int, kind: str, target: str) -> bool:
    """Stop following (a claim or entity: under any of its ids); returns whether anything went."""
    targets = follow_targets(conn, kind, _check(kind, target))
    cursor = conn.execute(
        f"DELETE FROM follows WHERE user_id = ? AND kind = ? AND target IN "
        f"({','.join('?' * len(targets))})", (user_id, kind, *sorted(targets)))
    return cursor.rowcount > 0


def is_following(conn: sqlite3.Connection, user_id: int, kind: str, target: str) -> bool:
    targets = follow_targets(conn, kind, target)
    row = conn.execute(
        f"SELECT 1 FROM follows WHERE user_id = ? AND kind = ? AND target IN "
        f"({','.join('?' * len(targets))}) LIMIT 1", (user_id, kind, *sorted(targets))).fetchone()
    return row is not None


#: How a user's follows may be listed: by kind (then newest first), newest or oldest first.
FOLLOW_SORTS = ("kind", "newest", "oldest")
_FOLLOW_ORDER = {"kind": "kind, created DESC, target", "newest": "created DESC, kind, target",
                 "oldest": "created, kind, target"}


def follows_of(conn: sqlite3.Connection, user_id: int, *, sort: str = "kind",
               limit: int = -1, offset: int = 0) -> list[Follow]:
    """What ``user_id`` follows, in ``sort`` order (:data:`FOLLOW_SORTS`); ``limit``
    of them from ``offset`` on (-1: all)."""
    rows = conn.execute("SELECT kind, target, created FROM follows WHERE user_id = ? "
                        f"ORDER BY {_FOLLOW_ORDER[sort]} LIMIT ? OFFSET ?",
                        (user_id, limit, max(0, offset))).fetchall()
    return [Follow(user_id=user_id, kind=kind, target=target, created=created,
                   current=_current(conn, kind, target))
            for kind, target, created in rows]


def follow_count(conn: sqlite3.Connection, user_id: int) -> int:
    """How many things ``user_id`` follows."""
    return conn.execute("SELECT count(*) FROM follows WHERE user_id = ?",
                        (user_id,)).fetchone()[0]


def followers(conn: sqlite3.Connection, kind: str, target: str) -> list[int]:
    """Ids of the users who follow ``target`` (a claim or entity under any of its ids)."""
    targets = follow_targets(conn, kind, target)
    rows = conn.execute(
        f"SELECT DISTINCT user_id FROM follows WHERE kind = ? AND target IN "
        f"({','.join('?' * len(targets))}) ORDER BY user_id", (kind, *sorted(targets)))
    return [r[0] for r in rows]


def follows_on(conn: sqlite3.Connection, kind: str, targets: list[str]) -> list[tuple[int, str]]:
    """``(user_id, target)`` of every follow of ``kind`` on one of ``targets``
    (as stored: no alias is resolved here), by user."""
    if not targets:
        return []
    rows = conn.execute(
        f"SELECT user_id, target FROM follows WHERE kind = ? "
        f"AND target IN ({','.join('?' * len(targets))}) ORDER BY user_id", (kind, *targets))
    return [(r[0], r[1]) for r in rows]


def followed_searches(conn: sqlite3.Connection) -> list[tuple[int, str]]:
    """``(user_id, words)`` of every followed search."""
    return [(r[0], r[1]) for r in conn.execute(
        "SELECT user_id, target FROM follows WHERE kind = 'search' ORDER BY user_id, target")]


def search_matches(conn: sqlite3.Connection, words: str, article_id: str) -> bool:
    """Whether the followed search ``words`` finds the article ``article_id``
    (in the search box's language, fields too, as the search page does); a blank
    query, or one that cannot be parsed, finds nothing."""
    try:
        parsed = parse_query(words)
    except StoreError:
        return False
    if parsed.match is None and not (parsed.speaker or parsed.outlet):
        return False
    built = BUILDERS[SearchKind.ARTICLES](
        parsed.match, (), Filters(speaker=parsed.speaker, outlet=parsed.outlet), 0)
    try:
        return conn.execute(f"SELECT 1 {built.where} AND a.id = ? LIMIT 1",
                            [*built.args, article_id]).fetchone() is not None
    except sqlite3.OperationalError:
        return False
