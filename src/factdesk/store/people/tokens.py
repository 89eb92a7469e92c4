"""API tokens: what a script sends (``Authorization: Bearer ...``) instead of a login.

An admin issues one for a user with ``factdesk users token NAME``; the token
is shown once and only its SHA-256 (:func:`~factdesk.store.people.accounts.token_digest`)
is stored, so a copy of the database lets nobody in.  A token acts as its user
for writes that accept a token (the ingest API).
"""

from __future__ import annotations

import secrets
import sqlite3

from ...clock import utc_stamp
from ...errors import NotFound
from .accounts import User, token_digest, user_by_id, user_by_name

__all__ = ["TOKEN_PREFIX", "issue_token", "revoke_tokens", "user_by_api_token"]

#: Issued tokens start with this, so a leaked one is easy to recognise (and to grep for).
TOKEN_PREFIX = "fdk_"


def issue_token(conn: sqlite3.Connection, name: str, *, label: str = "") -> tuple[str, User]:
    """A new token for the user called ``name`` (the token itself is returned once)."""
    user = user_by_name(conn, name)
    if user is None:
        raise NotFound(f"no user {name!r}; they register in the web app first")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    conn.execute("INSERT INTO api_tokens (digest, user_id, label, created) VALUES (?, ?, ?, ?)",
                 (token_digest(token), user.id, label[:200], utc_stamp()))
    return token, user


def revoke_tokens(conn: sqlite3.Connection, name: str) -> int:
    """Revoke every token of the user called ``name``; returns how many there were."""
    user = user_by_name(conn, name)
    if user is None:
        raise NotFound(f"no user {name!r}")
    return conn.execute("DELETE FROM api_tokens WHERE user_id = ?", (user.id,)).rowcount


def user_by_api_token(conn: sqlite3.Connection, token: str) -> User | None:
    """The user a presented token stands for (``None``: unknown or revoked)."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    row = conn.execute("SELECT user_id FROM api_tokens WHERE digest = ?",
                       (token_digest(token),)).fetchone()
    return user_by_id(conn, row[0]) if row else None
