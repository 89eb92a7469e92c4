"""People pages: follow buttons, the "following" list, user pages, the inbox, comments.

Each handler acts for the logged-in user only: ids in a form name *what*
to act on, never *whose* (the store functions take the viewer's id and touch
only that user's rows), so one user cannot read or change another's inbox or
comments by changing a number (IDOR).
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote, urlencode

from starlette.concurrency import run_in_threadpool
from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from ...errors import BadParameter, InputError
from ...store.people.accounts import user_by_id, user_by_name
from ...store.claim_identity import resolve_claim
from ...store.claim_titles import claim_title
from ...store.people.follows import (
    FOLLOW_SORTS,
    follow,
    follow_count,
    follows_of,
    is_following,
    unfollow,
)
from ...store.identity import entity_name, resolve_entity
from ...store.stories import resolve_story, story_title
from ...store.people.notifications import inbox, mark_read
from ...store.people.threads import (
    add_comment,
    comment,
    comments_by,
    delete_comment,
    edit_comment,
    hide_comment,
    target_exists,
)
from .account_pages import safe_next
from .auth import require_user, viewer_of
from ..csrf import check_form
from ..params import check_paging, check_sort
from ..problems import NotFound

__all__ = ["follow_label", "social_router", "target_path"]

Text = Annotated[str, Form(max_length=6000)]
PAGE = 50
INBOX_SORTS = ("newest", "oldest")


def target_path(target_kind: str, target: str) -> str:
    return f"/{'articles' if target_kind == 'article' else 'claims'}/{quote(target, safe='')}"


def follow_label(conn, kind: str, target: str) -> dict[str, Any]:
    """What a followed thing is called and where it lives, for lists
    (``store.read(follow_label, kind, target)``)."""
    if kind == "entity":
        current = resolve_entity(conn, target)
        name = entity_name(conn, current)
        return {"label": name if name is not None else target,
                "url": f"/entities/{quote(current, safe='')}"}
    if kind == "claim":
        current = resolve_claim(conn, target)
        title = claim_title(conn, current)
        return {"label": title if title is not None else f"claim {current}",
                "url": f"/claims/{quote(current, safe='')}"}
    if kind == "story":
        current = resolve_story(conn, target) or target
        return {"label": f"story {story_title(conn, current)}",
                "url": f"/stories/{quote(current, safe='')}"}
    if kind == "user":
        user = user_by_id(conn, int(target)) if target.isdigit() else None
        name = user.name if user else f"user {target}"
        return {"label": name, "url": f"/users/{quote(name, safe='')}"}
    return {"label": target, "url": "/?" + urlencode({"q": target})}


def _user_page(readers, name: str, viewer) -> dict[str, Any] | None:
    """What a user's page shows (on one reader, in a worker thread)."""
    with readers.reader() as reader:
        read = reader.read
        shown = read(user_by_name, name)
        if shown is None:
            return None
        follows = [{"kind": f.kind, **read(follow_label, f.kind, f.target)}
                   for f in read(follows_of, shown.id)]
        return {"shown": shown, "comments": read(comments_by, shown.id), "follows": follows,
                "following": viewer is not None and read(
                    is_following, viewer.id, "user", str(shown.id))}


def social_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)

    def go(path: str) -> RedirectResponse:
        return RedirectResponse(path, status_code=303)

    @router.post("/follow")
    async def follow_post(request: Request, kind: Text = "", target: Text = "",
                          next: Text = "/", csrf: Text = "", stop: Text = "") -> Response:
        ctx = request.app.state.ctx
        user = require_user(request)
        check_form(request, csrf)
        if kind == "user" and not target.isdigit():
            found = await ctx.read(user_by_name, target)
            if found is None:
                raise NotFound(f"no user {target!r}")
            target = str(found.id)
        if stop:
            await ctx.write(unfollow, user.id, kind, target)
        else:
            await ctx.write(follow, user.id, kind, target)
        return go(safe_next(next))

    @router.get("/following")
    async def following(request: Request, sort: str = "", limit: str = "", offset: str = ""):
        ctx = request.app.state.ctx
        user = require_user(request)
        try:
            order, p = check_sort(sort, FOLLOW_SORTS), check_paging(limit, offset, default_limit=50)
        except BadParameter as exc:
            return await ctx.render(request, "following.html", 400, items=[], total=0,
                                    sort="kind", sorts=FOLLOW_SORTS, paging=None,
                                    param_error=str(exc))
        items = [{"kind": f.kind, "target": f.target,
                  **await ctx.read(follow_label, f.kind, f.target)}
                 for f in await ctx.read(follows_of, user.id, sort=order, limit=p.limit,
                                         offset=p.offset)]
        total = await ctx.read(follow_count, user.id)
        return await ctx.render(request, "following.html", items=items, total=total, sort=order,
                                sorts=FOLLOW_SORTS, paging=p, param_error="",
                                more=p.offset + len(items) < total)

    @router.get("/users/{name}")
    async def user_page(request: Request, name: str):
        ctx = request.app.state.ctx
        viewer = viewer_of(request).user
        values = await run_in_threadpool(_user_page, ctx.readers, name, viewer)
        if values is None:
            raise NotFound(f"no user {name!r}")
        return await ctx.render(request, "user.html", target_path=target_path, **values)

    @router.get("/inbox")
    async def inbox_page(request: Request, sort: str = "", limit: str = "", offset: str = ""):
        ctx = request.app.state.ctx
        user = require_user(request)
        try:
            order, p = check_sort(sort, INBOX_SORTS), check_paging(limit, offset,
                                                                   default_limit=PAGE)
        except BadParameter as exc:
            return await ctx.render(request, "inbox.html", 400, items=[], offset=0, more=False,
                                    page=PAGE, sort="newest", sorts=INBOX_SORTS,
                                    param_error=str(exc))
        items = await ctx.read(inbox, user.id, limit=p.limit + 1, offset=p.offset,
                               oldest=order == "oldest")
        return await ctx.render(request, "inbox.html", items=items[:p.limit], offset=p.offset,
                                more=len(items) > p.limit, page=p.limit, sort=order,
                                sorts=INBOX_SORTS, param_error="")

    @router.post("/inbox/read")
    async def inbox_read(request: Request, csrf: Text = "", id: Text = "") -> Response:
        ctx = request.app.state.ctx
        user = require_user(request)
        check_form(request, csrf)
        ids = [int(id)] if id.strip().isdigit() else None
        await ctx.write(lambda conn: mark_read(conn, user.id, ids))
        return go("/inbox")

    @router.post("/comments")
    async def comment_post(request: Request, target_kind: Text = "", target: Text = "",
                           body: Text = "", parent_id: Text = "", csrf: Text = "") -> Response:
        ctx = request.app.state.ctx
        user = require_user(request)
        check_form(request, csrf)
        if not await ctx.read(target_exists, target_kind, target):
            raise NotFound(f"no {target_kind or 'target'} {target!r} to comment on")
        parent = int(parent_id) if parent_id.strip().isdigit() else None
        added = await ctx.write(lambda conn: add_comment(conn, user, target_kind, target, body,
                                                         parent_id=parent))
        ctx.notify_soon()
        return go(f"{target_path(added.target_kind, added.target)}#comment-{added.id}")

    async def change(request: Request, comment_id: int, csrf: str, action) -> Response:
        ctx = request.app.state.ctx
        user = require_user(request)
        check_form(request, csrf)
        found = await ctx.read(comment, comment_id)
        if found is None:
            raise NotFound(f"no comment {comment_id}")
        await ctx.write(lambda conn: action(conn, user))
        return go(f"{target_path(found.target_kind, found.target)}#comment-{comment_id}")

    @router.post("/comments/{comment_id}/edit")
    async def comment_edit(request: Request, comment_id: int, body: Text = "",
                           csrf: Text = "") -> Response:
        return await change(request, comment_id, csrf,
                            lambda conn, user: edit_comment(conn, user, comment_id, body))

    @router.post("/comments/{comment_id}/delete")
    async def comment_delete(request: Request, comment_id: int, csrf: Text = "") -> Response:
        return await change(request, comment_id, csrf,
                            lambda conn, user: delete_comment(conn, user, comment_id))

    @router.post("/comments/{comment_id}/hide")
    async def comment_hide(request: Request, comment_id: int, csrf: Text = "",
                           hidden: Text = "1") -> Response:
        if hidden not in ("0", "1"):
            raise InputError("hidden is 1 (hide) or 0 (show again)")
        return await change(request, comment_id, csrf,
                            lambda conn, user: hide_comment(conn, user, comment_id,
                                                            hidden == "1"))

    return router
