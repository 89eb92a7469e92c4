"""The JSON API: everything the pages show, paginated, with one error shape.

Routes (all under ``/api``; the OpenAPI document is ``/api/openapi.json``)::

    GET  /api/search          articles, quotes, claims or entities (kind=...), filtered
    GET  /api/articles        current articles, newest first
    GET  /api/articles/{id}   an article with its annotations and removed chrome
    GET  /api/entities/{id}   an entity: roles, aliases, quotes, stances, articles (any
                              id of it, per-article or merged, gives its canonical id)
    GET  /api/claims          claims
    GET  /api/claims/{id}     a claim: every mention and each source's stance
    GET  /api/outlets         outlets with articles
    POST /api/ingest          analyse and store a URL, an HTML page or a text dump

Lists take ``limit`` (1-100) and ``offset`` and answer ``total`` and
``next_offset`` (``null`` on the last page).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from starlette.concurrency import run_in_threadpool

from ..errors import InputError
from ..model import Stance
from ..store import (
    ClaimSort,
    Filters,
    Paging,
    SearchKind,
    article_detail,
    claim_detail,
    claim_list,
    entity_detail,
    outlets,
    search,
)
from .article_view import article_view
from .context import ServeContext
from .problems import NotFound
from .queries import hit_view
from .schemas import (
    ArticleDetail,
    ArticleList,
    ClaimDetail,
    ClaimList,
    EntityDetail,
    ErrorResponse,
    IngestRequest,
    IngestResult,
    Outlets,
    SearchPage,
)
from .submit import Submission, analyze_submission, page_of, store_submission

__all__ = ["Kind", "api_router", "filters", "ingest", "paging"]

# Query parameters take the values of the store's and the model's enums; as
# ``Literal``s of their values, so the OpenAPI document lists them inline.
#: A stance filter: empty for any, else a :class:`~factdesk.model.Stance` value.
StanceName = Literal[("", *(s.value for s in Stance))]  # type: ignore[valid-type]
Kind = Literal[tuple(k.value for k in SearchKind)]  # type: ignore[valid-type]
ClaimSortName = Literal[tuple(s.value for s in ClaimSort)]  # type: ignore[valid-type]
_DATE = r"^(\d{4}-\d{2}-\d{2})?$"
_DAY = {"format": "date"}  # a calendar day (the pattern alone lets 2024-99-99 through)
ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": text}
    for status, text in ((400, "bad query"), (404, "not found"), (422, "invalid request"))}


def paging(limit: Annotated[int, Query(ge=1, le=100)] = 20,
           offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0) -> Paging:
    """The slice of a list asked for, from query parameters."""
    return Paging(limit=limit, offset=offset)


def _check_day(name: str, value: str) -> None:
    """A date parameter is a real calendar day (the pattern lets 2024-99-99 through)."""
    if value:
        try:
            date.fromisoformat(value)
        except ValueError as exc:
            raise InputError(f"{name}: {value!r} is not a calendar date; give YYYY-MM-DD, "
                             "e.g. 2024-05-31") from exc


def filters(outlet: Annotated[str, Query(max_length=200)] = "",
            date_from: Annotated[str, Query(pattern=_DATE, json_schema_extra=_DAY)] = "",
            date_to: Annotated[str, Query(pattern=_DATE, json_schema_extra=_DAY)] = "",
            speaker: Annotated[str, Query(max_length=200)] = "",
            stance: StanceName = "") -> Filters:
    """The search filters, from query parameters (shared by the API and the pages)."""
    for name, value in (("date_from", date_from), ("date_to", date_to)):
        _check_day(name, value)
    return Filters(outlet=outlet.strip(), date_from=date_from, date_to=date_to,
                   speaker=speaker.strip(), stance=stance)


def _ctx(request: Request) -> ServeContext:
    return request.app.state.ctx


async def ingest(ctx: ServeContext, submission: Submission):
    """Fetch/clean/analyse off the loop, then write through the one writer."""
    def work():
        page = page_of(submission, ctx.settings, ctx.fetcher)
        return analyze_submission(page, ctx.settings)

    record = await run_in_threadpool(work)
    async with ctx.write_lock:
        try:
            store_submission(ctx.store, record)
        finally:
            ctx.views.wrote()
    if record.article is not None:
        ctx.notify_soon()  # the new stances, quotes and article may concern followers
    return record


def api_router() -> APIRouter:
    router = APIRouter(prefix="/api", tags=["api"], responses=ERRORS)

    @router.get("/search", response_model=SearchPage)
    async def api_search(request: Request, q: Annotated[str, Query(max_length=500)] = "",
                         kind: Kind = "articles",
                         f: Filters = Depends(filters), p: Paging = Depends(paging)):
        """Search one kind of thing; an empty ``q`` lists everything the filters let through."""
        found = search(_ctx(request).store, kind, q, f, p)
        return {"kind": kind, "query": q, **found.to_dict(lambda hit: hit_view(hit, q))}

    @router.get("/articles", response_model=ArticleList)
    async def api_articles(request: Request, p: Paging = Depends(paging)):
        found = search(_ctx(request).store, SearchKind.ARTICLES, "", Filters(), p)
        return found.to_dict(lambda hit: {
            key: value for key, value in hit_view(hit, "").items()
            if key in ("id", "title", "outlet", "published")})

    @router.get("/articles/{article_id}", response_model=ArticleDetail)
    async def api_article(request: Request, article_id: str):
        ctx = _ctx(request)
        view = ctx.views.get(ctx.store, ("api", article_id), lambda: article_view(
            article_detail(ctx.store, article_id), utf16=True))
        if view is None:
            raise NotFound(f"no article {article_id!r}")
        return {k: v for k, v in view.items() if k not in ("segments", "quotes", "claims")}

    @router.get("/entities/{entity_id}", response_model=EntityDetail)
    async def api_entity(request: Request, entity_id: str):
        detail = entity_detail(_ctx(request).store, entity_id)
        if detail is None:
            raise NotFound(f"no entity {entity_id!r}")
        return detail

    @router.get("/claims", response_model=ClaimList)
    async def api_claims(request: Request, p: Paging = Depends(paging),
                         sort: Annotated[ClaimSortName, Query(
                             description="checkworthy (the default), recent "
                             "(latest article first) or mentions")] = "checkworthy",
                         entity: Annotated[str, Query(
                             max_length=200, description="claims this entity (any of its "
                             "ids) takes a stance on")] = "",
                         outlet: Annotated[str, Query(
                             max_length=200, description="claims in this outlet's "
                             "articles (a name from /api/outlets)")] = "",
                         story: Annotated[str, Query(
                             max_length=200, description="claims in this story's "
                             "articles")] = ""):
        """Claims, most check-worthy first (or ``sort``), filtered; a filter value that
        names nothing (or an unknown ``sort``) is a 422 saying so."""
        return claim_list(_ctx(request).store, sort=sort, entity=entity.strip(),
                          outlet=outlet.strip(), story=story.strip(), paging=p).to_dict()

    @router.get("/claims/{claim_id}", response_model=ClaimDetail)
    async def api_claim(request: Request, claim_id: str):
        detail = claim_detail(_ctx(request).store, claim_id)
        if detail is None:
            raise NotFound(f"no claim {claim_id!r}")
        return detail

    @router.get("/outlets", response_model=Outlets)
    async def api_outlets(request: Request):
        return {"items": outlets(_ctx(request).store)}

    @router.post("/ingest", response_model=IngestResult)
    async def api_ingest(request: Request, body: IngestRequest):
        """Analyse and store one page: exactly one of ``url``, ``html`` or ``text``."""
        record = await ingest(_ctx(request), Submission(
            url=getattr(body, "url", ""), html=getattr(body, "html", ""),
            text=getattr(body, "text", "")))
        return {"source": record.source,
                "article_id": record.article.id if record.article else None,
                "rejection": record.reject_reason,
                "message": record.rejection.message if record.rejection else record.error}

    return router
