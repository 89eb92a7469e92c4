"""Server-rendered pages: search, article, entity, claim, ingest and ingest jobs.

Every page works without JavaScript (forms, links, ``<details>``, ``title``
tooltips); ``static/app.js`` only adds a details panel on click and layer
toggles on the article page.  Entity, claim and search pages carry a follow
button for a logged-in viewer; article and claim pages carry the comment
thread.  A claim id that changed when its cluster grew redirects to the
claim's current id (``claim_aliases``).
"""

from __future__ import annotations

import pathlib
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from ..errors import BadParameter, InputError, PayloadTooLarge, QuerySyntaxError
from ..store import (
    SEARCH_SORTS,
    ClaimSort,
    Paging,
    SearchKind,
    article_detail,
    claim_detail,
    claim_list,
    claim_moved_to,
    entity_detail,
    outlets,
    search_facets,
    story_articles,
    undated_matches,
)
from ..store.entity_lists import ENTITY_LIST_SORTS, entity_articles, entity_quotes
from ..store.jobs import job_by_id
from ..store.people.follows import is_following
from ..store.people.threads import thread
from .api import ingest
from .article_view import article_view
from .cache import cached_search
from .people.auth import require_user, viewer_of
from .context import ServeContext
from .csrf import check_form
from .jobs import job_view
from .params import EntityLists, PageQuery, check_sort, entity_lists, page_query
from .problems import NotFound
from .queries import hit_view
from .submit import Submission
from .timeline import STANCE_LABELS, timeline

__all__ = ["pages_router"]

STATIC = pathlib.Path(__file__).resolve().parent / "static"
MAX_QUERY = 500  # characters of a search query (as /api/search takes)


def _ctx(request: Request) -> ServeContext:
    return request.app.state.ctx


def _following(reader, user, kind: str, target: str) -> bool:
    return user is not None and bool(target) and reader.read(is_following, user.id, kind,
                                                              target)


def _search_view(ctx: ServeContext, user, q: str, kind: str, checked: PageQuery,
                 sort: str) -> dict:
    kinds = (kind,) if kind else tuple(SearchKind)
    f, p = checked.filters, checked.paging
    # one kind: the asked page of it; every kind: the first ten of each
    section_paging = p if kind else Paging(limit=10)
    sections = []
    searched = (bool(q.strip()) or bool(f)) and not checked.error
    query_error, facets = "", None
    with ctx.readers.reader() as reader:
        try:
            for name in kinds if searched else ():
                found = cached_search(ctx, reader, name, q, f, section_paging, sort)
                undated = ctx.views.get(reader, ("undated", name, q, f),
                                        lambda: undated_matches(reader, name, q, f))
                sections.append({"kind": name, "hits": [hit_view(h, q) for h in found.items],
                                 "total": found.total, "capped": found.total_capped,
                                 "offset": section_paging.offset,
                                 "limit": section_paging.limit, "undated": undated})
            facet_kind = kind or SearchKind.ARTICLES
            if searched and facet_kind != SearchKind.ENTITIES:
                facets = ctx.views.get(reader, ("facets", facet_kind, q, f),
                                       lambda: search_facets(reader, facet_kind, q, f).to_dict())
        except QuerySyntaxError as exc:  # shown above the (empty) results, with the help
            sections, query_error = [], str(exc)
        return {"sections": sections, "searched": searched, "query_error": query_error,
                "param_error": checked.error, "facets": facets,
                "facet_kind": kind or SearchKind.ARTICLES.value,
                "outlets": ctx.views.get(reader, ("outlets",), lambda: outlets(reader)),
                "following": _following(reader, user, "search", q.strip())}


def _article_page(ctx: ServeContext, article_id: str) -> dict | None:
    with ctx.readers.reader() as reader:
        view = ctx.views.get(reader, ("page", article_id),
                             lambda: article_view(article_detail(reader, article_id)))
        if view is None:
            return None
        return {"a": view, "comments": reader.read(thread, "article", article_id)}


def _entity_page(ctx: ServeContext, user, entity_id: str, lists: EntityLists) -> dict | None:
    with ctx.readers.reader() as reader:
        detail = entity_detail(reader, entity_id)
        if detail is None:
            return None
        values = {"e": detail, "following": _following(reader, user, "entity", entity_id),
                  "f": lists.filters, "sort": lists.sort, "sorts": ENTITY_LIST_SORTS,
                  "param_error": lists.error, "article_list": None, "quote_list": None}
        if not lists.error:
            try:
                values["article_list"] = entity_articles(reader, entity_id, lists.filters,
                                                         lists.articles, lists.sort)
                values["quote_list"] = entity_quotes(reader, entity_id, lists.filters,
                                                     lists.quotes, lists.sort)
            except BadParameter as exc:
                values["param_error"] = str(exc)
        return values


def _claim_page(ctx: ServeContext, user, claim_id: str) -> dict | str | None:
    """The claim page's values, the claim's current id if it moved, or ``None``."""
    with ctx.readers.reader() as reader:
        detail = claim_detail(reader, claim_id)
        if detail is None:
            return claim_moved_to(reader, claim_id)
        stories = [{"id": s, "articles": story_articles(reader, s)} for s in detail["stories"]]
        return {"c": detail, "chart": timeline(detail["stances"]), "stories": stories,
                "following": _following(reader, user, "claim", claim_id),
                "comments": reader.read(thread, "claim", claim_id)}


def _claims_page(ctx: ServeContext, checked: PageQuery, sort: str, entity: str) -> dict:
    values = {"found": None, "outlets": [], "param_error": checked.error}
    with ctx.readers.reader() as reader:
        values["outlets"] = ctx.views.get(reader, ("outlets",), lambda: outlets(reader))
        if not checked.error:
            f = checked.filters
            try:
                values["found"] = claim_list(reader, sort=sort, entity=entity or f.speaker,
                                             outlet=f.outlet, date_from=f.date_from,
                                             date_to=f.date_to, stance=f.stance,
                                             paging=checked.paging)
            except BadParameter as exc:
                values["param_error"] = str(exc)
    return values


def pages_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/")
    async def search_page(request: Request, q: str = "",
                          kind: str = "", sort: str = "", outlet: str = "",
                          date_from: str = "", date_to: str = "", speaker: str = "",
                          stance: str = "", limit: str = "", offset: str = ""):
        ctx = _ctx(request)
        checked = page_query(outlet=outlet, date_from=date_from, date_to=date_to,
                             speaker=speaker, stance=stance, limit=limit, offset=offset)
        try:
            kind = check_sort(kind, ("", *SearchKind), "", name="kind")
            sort = check_sort(sort, SEARCH_SORTS)
            if len(q) > MAX_QUERY:
                raise BadParameter(f"q: {len(q)} characters, more than {MAX_QUERY}; shorten "
                                   "the query")
        except BadParameter as exc:
            checked, kind, sort = PageQuery(checked.filters, checked.paging, str(exc)), "", ""
        values = await run_in_threadpool(_search_view, ctx, viewer_of(request).user, q, kind,
                                         checked, sort or "relevance")
        status = 400 if values["query_error"] or values["param_error"] else 200
        return await ctx.render(request, "search.html", status, q=q, kind=kind, f=checked.filters,
                                sort=sort, sorts=SEARCH_SORTS, stances=STANCE_LABELS, **values)

    @router.get("/articles/{article_id}")
    async def article_page(request: Request, article_id: str):
        ctx = _ctx(request)
        values = await run_in_threadpool(_article_page, ctx, article_id)
        if values is None:
            raise NotFound(f"no article {article_id!r}")
        return await ctx.render(request, "article.html", target_kind="article",
                                target=article_id, **values)

    @router.get("/entities/{entity_id}")
    async def entity_page(request: Request, entity_id: str, outlet: str = "",
                          date_from: str = "", date_to: str = "", speaker: str = "",
                          stance: str = "", sort: str = "", limit: str = "",
                          articles_offset: str = "", quotes_offset: str = ""):
        ctx = _ctx(request)
        lists = entity_lists(outlet=outlet, date_from=date_from, date_to=date_to,
                             speaker=speaker, stance=stance, sort=sort, limit=limit,
                             articles_offset=articles_offset, quotes_offset=quotes_offset)
        values = await run_in_threadpool(_entity_page, ctx, viewer_of(request).user, entity_id,
                                         lists)
        if values is None:
            raise NotFound(f"no entity {entity_id!r}")
        return await ctx.render(request, "entity.html", 400 if values["param_error"] else 200,
                                **values)

    @router.get("/claims/{claim_id}")
    async def claim_page(request: Request, claim_id: str):
        ctx = _ctx(request)
        values = await run_in_threadpool(_claim_page, ctx, viewer_of(request).user, claim_id)
        if isinstance(values, str):
            return RedirectResponse(f"/claims/{quote(values, safe='')}", status_code=301)
        if values is None:
            raise NotFound(f"no claim {claim_id!r}")
        return await ctx.render(request, "claim.html", target_kind="claim", target=claim_id,
                                **values)

    @router.get("/claims")
    async def claims_page(request: Request, sort: str = "", entity: str = "", outlet: str = "",
                          date_from: str = "", date_to: str = "", speaker: str = "",
                          stance: str = "", limit: str = "", offset: str = ""):
        """Every claim, most check-worthy first (or by latest article, or mentions),
        filtered and paged with the shared checks."""
        ctx = _ctx(request)
        checked = page_query(outlet=outlet, date_from=date_from, date_to=date_to,
                             speaker=speaker, stance=stance, limit=limit, offset=offset)
        sorts = tuple(s.value for s in ClaimSort)
        try:
            sort = check_sort(sort, sorts)
            if len(entity) > 200:
                raise BadParameter("entity: more than 200 characters")
        except BadParameter as exc:
            checked, sort = PageQuery(checked.filters, checked.paging, str(exc)), sorts[0]
        values = await run_in_threadpool(_claims_page, ctx, checked, sort, entity.strip())
        return await ctx.render(request, "claims.html", 400 if values["param_error"] else 200,
                                f=checked.filters, sort=sort, sorts=sorts, entity=entity,
                                stances=STANCE_LABELS, **values)

    @router.get("/favicon.ico")
    async def favicon():
        # browsers ask for it on every page; a 16x16 icon drawn for factdesk
        return FileResponse(STATIC / "favicon.ico", media_type="image/x-icon",
                            headers={"Cache-Control": "public, max-age=86400"})

    @router.get("/ingest")
    async def ingest_form(request: Request):
        if not _ctx(request).settings.open_ingest:
            require_user(request)  # a visitor is sent to the login page
        return await _ctx(request).render(request, "ingest.html", error=None,
                                          form={"url": "", "html": "", "text": ""},
                                          record=None)

    @router.post("/ingest")
    async def ingest_submit(request: Request, url: Annotated[str, Form()] = "",
                            html: Annotated[str, Form()] = "",
                            text: Annotated[str, Form()] = "",
                            csrf: Annotated[str, Form(max_length=200)] = "") -> Response:
        ctx = _ctx(request)
        check_form(request, csrf)
        form = {"url": url, "html": html, "text": text}
        try:
            job = await ingest(request, Submission(url=url, html=html, text=text), form=True)
        except PayloadTooLarge as exc:  # the paste is not sent back into the page
            return await ctx.render(request, "ingest.html", status=413, error=str(exc),
                              form={"url": "", "html": "", "text": ""}, record=None)
        except InputError as exc:  # show it on the form
            return await ctx.render(request, "ingest.html", status=422, error=str(exc), form=form,
                              record=None)
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)

    @router.get("/jobs/{job_id}")
    async def job_page(request: Request, job_id: Annotated[str, Path(max_length=100)]):
        """Progress of an ingest job; reloads itself (meta refresh) until it is over."""
        ctx = _ctx(request)
        job = await ctx.read(job_by_id, job_id)
        if job is None:
            raise NotFound(f"no ingest job {job_id!r}")
        return await ctx.render(request, "job.html", job=job_view(job),
                          refresh=0 if job.finished_work else 2)

    return router
