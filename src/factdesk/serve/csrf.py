"""CSRF tokens: one per session, and a signed one for visitors' forms.

Every POST form carries a hidden ``csrf`` field, and every state-changing
JSON call made with the session cookie carries an ``X-CSRF-Token`` header
(a header a cross-site page cannot set without CORS, which is off).

- Logged in: the token is the session's own random ``csrf`` value.
- A visitor (the login, register and reset forms, the ingest form): the
  browser gets a random ``factdesk_pre`` cookie, and the token is an HMAC of
  that cookie and a timestamp under a per-database secret.  Another site can
  neither read the cookie nor compute the HMAC, so it cannot forge the login
  form (login CSRF).  Tokens of visitors expire after :data:`PRE_TOKEN_AGE`.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

from fastapi import Request
from fastapi.responses import Response

from ..errors import Forbidden
from ..store.people.accounts import server_secret
from .people.auth import viewer_of

__all__ = ["CSRF_HEADER", "PRE_COOKIE", "attach_pre_cookie", "check_form", "check_header",
           "csrf_token", "load_secret"]

PRE_COOKIE = "factdesk_pre"
CSRF_HEADER = "x-csrf-token"
PRE_TOKEN_AGE = 4 * 3600
_REFUSED = "the form's security token is missing or out of date; reload the page and try again"


def load_secret(store) -> bytes:
    """The per-database signing secret (made and stored on first use; ``create_app``)."""
    with store.transaction() as conn:
        return server_secret(conn)


def _secret(request: Request) -> bytes:
    return request.app.state.ctx.secret


def _sign(request: Request, nonce: str, stamp: str) -> str:
    return hmac.new(_secret(request), f"{nonce}.{stamp}".encode(), hashlib.sha256).hexdigest()


def _pre_nonce(request: Request) -> str:
    nonce = request.cookies.get(PRE_COOKIE) or getattr(request.state, "pre_nonce", None)
    if not nonce:
        nonce = secrets.token_urlsafe(18)
        request.state.pre_nonce = nonce  # attach_pre_cookie sets it on the response
    return nonce


def csrf_token(request: Request) -> str:
    """The token this request's forms must send back."""
    session = viewer_of(request).session
    if session is not None:
        return session.csrf
    stamp = str(int(time.time()))
    return f"{stamp}.{_sign(request, _pre_nonce(request), stamp)}"


def attach_pre_cookie(request: Request, response: Response) -> None:
    """Set the visitor cookie a freshly made token was bound to."""
    nonce = getattr(request.state, "pre_nonce", None)
    if nonce and not request.cookies.get(PRE_COOKIE):
        response.set_cookie(PRE_COOKIE, nonce, path="/", httponly=True, samesite="lax",
                            secure=request.url.scheme == "https")


def _valid_pre(request: Request, token: str) -> bool:
    nonce = request.cookies.get(PRE_COOKIE)
    stamp, _, mac = token.partition(".")
    if not nonce or not stamp.isdigit() or not mac:
        return False
    if not 0 <= time.time() - int(stamp) <= PRE_TOKEN_AGE:
        return False
    return hmac.compare_digest(mac, _sign(request, nonce, stamp))


def check_form(request: Request, token: str) -> None:
    """Refuse (:class:`Forbidden`) a form whose ``csrf`` field is missing or wrong."""
    session = viewer_of(request).session
    if session is not None:
        ok = bool(token) and hmac.compare_digest(token.encode(), session.csrf.encode())
        # a form rendered before login (still holding a visitor token) is fine too
        ok = ok or _valid_pre(request, token)
    else:
        ok = _valid_pre(request, token)
    if not ok:
        raise Forbidden(_REFUSED)


def check_header(request: Request) -> None:
    """Refuse a session-authenticated JSON call without the right ``X-CSRF-Token``."""
    session = viewer_of(request).session
    token = request.headers.get(CSRF_HEADER, "")
    if session is None or not token or not hmac.compare_digest(token.encode(),
                                                               session.csrf.encode()):
        raise Forbidden("send the session's CSRF token in the X-CSRF-Token header")
