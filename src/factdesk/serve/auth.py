"""Who is asking: argon2 password hashes, login sessions in a cookie, the viewer.

- Passwords are hashed with argon2id (argon2-cffi's ``PasswordHasher``
  defaults) in a worker thread, and re-hashed at login when those defaults
  grow.  A login for an unknown name still verifies against a dummy hash, so
  timing does not tell which names exist.
- A session is a random token in the ``factdesk_session`` cookie (HttpOnly,
  SameSite=Lax, Secure when the request came over https); the database keeps
  only its SHA-256.  Logging in or registering always starts a *new* session
  and ends the one the browser had (no session fixation); changing the
  password ends every other session.
- :func:`viewer_of` finds the request's user once per request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from fastapi import Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from ..errors import AuthError, InputError
from ..store.accounts import (
    Session,
    User,
    create_session,
    delete_session,
    password_hash_of,
    session_of,
    set_password_hash,
)

__all__ = ["SESSION_COOKIE", "SESSION_TTL", "Viewer", "check_password_rules", "end_session",
           "hash_password", "require_user", "start_session", "verify_login", "viewer_of"]

SESSION_COOKIE = "factdesk_session"
SESSION_TTL = timedelta(days=14)
MIN_PASSWORD, MAX_PASSWORD = 10, 1024
_HASHER = PasswordHasher()
_DUMMY_HASH = _HASHER.hash("factdesk: a password nobody has")


@dataclass(frozen=True, slots=True)
class Viewer:
    """The request's user and session (both ``None`` for a visitor)."""

    user: User | None
    session: Session | None


def check_password_rules(password: str) -> None:
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise InputError(f"a password needs {MIN_PASSWORD} to {MAX_PASSWORD} characters")


async def hash_password(password: str) -> str:
    """An argon2id hash (CPU- and memory-hard: made off the event loop)."""
    check_password_rules(password)
    return await run_in_threadpool(_HASHER.hash, password)


def _verify(stored: str, password: str) -> bool:
    try:
        return _HASHER.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


async def verify_login(ctx, user: User | None, password: str) -> bool:
    """Whether ``password`` is ``user``'s (``None``: always false, in the same time)."""
    stored = password_hash_of(ctx.store.conn, user.id) if user is not None else None
    ok = await run_in_threadpool(_verify, stored or _DUMMY_HASH, password)
    if not (ok and user is not None and stored is not None):
        return False
    if _HASHER.check_needs_rehash(stored):
        fresh = await run_in_threadpool(_HASHER.hash, password)
        await ctx.write(set_password_hash, user.id, fresh)
    return True


def viewer_of(request: Request) -> Viewer:
    """The logged-in user of this request, looked up once and kept on ``request.state``."""
    known = getattr(request.state, "viewer", None)
    if known is not None:
        return known
    token = request.cookies.get(SESSION_COOKIE)
    found = session_of(request.app.state.ctx.store.conn, token) if token else None
    viewer = Viewer(*found) if found else Viewer(None, None)
    request.state.viewer = viewer
    return viewer


def require_user(request: Request) -> User:
    """The logged-in user, or :class:`AuthError` (pages turn it into a login redirect)."""
    user = viewer_of(request).user
    if user is None:
        raise AuthError("log in first (or register: it takes a minute)")
    return user


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


async def start_session(request: Request, response: Response, user: User) -> Session:
    """Log ``user`` in on ``response``: a new session id, the browser's old one ended."""
    ctx = request.app.state.ctx
    old = request.cookies.get(SESSION_COOKIE)

    def rotate(conn):
        if old:
            delete_session(conn, old)
        return create_session(conn, user.id, ttl=SESSION_TTL)

    token, session = await ctx.write(rotate)
    response.set_cookie(SESSION_COOKIE, token, max_age=int(SESSION_TTL.total_seconds()),
                        path="/", httponly=True, samesite="lax", secure=_secure(request))
    request.state.viewer = Viewer(user, session)
    return session


async def end_session(request: Request, response: Response) -> None:
    """Log out: the session is deleted in the store and the cookie cleared."""
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        await request.app.state.ctx.write(delete_session, token)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax",
                           secure=_secure(request))
    request.state.viewer = Viewer(None, None)
