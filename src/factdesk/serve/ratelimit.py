"""Rate limits on logging in, registering and asking for password resets.

Attempts are rows in ``rate_events`` (so they hold across restarts and
workers), counted in a sliding window per key: the client's address, and
for logins the account name as well, so one address cannot try many
passwords and many addresses cannot try one account's.  Over the limit, the
request is refused with :class:`~factdesk.errors.RateLimited` (HTTP 429,
with ``Retry-After``) before any password is checked.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from ..errors import RateLimited
from ..store.accounts import count_recent, forget_attempts, record_attempt

__all__ = ["Limit", "RateLimits", "check", "hit"]


@dataclass(frozen=True, slots=True)
class Limit:
    """At most ``attempts`` under one key per ``window`` seconds."""

    name: str
    attempts: int
    window: float


@dataclass(frozen=True, slots=True, kw_only=True)
class RateLimits:
    """The app's limits (``create_app(..., limits=...)`` to change them)."""

    login_ip: Limit = Limit("login-ip", 30, 900)
    login_account: Limit = Limit("login-account", 5, 900)
    register_ip: Limit = Limit("register-ip", 10, 3600)
    reset_ip: Limit = Limit("reset-ip", 5, 3600)


def _key(limit: Limit, who: str) -> str:
    return f"{limit.name}:{who.lower()}"


def check(conn, limit: Limit, who: str, now: float | None = None) -> None:
    """Refuse when ``who`` used up ``limit`` (nothing is recorded)."""
    now = time.time() if now is None else now
    count, oldest = count_recent(conn, _key(limit, who), since=now - limit.window)
    if count >= limit.attempts:
        wait = max(1, int((oldest or now) + limit.window - now) + 1)
        raise RateLimited(f"too many attempts; wait {wait} seconds and try again", wait)


def hit(conn, limit: Limit, who: str, now: float | None = None) -> None:
    """Record one attempt by ``who`` (and drop attempts older than every window)."""
    now = time.time() if now is None else now
    record_attempt(conn, _key(limit, who), now)
    forget_attempts(conn, before=now - 86400)
