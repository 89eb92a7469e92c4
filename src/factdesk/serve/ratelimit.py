"""Rate limits on every form a visitor can post: log in, register, ask for a
password reset, set a new password with a reset link, and ingest a page when
``open_ingest`` lets visitors do so.

Attempts are rows in ``rate_events`` (so they hold across restarts and
workers), counted per key.  Two kinds of limit:

- a *window* limit: at most ``attempts`` per ``window`` seconds under one key
  (the client's address for each form);
- a *back-off* limit, for failed passwords, keyed by the (account, address)
  pair: after ``attempts`` failures the pair waits ``window`` seconds, and
  each further failure doubles the wait (up to a day).  A success forgets
  the pair's failures.  Keying on the pair means that someone guessing an
  account's password from other addresses never locks its owner out; each
  of their addresses is slowed down on its own, and held by the per-address
  limit as well.

Over a limit, the request is refused with :class:`~factdesk.errors.RateLimited`
(HTTP 429, with ``Retry-After``) before any password is hashed or checked.

Handlers call :func:`take`: the check and the recording of the attempt are one
write transaction, so requests in flight at once (in one server process or
several, which share the table) cannot all pass the check before any of them
is counted; a login that then succeeds forgets its pair's attempts.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from ..errors import RateLimited
from ..store.people.accounts import count_recent, forget_attempts, last_attempt, record_attempt

__all__ = ["Limit", "RateLimits", "check", "forget", "hit", "pair", "take"]

#: Attempts older than this are forgotten, and no back-off waits longer.
MEMORY = 86400.0


@dataclass(frozen=True, slots=True)
class Limit:
    """At most ``attempts`` under one key per ``window`` seconds; with ``backoff``,
    ``window`` is the first wait after ``attempts`` and each further attempt doubles it."""

    name: str
    attempts: int
    window: float
    backoff: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class RateLimits:
    """The app's limits (``create_app(..., limits=...)`` to change them)."""

    login_ip: Limit = Limit("login-ip", 30, 900)
    login_pair: Limit = Limit("login-pair", 5, 60, backoff=True)
    register_ip: Limit = Limit("register-ip", 10, 3600)
    reset_ip: Limit = Limit("reset-ip", 5, 3600)
    reset_token_ip: Limit = Limit("reset-token-ip", 10, 3600)
    ingest_ip: Limit = Limit("ingest-ip", 60, 3600)


def pair(account: str, address: str) -> str:
    """The key of one account tried from one address."""
    return f"{account.strip().lower()} from {address}"


def _key(limit: Limit, who: str) -> str:
    return f"{limit.name}:{who.lower()}"


def _wait(limit: Limit, conn, key: str, now: float) -> float:
    """Seconds ``key`` must still wait (0: it may go ahead)."""
    if not limit.backoff:
        count, oldest = count_recent(conn, key, since=now - limit.window)
        if count < limit.attempts:
            return 0.0
        return (oldest or now) + limit.window - now
    count, _ = count_recent(conn, key, since=now - MEMORY)
    if count < limit.attempts:
        return 0.0
    latest = last_attempt(conn, key) or now
    return latest + min(limit.window * 2 ** (count - limit.attempts), MEMORY) - now


def check(conn, limit: Limit, who: str, now: float | None = None) -> None:
    """Refuse when ``who`` used up ``limit`` (nothing is recorded)."""
    now = time.time() if now is None else now
    wait = _wait(limit, conn, _key(limit, who), now)
    if wait > 0:
        seconds = int(wait) + 1
        raise RateLimited(f"too many attempts; wait {seconds} seconds and try again", seconds)


def hit(conn, limit: Limit, who: str, now: float | None = None) -> None:
    """Record one attempt by ``who`` (and drop attempts older than :data:`MEMORY`)."""
    now = time.time() if now is None else now
    record_attempt(conn, _key(limit, who), now)
    forget_attempts(conn, before=now - MEMORY)


def forget(conn, limit: Limit, who: str) -> None:
    """Forget ``who``'s attempts (after a successful login)."""
    forget_attempts(conn, key=_key(limit, who), before=float("inf"))


def take(conn, *attempts: tuple[Limit, str]) -> None:
    """Refuse when any ``(limit, who)`` of ``attempts`` is used up, else record one
    attempt under each: in the caller's one transaction (``ctx.write(take, ...)``)."""
    now = time.time()
    for limit, who in attempts:
        check(conn, limit, who, now)
    for limit, who in attempts:
        hit(conn, limit, who, now)
