"""Who is asking: argon2 password hashes, login sessions in a cookie, the viewer.

- Passwords are hashed with argon2id (argon2-cffi's ``PasswordHasher``
  defaults) by :class:`Passwords`, in a worker thread, and re-hashed at login
  when those defaults grow.  A login for an unknown name still runs a real
  argon2 verification, against a dummy hash made with the same parameters, so
  timing does not tell which names exist (``bench/login_timing.py`` measures
  it).  The app's :class:`Passwords` is ``app.state.passwords``
  (``create_app(..., passwords=...)``: tests count the hashing done there).
- A session is a random token in the ``factdesk_session`` cookie (HttpOnly,
  SameSite=Lax, Secure when the request came over https); the database keeps
  only its SHA-256.  Logging in or registering always starts a *new* session
  and ends the one the browser had (no session fixation); changing the
  password ends every other session.
- :func:`load_viewer` finds the request's user once per request (every route
  depends on it); :func:`viewer_of` then answers from ``request.state``.
- :class:`NoStore` marks every answer to a logged-in browser, and every
  account page, ``Cache-Control: no-store``: such pages carry the user's
  data and CSRF token, and no cache on the way may keep them.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from fastapi import Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from ...errors import AuthError, InputError
from ...store.people.accounts import (
    Session,
    User,
    create_session,
    delete_session,
    password_hash_of,
    session_of,
    set_password_hash,
)

__all__ = ["PRIVATE_PATHS", "SESSION_COOKIE", "SESSION_TTL", "NoStore", "Passwords", "Viewer",
           "check_password_rules", "end_session", "hash_password", "load_viewer", "require_user",
           "start_session", "verify_login", "viewer_of"]

SESSION_COOKIE = "factdesk_session"
SESSION_TTL = timedelta(days=14)
MIN_PASSWORD, MAX_PASSWORD = 10, 1024
#: Pages private to a user (or to the visitor filling in an account form).
PRIVATE_PATHS = ("/account", "/inbox", "/following", "/settings", "/api/me", "/login",
                 "/register", "/reset", "/logout")


class Passwords:
    """argon2id hashing and checking, with a dummy hash for names nobody has."""

    def __init__(self, hasher: PasswordHasher | None = None) -> None:
        self.hasher = hasher or PasswordHasher()
        # A random password nobody knows, hashed with the same parameters as real ones.
        self.dummy = self.hasher.hash(secrets.token_urlsafe(24))

    def hash(self, password: str) -> str:
        return self.hasher.hash(password)

    def verify(self, stored: str | None, password: str) -> bool:
        """Whether ``password`` matches ``stored``; with no stored hash, the same work
        is done against the dummy hash and the answer is false."""
        try:
            return self.hasher.verify(stored or self.dummy, password) and bool(stored)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, stored: str) -> bool:
        return self.hasher.check_needs_rehash(stored)


@dataclass(frozen=True, slots=True)
class Viewer:
    """The request's user and session (both ``None`` for a visitor)."""

    user: User | None
    session: Session | None


def check_password_rules(password: str) -> None:
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise InputError(f"a password needs {MIN_PASSWORD} to {MAX_PASSWORD} characters")


def _passwords(request: Request) -> Passwords:
    return request.app.state.passwords


async def hash_password(request: Request, password: str) -> str:
    """An argon2id hash (CPU- and memory-hard: made off the event loop)."""
    check_password_rules(password)
    return await run_in_threadpool(_passwords(request).hash, password)


async def verify_login(request: Request, user: User | None, password: str) -> bool:
    """Whether ``password`` is ``user``'s (``None``: always false, in the same time)."""
    ctx = request.app.state.ctx
    passwords = _passwords(request)
    stored = await ctx.read(password_hash_of, user.id) if user is not None else None
    if not await run_in_threadpool(passwords.verify, stored, password):
        return False
    if stored is not None and passwords.needs_rehash(stored):
        fresh = await run_in_threadpool(passwords.hash, password)
        await ctx.write(set_password_hash, user.id, fresh)
    return True


async def load_viewer(request: Request) -> Viewer:
    """Look the request's user up (on a reader, in a worker thread) and keep it on
    ``request.state``; every route depends on it, so :func:`viewer_of` finds it."""
    known = getattr(request.state, "viewer", None)
    if known is not None:
        return known
    token = request.cookies.get(SESSION_COOKIE)
    found = await request.app.state.ctx.read(session_of, token) if token else None
    viewer = Viewer(*found) if found else Viewer(None, None)
    request.state.viewer = viewer
    return viewer


def viewer_of(request: Request) -> Viewer:
    """The logged-in user of this request (looked up once, by :func:`load_viewer`;
    a request that failed before routing is looked up here, on a reader)."""
    known = getattr(request.state, "viewer", None)
    if known is not None:
        return known
    token = request.cookies.get(SESSION_COOKIE)
    found = request.app.state.ctx.readers.read(session_of, token) if token else None
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


class NoStore:
    """Pure ASGI middleware: ``Cache-Control: no-store`` on private answers (a
    request with a session cookie, or a path under :data:`PRIVATE_PATHS`),
    unless the handler chose a cache policy itself."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or not _private(scope):
            await self.app(scope, receive, send)
            return

        async def send_no_store(message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if not any(name.lower() == b"cache-control" for name, _ in headers):
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_no_store)


def _private(scope) -> bool:
    path = scope.get("path", "")
    if any(path == p or path.startswith(p + "/") for p in PRIVATE_PATHS):
        return True
    cookie = SESSION_COOKIE.encode() + b"="
    return any(name.lower() == b"cookie" and cookie in value
               for name, value in scope.get("headers", []))
