"""The desk's pages: contested claims, stories, a story, and outlet comparisons.

Server-rendered like the other pages (no JavaScript needed): ``/contested``
(filter form, sort and page links), ``/stories``, ``/stories/{id}`` (articles
by outlet and time, claims, the stance timeline of :mod:`.timeline` drawn
for the story, ``?since=`` what changed), ``/stories/{id}/outlets`` and
``/claims/{id}/outlets`` (outlet x source tables).  A bad filter, sort, page
or date is said above the page with a 400, never silently ignored.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from ..errors import InputError
from ..store import Paging, claim_moved_to, outlets
from ..store.contested import ContestedSort, DeskFilters, contested_claims
from ..store.outlet_compare import claim_outlets, story_outlets
from ..store.story_queries import StorySort, story_detail, story_list
from .desk_api import cached
from ..store.people.follows import is_following
from .people.auth import viewer_of
from .problems import NotFound
from .timeline import timeline

__all__ = ["desk_pages_router"]

PAGE_SIZE = 20
_TEXT = Query(max_length=200)


def _number(name: str, value: str) -> int:
    """A whole-number parameter from 1 (``page=``, ``min_articles=``); an InputError
    naming it otherwise."""
    if not value:
        return 1
    if not value.isdigit() or not 1 <= int(value) <= 10_000:
        raise InputError(f"{name}: {value!r} is not a whole number from 1 to 10000")
    return int(value)


def _pages(found, number: int, params: dict[str, str]) -> dict[str, Any]:
    """Links to the previous and next pages, keeping the other parameters."""
    kept = {k: v for k, v in params.items() if v}

    def link(n: int) -> str:
        return "?" + urlencode({**kept, "page": n} if n > 1 else kept)

    last = max(1, -(-found.total // PAGE_SIZE))
    api = urlencode({**kept, "limit": PAGE_SIZE, "offset": (number - 1) * PAGE_SIZE})
    return {"number": number, "last": last, "api_query": api,
            "first_index": (number - 1) * PAGE_SIZE + 1,
            "previous": link(number - 1) if number > 1 else None,
            "next": link(number + 1) if found.next_offset is not None else None}


def _contested_view(ctx, f: DeskFilters, sort: str, page: str) -> dict[str, Any]:
    with ctx.readers.reader() as reader:
        known = ctx.views.get(reader, ("outlets",), lambda: outlets(reader))
        try:
            number = _number("page", page)
            found = cached(ctx, reader, contested_claims, filters=f, sort=sort, paging=Paging(
                limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE))
        except InputError as exc:
            return {"rows": [], "total": 0, "error": str(exc), "outlets": known, "pages": None}
        params = {"entity": f.entity, "outlet": f.outlet, "date_from": f.date_from,
                  "date_to": f.date_to, "sort": sort if sort != ContestedSort.CHANGED else ""}
        return {"rows": found.items, "total": found.total, "error": "", "outlets": known,
                "pages": _pages(found, number, params)}


def _stories_view(ctx, sort: str, least: str, page: str) -> dict[str, Any]:
    with ctx.readers.reader() as reader:
        try:
            number = _number("page", page)
            found = cached(ctx, reader, story_list, sort=sort,
                           min_articles=_number("min_articles", least),
                           paging=Paging(limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE))
        except InputError as exc:
            return {"stories": [], "total": 0, "error": str(exc), "pages": None}
        params = {"sort": sort if sort != StorySort.RECENT else "",
                  "min_articles": least if least not in ("", "1") else ""}
        return {"stories": found.items, "total": found.total, "error": "",
                "pages": _pages(found, number, params)}


def _story_view(ctx, story_id: str, since: str) -> dict[str, Any] | None:
    with ctx.readers.reader() as reader:
        error = ""
        try:
            detail = cached(ctx, reader, story_detail, story_id, since)
        except InputError as exc:  # a bad since: the story without its changes
            error, detail = str(exc), cached(ctx, reader, story_detail, story_id, "")
        if detail is None:
            return None
        return {"s": detail, "chart": timeline(detail["stances"]), "error": error}


def desk_pages_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/contested")
    async def contested_page(request: Request, entity: Annotated[str, _TEXT] = "",
                             outlet: Annotated[str, _TEXT] = "",
                             date_from: Annotated[str, _TEXT] = "",
                             date_to: Annotated[str, _TEXT] = "",
                             sort: Annotated[str, _TEXT] = "changed",
                             page: Annotated[str, _TEXT] = ""):
        ctx = request.app.state.ctx
        f = DeskFilters(entity=entity.strip(), outlet=outlet.strip(),
                        date_from=date_from.strip(), date_to=date_to.strip())
        values = await run_in_threadpool(_contested_view, ctx, f, sort or "changed", page)
        return await ctx.render(request, "contested.html", 400 if values["error"] else 200,
                                f=f, sort=sort, sorts=list(ContestedSort), **values)

    @router.get("/stories")
    async def stories_page(request: Request, sort: Annotated[str, _TEXT] = "recent",
                           min_articles: Annotated[str, _TEXT] = "",
                           page: Annotated[str, _TEXT] = ""):
        ctx = request.app.state.ctx
        values = await run_in_threadpool(_stories_view, ctx, sort or "recent", min_articles,
                                         page)
        return await ctx.render(request, "stories.html", 400 if values["error"] else 200,
                                sort=sort, sorts=list(StorySort),
                                least=min_articles if min_articles not in ("", "1") else "",
                                **values)

    @router.get("/stories/{story_id}")
    async def story_page(request: Request, story_id: str,
                         since: Annotated[str, _TEXT] = ""):
        ctx = request.app.state.ctx
        values = await run_in_threadpool(_story_view, ctx, story_id, since.strip())
        if values is None:
            raise NotFound(f"no story {story_id!r}")
        user = viewer_of(request).user
        following = user is not None and await ctx.read(is_following, user.id, "story",
                                                         story_id)
        return await ctx.render(request, "story.html", 400 if values["error"] else 200,
                                since=since.strip(), following=following, **values)

    @router.get("/stories/{story_id}/outlets")
    async def story_outlets_page(request: Request, story_id: str):
        ctx = request.app.state.ctx
        found = await ctx.query(lambda reader: cached(ctx, reader, story_outlets, story_id))
        if found is None:
            raise NotFound(f"no story {story_id!r}")
        return await ctx.render(request, "story_outlets.html", t=found)

    @router.get("/claims/{claim_id}/outlets")
    async def claim_outlets_page(request: Request, claim_id: str):
        ctx = request.app.state.ctx
        found = await ctx.query(lambda reader: cached(ctx, reader, claim_outlets, claim_id))
        if found is None:
            moved = await ctx.query(claim_moved_to, claim_id)
            if moved is not None:  # the claim's cluster grew: its current id's table
                return RedirectResponse(f"/claims/{quote(moved, safe='')}/outlets",
                                        status_code=301)
            raise NotFound(f"no claim {claim_id!r}")
        return await ctx.render(request, "claim_outlets.html", t=found)

    return router

