"""Discussion threads: comments on articles and claims, with replies.

Comments are plain text (the web app escapes them on output).  Only the
author may edit or delete a comment; an admin may hide one.  A deleted
comment keeps its row (so replies keep their place) but loses its text; a
hidden one keeps its text for admins only.  Adding a comment records a
``comment:<id>`` event in the same transaction, which the notifier turns into
notifications for the others in the thread and the author's followers.

A claim's id changes when its cluster grows (see ``claim_aliases``): a
claim's thread gathers the comments made under any of its ids.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from ...clock import utc_stamp
from ...errors import Forbidden, InputError
from .accounts import User
from ..events import record_event
from ..claim_identity import claim_ids, resolve_claim

__all__ = ["MAX_COMMENT_CHARS", "TARGET_KINDS", "Comment", "add_comment", "comment",
           "comments_by", "delete_comment", "edit_comment", "hide_comment", "target_exists",
           "thread", "thread_people"]

TARGET_KINDS = ("article", "claim")
MAX_COMMENT_CHARS = 5000
_SELECT = ("SELECT c.id, c.user_id, u.name, c.target_kind, c.target, c.parent_id, c.body, "
           "c.created, c.edited, c.deleted, c.hidden FROM comments c JOIN users u "
           "ON u.id = c.user_id")


@dataclass(frozen=True, slots=True, kw_only=True)
class Comment:
    """One comment; ``depth`` is its nesting level in :func:`thread` (0 elsewhere)."""

    id: int
    user_id: int
    user_name: str
    target_kind: str
    target: str
    parent_id: int | None
    body: str
    created: str
    edited: str | None
    deleted: bool
    hidden: bool
    depth: int = 0


def _comment(row: tuple, depth: int = 0) -> Comment:
    return Comment(id=row[0], user_id=row[1], user_name=row[2], target_kind=row[3],
                   target=row[4], parent_id=row[5], body=row[6], created=row[7], edited=row[8],
                   deleted=bool(row[9]), hidden=bool(row[10]), depth=depth)


def _body(text: str) -> str:
    body = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not body:
        raise InputError("a comment needs some text")
    if len(body) > MAX_COMMENT_CHARS:
        raise InputError(f"a comment may have at most {MAX_COMMENT_CHARS:,} characters "
                         f"(this one has {len(body):,})")
    return body


def _targets(conn: sqlite3.Connection, target_kind: str, target: str) -> set[str]:
    if target_kind not in TARGET_KINDS:
        raise InputError(f"comments go on {' or '.join(TARGET_KINDS)}, not {target_kind!r}")
    return claim_ids(conn, target) if target_kind == "claim" else {target}


def target_exists(conn: sqlite3.Connection, target_kind: str, target: str) -> bool:
    """Whether there is an article or claim (under any of its ids) to comment on."""
    if target_kind == "article":
        return conn.execute("SELECT 1 FROM articles WHERE id = ?",
                            (target,)).fetchone() is not None
    if target_kind == "claim":
        return conn.execute("SELECT 1 FROM claims WHERE id = ?",
                            (resolve_claim(conn, target),)).fetchone() is not None
    return False


def comment(conn: sqlite3.Connection, comment_id: int) -> Comment | None:
    row = conn.execute(f"{_SELECT} WHERE c.id = ?", (comment_id,)).fetchone()
    return None if row is None else _comment(row)


def _root(conn: sqlite3.Connection, comment_id: int) -> int:
    seen = set()
    while comment_id not in seen:
        seen.add(comment_id)
        row = conn.execute("SELECT parent_id FROM comments WHERE id = ?",
                           (comment_id,)).fetchone()
        if row is None or row[0] is None:
            return comment_id
        comment_id = row[0]
    return comment_id


def add_comment(conn: sqlite3.Connection, author: User, target_kind: str, target: str,
                body: str, *, parent_id: int | None = None) -> Comment:
    """Add ``author``'s comment (a reply when ``parent_id`` is given) and its event.

    The caller checks that the article or claim exists; a reply must be to a
    comment in the same thread.
    """
    targets = _targets(conn, target_kind, target)
    text = _body(body)
    if target_kind == "claim":
        target = resolve_claim(conn, target)
    if parent_id is not None:
        parent = comment(conn, parent_id)
        if parent is None or parent.target_kind != target_kind or parent.target not in targets:
            raise InputError("one can only reply to a comment in the same thread")
    cursor = conn.execute(
        "INSERT INTO comments (user_id, target_kind, target, parent_id, body, created) "
        "VALUES (?, ?, ?, ?, ?, ?)", (author.id, target_kind, target, parent_id, text, utc_stamp()))
    new_id = cursor.lastrowid
    assert new_id is not None
    record_event(conn, key=f"comment:{new_id}", kind="comment", subject=str(new_id),
                 article_id=target if target_kind == "article" else None,
                 payload={"target_kind": target_kind, "target": target, "parent_id": parent_id,
                          "root_id": _root(conn, new_id), "user_id": author.id,
                          "user_name": author.name, "excerpt": text[:200]})
    added = comment(conn, new_id)
    assert added is not None
    return added


def _own(conn: sqlite3.Connection, user: User, comment_id: int) -> Comment:
    found = comment(conn, comment_id)
    if found is None:
        raise InputError(f"no comment {comment_id}")
    if found.user_id != user.id:
        raise Forbidden("only the author may edit or delete a comment")
    if found.deleted:
        raise InputError("that comment was deleted")
    return found


def edit_comment(conn: sqlite3.Connection, user: User, comment_id: int, body: str) -> Comment:
    """Change the text of ``user``'s own comment (:class:`Forbidden` for anyone else's)."""
    _own(conn, user, comment_id)
    conn.execute("UPDATE comments SET body = ?, edited = ? WHERE id = ?",
                 (_body(body), utc_stamp(), comment_id))
    edited = comment(conn, comment_id)
    assert edited is not None
    return edited


def delete_comment(conn: sqlite3.Connection, user: User, comment_id: int) -> None:
    """Delete ``user``'s own comment: its text goes, its place in the thread stays."""
    _own(conn, user, comment_id)
    conn.execute("UPDATE comments SET deleted = 1, body = '', edited = ? WHERE id = ?",
                 (utc_stamp(), comment_id))


def hide_comment(conn: sqlite3.Connection, admin: User, comment_id: int,
                 hidden: bool = True) -> None:
    """Hide (or show again) a comment; only admins may."""
    if not admin.is_admin:
        raise Forbidden("only an admin may hide comments")
    if conn.execute("UPDATE comments SET hidden = ? WHERE id = ?",
                    (int(hidden), comment_id)).rowcount == 0:
        raise InputError(f"no comment {comment_id}")


def thread(conn: sqlite3.Connection, target_kind: str, target: str) -> list[Comment]:
    """The comments on one article or claim, each followed by its replies (oldest first)."""
    targets = _targets(conn, target_kind, target)
    rows = conn.execute(
        f"{_SELECT} WHERE c.target_kind = ? AND c.target IN ({','.join('?' * len(targets))}) "
        f"ORDER BY c.id", (target_kind, *sorted(targets))).fetchall()
    children: dict[int | None, list[tuple]] = {}
    ids = {r[0] for r in rows}
    for row in rows:
        parent = row[5] if row[5] in ids else None
        children.setdefault(parent, []).append(row)
    out: list[Comment] = []
    stack = [(row, 0) for row in reversed(children.get(None, []))]
    while stack:
        row, depth = stack.pop()
        out.append(_comment(row, depth))
        stack.extend((child, depth + 1) for child in reversed(children.get(row[0], [])))
    return out


def comments_by(conn: sqlite3.Connection, user_id: int, *, limit: int = 100) -> list[Comment]:
    """A user's comments, newest first (deleted ones left out)."""
    rows = conn.execute(f"{_SELECT} WHERE c.user_id = ? AND c.deleted = 0 "
                        f"ORDER BY c.id DESC LIMIT ?", (user_id, limit)).fetchall()
    return [_comment(row) for row in rows]


_PEOPLE = """
WITH RECURSIVE tree(id) AS (
    SELECT id FROM comments WHERE id = ?
    UNION SELECT c.id FROM comments c JOIN tree ON c.parent_id = tree.id
)
SELECT DISTINCT c.user_id FROM comments c JOIN tree ON tree.id = c.id
WHERE c.deleted = 0 ORDER BY c.user_id
"""


def thread_people(conn: sqlite3.Connection, root_id: int) -> list[int]:
    """Ids of everyone with a (not deleted) comment in the thread under the
    comment ``root_id``, that comment included."""
    return [r[0] for r in conn.execute(_PEOPLE, (root_id,))]
