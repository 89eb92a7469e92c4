"""Accounts: users, login sessions, password-reset tokens and rate-limit events.

Everything here works on a ``sqlite3.Connection`` inside the caller's
transaction and never hashes a password itself: password hashes arrive as
strings made by the web app (argon2), so the store stays free of crypto
policy.  Secrets that stand for a login (session tokens, reset tokens) are
stored only as SHA-256 digests, so a copy of the database does not let anyone
in; :func:`token_digest` is the one place that digest is made.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ...clock import utc_now, utc_stamp
from ...errors import InputError

__all__ = ["ROLES", "Session", "User", "count_recent", "create_reset", "create_session",
           "create_user", "delete_session", "delete_sessions_of", "forget_attempts",
           "last_attempt", "password_hash_of", "record_attempt", "server_secret", "session_of",
           "set_channels", "set_password_hash", "set_role", "token_digest", "use_reset",
           "user_by_email", "user_by_feed_token", "user_by_id", "user_by_name"]

ROLES = ("user", "admin")
_USER_COLUMNS = "id, name, email, role, created, feed_token, channels"


@dataclass(frozen=True, slots=True, kw_only=True)
class User:
    """A registered analyst; ``channels`` says which deliveries they turned on."""

    id: int
    name: str
    email: str
    role: str
    created: str
    feed_token: str
    channels: dict[str, bool] = field(default_factory=dict)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


@dataclass(frozen=True, slots=True, kw_only=True)
class Session:
    """A login: ``digest`` is the stored SHA-256 of the cookie's token."""

    digest: str
    user_id: int
    csrf: str
    created: str
    expires: str


def token_digest(token: str) -> str:
    """The stored form of a session or reset token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _user(row: tuple | None) -> User | None:
    if row is None:
        return None
    return User(id=row[0], name=row[1], email=row[2], role=row[3], created=row[4],
                feed_token=row[5], channels=json.loads(row[6] or "{}"))


# -- users ------------------------------------------------------------------------------


def create_user(conn: sqlite3.Connection, *, name: str, email: str, password_hash: str,
                now: datetime | None = None) -> User:
    """Add a user (role ``user``); a taken name or e-mail address is an :class:`InputError`."""
    taken = conn.execute("SELECT name = ? COLLATE NOCASE FROM users WHERE name = ? "
                         "OR email = ?", (name, name, email)).fetchone()
    if taken is not None:
        what = "name" if taken[0] else "e-mail address"
        raise InputError(f"that {what} is already registered; pick another or log in")
    cursor = conn.execute(
        "INSERT INTO users (name, email, password_hash, role, created, feed_token, channels) "
        "VALUES (?, ?, ?, 'user', ?, ?, '{}')",
        (name, email, password_hash, utc_stamp(now), secrets.token_urlsafe(24)))
    user = user_by_id(conn, cursor.lastrowid)
    assert user is not None
    return user


def user_by_id(conn: sqlite3.Connection, user_id: int) -> User | None:
    return _user(conn.execute(f"SELECT {_USER_COLUMNS} FROM users WHERE id = ?",
                              (user_id,)).fetchone())


def user_by_name(conn: sqlite3.Connection, name: str) -> User | None:
    return _user(conn.execute(f"SELECT {_USER_COLUMNS} FROM users WHERE name = ?",
                              (name,)).fetchone())


def user_by_email(conn: sqlite3.Connection, email: str) -> User | None:
    return _user(conn.execute(f"SELECT {_USER_COLUMNS} FROM users WHERE email = ?",
                              (email,)).fetchone())


def user_by_feed_token(conn: sqlite3.Connection, token: str) -> User | None:
    return _user(conn.execute(f"SELECT {_USER_COLUMNS} FROM users WHERE feed_token = ?",
                              (token,)).fetchone())


def password_hash_of(conn: sqlite3.Connection, user_id: int) -> str | None:
    row = conn.execute("SELECT password_hash FROM users WHERE id = ?", (user_id,)).fetchone()
    return row[0] if row else None


def set_password_hash(conn: sqlite3.Connection, user_id: int, password_hash: str) -> None:
    conn.execute("UPDATE users SET password_hash = ? WHERE id = ?", (password_hash, user_id))


def set_role(conn: sqlite3.Connection, name: str, role: str) -> User:
    """Make ``name`` an ``admin`` (or a plain ``user`` again): ``factdesk users promote``."""
    if role not in ROLES:
        raise InputError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    if conn.execute("UPDATE users SET role = ? WHERE name = ?", (role, name)).rowcount == 0:
        raise InputError(f"no user named {name!r}; check the name (see the user's page)")
    user = user_by_name(conn, name)
    assert user is not None
    return user


def set_channels(conn: sqlite3.Connection, user_id: int, channels: dict[str, bool]) -> None:
    """Which delivery channels (push, webhook, email) the user turned on."""
    clean = {k: bool(channels.get(k)) for k in ("push", "webhook", "email")}
    conn.execute("UPDATE users SET channels = ? WHERE id = ?",
                 (json.dumps(clean, sort_keys=True), user_id))


# -- sessions ---------------------------------------------------------------------------


def create_session(conn: sqlite3.Connection, user_id: int, *, ttl: timedelta,
                   now: datetime | None = None) -> tuple[str, Session]:
    """A new login for ``user_id``: returns the cookie token and the stored session."""
    token = secrets.token_urlsafe(32)
    start = now or utc_now()
    session = Session(digest=token_digest(token), user_id=user_id,
                      csrf=secrets.token_urlsafe(24), created=utc_stamp(start),
                      expires=utc_stamp(start + ttl))
    conn.execute("INSERT INTO sessions (id, user_id, csrf, created, expires) "
                 "VALUES (?, ?, ?, ?, ?)",
                 (session.digest, user_id, session.csrf, session.created, session.expires))
    return token, session


def session_of(conn: sqlite3.Connection, token: str,
               now: datetime | None = None) -> tuple[User, Session] | None:
    """The user and session a cookie token stands for, unless unknown or expired."""
    row = conn.execute("SELECT id, user_id, csrf, created, expires FROM sessions WHERE id = ?",
                       (token_digest(token),)).fetchone()
    if row is None or row[4] <= utc_stamp(now):
        return None
    user = user_by_id(conn, row[1])
    if user is None:
        return None
    return user, Session(digest=row[0], user_id=row[1], csrf=row[2], created=row[3],
                         expires=row[4])


def delete_session(conn: sqlite3.Connection, token: str) -> None:
    conn.execute("DELETE FROM sessions WHERE id = ?", (token_digest(token),))


def delete_sessions_of(conn: sqlite3.Connection, user_id: int, *, keep: str | None = None,
                       now: datetime | None = None) -> None:
    """End every login of ``user_id`` (but the one whose digest is ``keep``), and drop
    expired sessions of everyone while at it."""
    conn.execute("DELETE FROM sessions WHERE (user_id = ? AND id IS NOT ?) OR expires <= ?",
                 (user_id, keep, utc_stamp(now)))


# -- password resets --------------------------------------------------------------------


def create_reset(conn: sqlite3.Connection, user_id: int, *, ttl: timedelta,
                 now: datetime | None = None) -> str:
    """A one-time reset token for ``user_id`` (only its digest is stored)."""
    token = secrets.token_urlsafe(32)
    conn.execute("INSERT INTO password_resets (token_hash, user_id, expires) VALUES (?, ?, ?)",
                 (token_digest(token), user_id, utc_stamp((now or utc_now()) + ttl)))
    return token


def use_reset(conn: sqlite3.Connection, token: str, *, consume: bool = True,
              now: datetime | None = None) -> int | None:
    """The user a valid, unused reset token belongs to (marked used when ``consume``)."""
    digest = token_digest(token)
    row = conn.execute("SELECT user_id FROM password_resets WHERE token_hash = ? AND used = 0 "
                       "AND expires > ?", (digest, utc_stamp(now))).fetchone()
    if row is None:
        return None
    if consume:
        conn.execute("UPDATE password_resets SET used = 1 WHERE user_id = ?", (row[0],))
    return row[0]


# -- rate limits ------------------------------------------------------------------------


def record_attempt(conn: sqlite3.Connection, key: str, at: float) -> None:
    """Note one attempt under ``key`` (e.g. ``login-ip:203.0.113.9``) at epoch ``at``."""
    conn.execute("INSERT INTO rate_events (key, at) VALUES (?, ?)", (key, at))


def count_recent(conn: sqlite3.Connection, key: str, *, since: float) -> tuple[int, float | None]:
    """How many attempts ``key`` made since ``since``, and when the oldest of them was."""
    count, oldest = conn.execute("SELECT count(*), min(at) FROM rate_events WHERE key = ? "
                                 "AND at >= ?", (key, since)).fetchone()
    return count, oldest


def last_attempt(conn: sqlite3.Connection, key: str) -> float | None:
    """When ``key`` last made an attempt (epoch seconds), if it made any."""
    return conn.execute("SELECT max(at) FROM rate_events WHERE key = ?", (key,)).fetchone()[0]


def forget_attempts(conn: sqlite3.Connection, *, before: float, key: str | None = None) -> None:
    """Drop old attempts (all of ``key``'s when given, however recent, if ``before`` is inf)."""
    if key is None:
        conn.execute("DELETE FROM rate_events WHERE at < ?", (before,))
    else:
        conn.execute("DELETE FROM rate_events WHERE key = ? AND at < ?", (key, before))


# -- the app's signing secret -----------------------------------------------------------


def server_secret(conn: sqlite3.Connection, name: str = "web_secret") -> bytes:
    """A random secret made once per database and kept in ``notify_state`` (it signs the
    pre-login CSRF tokens, so it must survive restarts and be shared by all workers)."""
    row = conn.execute("SELECT value FROM notify_state WHERE name = ?", (name,)).fetchone()
    if row is None:
        conn.execute("INSERT OR IGNORE INTO notify_state (name, value) VALUES (?, ?)",
                     (name, secrets.token_hex(32)))
        row = conn.execute("SELECT value FROM notify_state WHERE name = ?", (name,)).fetchone()
    return bytes.fromhex(row[0])
