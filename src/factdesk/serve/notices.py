"""One-time notices shown on the next page a browser sees ("Thank you for registering").

The cookie carries only a key from :data:`NOTICES`, never text: what is shown
is always one of these fixed messages, filled in with the viewer's own name
(escaped by the templates like everything else).
"""

from __future__ import annotations

from fastapi import Request, Response

from ..store.people.accounts import User

__all__ = ["NOTICES", "NOTICE_COOKIE", "clear_notice", "notice_of", "set_notice"]

NOTICE_COOKIE = "factdesk_notice"
NOTICES = {
    "registered": ("Thank you for registering, {name}. You are logged in now. Follow people, "
                   "claims and searches, and you will be told here when something changes; "
                   "turn on browser notifications, a webhook or e-mail under Notifications."),
}


def set_notice(request: Request, response: Response, key: str) -> None:
    """Show notice ``key`` on the next page this browser renders."""
    if key not in NOTICES:
        raise ValueError(f"no notice called {key!r}")
    response.set_cookie(NOTICE_COOKIE, key, max_age=300, path="/", httponly=True,
                        samesite="lax", secure=request.url.scheme == "https")


def clear_notice(request: Request, response: Response) -> None:
    response.delete_cookie(NOTICE_COOKIE, path="/", httponly=True, samesite="lax",
                           secure=request.url.scheme == "https")


def notice_of(request: Request, user: User | None) -> str | None:
    """The text of the notice waiting for this browser, if any (only for a viewer)."""
    template = NOTICES.get(request.cookies.get(NOTICE_COOKIE, ""))
    if template is None or user is None:
        return None
    return template.format(name=user.name)
