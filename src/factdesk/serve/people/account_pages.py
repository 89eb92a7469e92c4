"""Account pages: register (logged in at once), log in, log out, change or reset a password.

Every form carries a CSRF token (:mod:`factdesk.serve.csrf`).  Every form a
visitor can post is rate limited per address (:mod:`factdesk.serve.ratelimit`,
the address from :mod:`factdesk.serve.clients`), and wrong passwords back off
per (account, address) pair.  Logging in and registering always start a new
session (:mod:`factdesk.serve.people.auth`).  A reset link is sent by e-mail
(``factdesk.notify.email.send_mail``, after the answer has gone); the answer
never says whether an address is registered.  A new password sent with a
reset link is hashed only once the link's token has been found valid.
"""

from __future__ import annotations

import logging
import re
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.background import BackgroundTask

from ...errors import FactdeskError, InputError
from ...store.people.accounts import (
    create_reset,
    create_user,
    delete_sessions_of,
    set_password_hash,
    use_reset,
    user_by_email,
    user_by_id,
    user_by_name,
)
from .auth import (
    check_password_rules,
    end_session,
    hash_password,
    require_user,
    start_session,
    verify_login,
)
from ..clients import client_address
from ..csrf import check_form
from ..notices import set_notice
from ..origin import links_from
from ..ratelimit import forget, pair, take

__all__ = ["account_router", "safe_next"]

log = logging.getLogger(__name__)
RESET_TTL = timedelta(hours=1)
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{1,39}$")
_EMAIL = re.compile(r"^[^@\s<>\"']{1,64}@[^@\s<>\"']{1,190}\.[^@\s<>\"'.]{2,}$")

Text = Annotated[str, Form(max_length=2000)]
Secret = Annotated[str, Form(max_length=1024)]


def safe_next(value: str | None) -> str:
    """A local path to go back to after a form (never another site)."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value \
            and not any(ord(c) < 0x21 for c in value):
        return value
    return "/"


def _go(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


def account_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)

    async def form_page(request: Request, template: str, status: int = 200, **values):
        return await request.app.state.ctx.render(request, template, status=status, **values)

    @router.get("/register")
    async def register_form(request: Request, next: Annotated[str, Query()] = "/"):
        return await form_page(request, "register.html", error=None, form={"name": "", "email": ""},
                         next=safe_next(next))

    @router.post("/register")
    async def register(request: Request, name: Text = "", email: Text = "",
                       password: Secret = "", csrf: Text = "", next: Text = "/") -> Response:
        ctx = request.app.state.ctx
        check_form(request, csrf)
        name, email = name.strip(), email.strip()
        form = {"name": name, "email": email}
        address = client_address(request)
        await ctx.write(take, (ctx.limits.register_ip, address))  # every try counts
        try:
            if not _NAME.match(name):
                raise InputError("a name has 2 to 40 letters, digits, dots, dashes or "
                                 "underscores, and starts with a letter or digit")
            if not _EMAIL.match(email):
                raise InputError("give an e-mail address like ana@example.org")
            hashed = await hash_password(request, password)
            user = await ctx.write(lambda conn: create_user(conn, name=name, email=email,
                                                            password_hash=hashed))
        except InputError as exc:
            return await form_page(request, "register.html", status=422, error=str(exc), form=form,
                             next=safe_next(next))
        response = _go(safe_next(next))
        await start_session(request, response, user)
        set_notice(request, response, "registered")
        log.info("registered user %s", user.name)
        return response

    @router.get("/login")
    async def login_form(request: Request, next: Annotated[str, Query()] = "/"):
        return await form_page(request, "login.html", error=None, login_name="", next=safe_next(next))

    @router.post("/login")
    async def login(request: Request, name: Text = "", password: Secret = "", csrf: Text = "",
                    next: Text = "/") -> Response:
        ctx = request.app.state.ctx
        check_form(request, csrf)
        name = name.strip()
        user = await ctx.read(user_by_name, name) or (
            await ctx.read(user_by_email, name) if "@" in name else None)
        address = client_address(request)
        tried = pair(user.name if user else name, address)
        # counted as a failure before the password is checked (forgotten if it is right)
        await ctx.write(take, (ctx.limits.login_ip, address), (ctx.limits.login_pair, tried))
        if not await verify_login(request, user, password):  # the same work for no user
            return await form_page(request, "login.html", status=401, login_name=name,
                             next=safe_next(next), error="that name and password do not match")
        await ctx.write(forget, ctx.limits.login_pair, tried)
        response = _go(safe_next(next))
        await start_session(request, response, user)
        return response

    @router.post("/logout")
    async def logout(request: Request, csrf: Text = "") -> Response:
        check_form(request, csrf)
        response = _go("/")
        await end_session(request, response)
        return response

    @router.get("/account")
    async def account(request: Request, done: Annotated[str, Query(max_length=20)] = ""):
        user = require_user(request)
        return await form_page(request, "account.html", user=user, error=None, done=done)

    @router.post("/account/password")
    async def change_password(request: Request, current: Secret = "", password: Secret = "",
                              csrf: Text = "") -> Response:
        ctx = request.app.state.ctx
        user = require_user(request)
        check_form(request, csrf)
        tried = pair(user.name, client_address(request))
        await ctx.write(take, (ctx.limits.login_pair, tried))
        if not await verify_login(request, user, current):
            return await form_page(request, "account.html", status=401, user=user, done="",
                             error="the current password is not right")
        await ctx.write(forget, ctx.limits.login_pair, tried)
        try:
            hashed = await hash_password(request, password)
        except InputError as exc:
            return await form_page(request, "account.html", status=422, user=user, done="",
                             error=str(exc))
        await ctx.write(set_password_hash, user.id, hashed)
        await ctx.write(lambda conn: delete_sessions_of(conn, user.id))
        response = _go("/account?done=password")
        await start_session(request, response, user)  # every other login is ended
        return response

    @router.get("/reset")
    async def reset_form(request: Request):
        return await form_page(request, "reset_request.html", sent=False, error=None)

    @router.post("/reset")
    async def reset_request(request: Request, email: Text = "", csrf: Text = "") -> Response:
        ctx = request.app.state.ctx
        check_form(request, csrf)
        address = client_address(request)
        await ctx.write(take, (ctx.limits.reset_ip, address))
        user = await ctx.read(user_by_email, email.strip()) if email.strip() else None
        response = await form_page(request, "reset_request.html", sent=True, error=None)
        if user is not None:
            token = await ctx.write(lambda conn: create_reset(conn, user.id, ttl=RESET_TTL))
            # Sent after the answer, so its time does not tell that the address is known.
            response.background = BackgroundTask(_send_reset, ctx.settings, links_from(request),
                                                 user.email, user.name, token)
        return response

    @router.get("/reset/{token}")
    async def reset_password_form(request: Request, token: str):
        ctx = request.app.state.ctx
        valid = await ctx.read(use_reset, token, consume=False) is not None
        return await form_page(request, "reset_form.html", status=200 if valid else 404,
                         valid=valid, token=token, error=None)

    @router.post("/reset/{token}")
    async def reset_password(request: Request, token: str, password: Secret = "",
                             csrf: Text = "") -> Response:
        ctx = request.app.state.ctx
        check_form(request, csrf)
        address = client_address(request)
        await ctx.write(take, (ctx.limits.reset_token_ip, address))  # every try counts
        if await ctx.read(use_reset, token, consume=False) is None:  # before any hashing
            return await form_page(request, "reset_form.html", status=404, valid=False, token=token,
                             error=None)
        try:
            check_password_rules(password)
        except InputError as exc:
            return await form_page(request, "reset_form.html", status=422, valid=True, token=token,
                             error=str(exc))
        hashed = await hash_password(request, password)

        def reset(conn):
            user_id = use_reset(conn, token)  # again: another request may have used it
            if user_id is not None:
                set_password_hash(conn, user_id, hashed)
                delete_sessions_of(conn, user_id)
            return user_id

        user_id = await ctx.write(reset)
        user = await ctx.read(user_by_id, user_id) if user_id is not None else None
        if user is None:
            return await form_page(request, "reset_form.html", status=404, valid=False, token=token,
                             error=None)
        response = _go("/account?done=reset")
        await start_session(request, response, user)
        return response

    return router


def _send_reset(settings, base: str, email: str, name: str, token: str) -> None:
    """E-mail the reset link (under ``base``, :func:`~factdesk.serve.origin.links_from`);
    a mail failure is logged (the page says the same either way)."""
    from ...notify.email import send_mail

    link = f"{base}/reset/{token}"
    body = (f"Hello {name},\n\nsomeone (hopefully you) asked to reset your factdesk password.\n"
            f"Open this link within an hour to choose a new one:\n\n{link}\n\n"
            "If it was not you, ignore this e-mail: your password stays as it is.\n")
    try:
        send_mail(settings, email, "Reset your factdesk password", body)
    except FactdeskError as exc:
        log.error("could not send the password-reset e-mail to user %s: %s", name, exc)
