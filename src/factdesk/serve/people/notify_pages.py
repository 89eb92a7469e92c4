"""Notification settings, the per-user Atom feed, and the small JSON API the page JS uses.

Routes::

    GET  /settings/notifications          channels, webhooks, push devices, recent deliveries
    POST /settings/channels               turn push / webhook / e-mail on or off
    POST /settings/webhooks               add a webhook (URL checked by the SSRF guard)
    POST /settings/webhooks/{id}/delete   remove one of the user's webhooks
    POST /settings/push/delete            forget one of the user's push subscriptions
    GET  /feeds/{feed_token}.atom         the user's notifications as Atom (secret URL)
    GET  /sw.js                           the service worker (root scope)
    GET  /api/push/key                    the VAPID public key (base64url)
    POST /api/push/subscriptions          store the browser's push subscription
    GET  /api/me/inbox                    the user's notifications as JSON
    POST /api/me/inbox/read               mark some (``ids``) or all of them read

The JSON calls act for the session's user; the POSTs need ``X-CSRF-Token``.
They are for this app's own pages, so they stay out of the OpenAPI document.
"""

from __future__ import annotations

import dataclasses
import secrets
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Body, Form, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from ...errors import DeliveryError, FetchError, InputError
from ...ingest.fetch import check_url
from ...store.people.accounts import set_channels, user_by_feed_token
from ...store.people.notifications import (
    add_push_subscription,
    add_webhook,
    deliveries_of,
    inbox,
    mark_read,
    push_subscriptions,
    remove_push_subscription,
    remove_webhook,
    unread_count,
    webhooks,
)
from .auth import require_user
from ..csrf import check_form, check_header
from ..origin import links_from
from ..problems import NotFound

__all__ = ["notify_router"]

HERE = Path(__file__).parent.parent  # serve/, where static/ lives
Text = Annotated[str, Form(max_length=2000)]


class _Keys(BaseModel):
    p256dh: str = Field(max_length=200)
    auth: str = Field(max_length=100)


class PushSubscriptionIn(BaseModel):
    """A ``PushSubscription.toJSON()`` as the browser gives it."""

    endpoint: str = Field(max_length=2000)
    expirationTime: float | None = None  # noqa: N815 - the browser's own name
    keys: _Keys


class ReadIn(BaseModel):
    ids: list[int] | None = Field(default=None, max_length=500)


async def _check_target(ctx, url: str, what: str) -> str:
    """A user-given URL, through the same SSRF guard as ingest (DNS off the event loop)."""
    url = url.strip()
    if not url.startswith(("https://", "http://")):
        raise InputError(f"a {what} must be an http(s) URL")
    try:
        return await run_in_threadpool(check_url, url, ctx.settings)
    except FetchError as exc:
        raise InputError(f"that {what} is refused: {exc}") from exc


def notify_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)

    async def settings_page(request: Request, status: int = 200, error: str | None = None):
        ctx = request.app.state.ctx
        user = require_user(request)
        return await ctx.render(request, "notifications.html", status=status, user=user,
                                error=error, hooks=await ctx.read(webhooks, user.id),
                                devices=await ctx.read(push_subscriptions, user.id),
                                deliveries=await ctx.read(deliveries_of, user.id, limit=20))

    @router.get("/settings/notifications")
    async def notification_settings(request: Request):
        return await settings_page(request)

    @router.post("/settings/channels")
    async def channels(request: Request, csrf: Text = "", push: Text = "", webhook: Text = "",
                       email: Text = "") -> Response:
        ctx = request.app.state.ctx
        user = require_user(request)
        check_form(request, csrf)
        await ctx.write(set_channels, user.id, {"push": bool(push), "webhook": bool(webhook),
                                                "email": bool(email)})
        return RedirectResponse("/settings/notifications", status_code=303)

    @router.post("/settings/webhooks")
    async def webhook_add(request: Request, url: Text = "", csrf: Text = "") -> Response:
        ctx = request.app.state.ctx
        user = require_user(request)
        check_form(request, csrf)
        try:
            checked = await _check_target(ctx, url, "webhook URL")
            secret = secrets.token_hex(24)
            await ctx.write(add_webhook, user.id, checked, secret)
        except InputError as exc:
            return await settings_page(request, status=422, error=str(exc))
        return RedirectResponse("/settings/notifications", status_code=303)

    @router.post("/settings/webhooks/{webhook_id}/delete")
    async def webhook_delete(request: Request, webhook_id: int, csrf: Text = "") -> Response:
        ctx = request.app.state.ctx
        user = require_user(request)
        check_form(request, csrf)
        if not await ctx.write(remove_webhook, user.id, webhook_id):
            raise NotFound(f"you have no webhook {webhook_id}")
        return RedirectResponse("/settings/notifications", status_code=303)

    @router.post("/settings/push/delete")
    async def push_delete(request: Request, endpoint: Text = "", csrf: Text = "") -> Response:
        ctx = request.app.state.ctx
        user = require_user(request)
        check_form(request, csrf)
        await ctx.write(remove_push_subscription, user.id, endpoint)
        return RedirectResponse("/settings/notifications", status_code=303)

    @router.get("/feeds/{feed_token}.atom")
    async def feed(request: Request, feed_token: str) -> Response:
        from ...notify.atom import user_feed

        ctx = request.app.state.ctx
        user = await ctx.read(user_by_feed_token, feed_token)
        if user is None:
            raise NotFound("no such feed; copy the feed link again from your settings page")
        xml = await ctx.read(user_feed, user.id, links_from(request))
        return Response(xml, media_type="application/atom+xml; charset=utf-8",
                        headers={"cache-control": "private, no-cache"})

    @router.get("/sw.js")
    async def service_worker() -> Response:
        return FileResponse(HERE / "static" / "sw.js", media_type="text/javascript",
                            headers={"cache-control": "no-cache"})

    @router.get("/api/push/key")
    async def push_key(request: Request):
        from ...notify.webpush import vapid_public_key

        ctx = request.app.state.ctx
        async with ctx.write_lock:  # made (and stored) once on first use
            key = vapid_public_key(ctx.store, ctx.settings)
        return {"key": key}

    @router.post("/api/push/subscriptions", status_code=201)
    async def push_subscribe(request: Request, body: PushSubscriptionIn):
        ctx = request.app.state.ctx
        user = require_user(request)
        check_header(request)
        endpoint = await _check_target(ctx, body.endpoint, "push endpoint")

        def store(conn):
            try:
                add_push_subscription(conn, user.id, endpoint, body.keys.p256dh, body.keys.auth)
            except DeliveryError as exc:  # keys that are not what a browser makes
                raise InputError(str(exc)) from exc
            set_channels(conn, user.id, {**user.channels, "push": True})

        await ctx.write(store)
        return {"endpoint": endpoint, "push": True}

    @router.get("/api/me/inbox")
    async def api_inbox(request: Request):
        ctx = request.app.state.ctx
        user = require_user(request)
        items = await ctx.read(inbox, user.id, limit=50)
        return {"unread": await ctx.read(unread_count, user.id),
                "items": [dataclasses.asdict(item) for item in items]}

    @router.post("/api/me/inbox/read")
    async def api_inbox_read(request: Request, body: Annotated[ReadIn, Body()]):
        ctx = request.app.state.ctx
        user = require_user(request)
        check_header(request)
        changed = await ctx.write(lambda conn: mark_read(conn, user.id, body.ids))
        return {"marked": changed, "unread": await ctx.read(unread_count, user.id)}

    return router
