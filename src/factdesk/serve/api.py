"""The JSON API: everything the pages show, paginated, with one error shape.

Routes (all under ``/api``; the OpenAPI document is ``/api/openapi.json``)::

    GET  /api/search          articles, quotes, claims or entities (kind=...), filtered
    GET  /api/articles        current articles, newest first
    GET  /api/articles/{id}   an article with its annotations and removed chrome
    GET  /api/entities/{id}   an entity: roles, aliases, quotes, stances, articles (any
                              id of it, per-article or merged, gives its canonical id)
    GET  /api/entities/{id}/articles, /quotes   an entity's articles or quotes, filtered,
                              sorted (newest or oldest) and paged
    GET  /api/claims          claims
    GET  /api/claims/{id}     a claim: every mention and each source's stance
    GET  /api/outlets         outlets with articles
    POST /api/ingest          queue a URL, an HTML page or a text dump for analysis (202
                              and a job; needs a session or an API token)
    GET  /api/jobs/{id}       an ingest job: queued, running, done (article_id) or failed

Lists take ``limit`` (1-100) and ``offset`` and answer ``total`` and
``next_offset`` (``null`` on the last page); their filters (``outlet``,
``date_from``, ``date_to``, ``speaker``, ``stance``), paging and ``sort`` are
checked by :mod:`factdesk.serve.params`, and a bad value is a 400
``bad_parameter`` naming it.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from starlette.concurrency import run_in_threadpool

from ..errors import BadParameter
from ..model import Stance
from ..store import (
    SEARCH_SORTS,
    ClaimSort,
    Filters,
    Paging,
    SearchKind,
    article_detail,
    claim_detail,
    claim_list,
    entity_detail,
    outlets,
    search_facets,
    undated_matches,
)
from ..store.entity_lists import ENTITY_LIST_SORTS, entity_articles, entity_quotes
from ..store.jobs import Job, job_by_id
from .article_view import article_view
from .clients import client_address
from .cache import cached_search
from .context import ServeContext
from .params import check_sort, filters, paging
from .problems import NotFound
from .ratelimit import take
from .queries import hit_view
from .schemas import (
    ArticleDetail,
    ArticleList,
    ClaimDetail,
    ClaimList,
    EntityDetail,
    EntityQuoteList,
    ErrorResponse,
    IngestJob,
    IngestRequest,
    Outlets,
    SearchPage,
)
from .jobs import check_size, ingester_of, job_view
from .submit import Submission, check_submission

__all__ = ["Kind", "SortName", "api_router", "ingest", "search_answer"]

# Query parameters take the values of the store's and the model's enums; as
# ``Literal``s of their values, so the OpenAPI document lists them inline.
#: A stance filter: empty for any, else a :class:`~factdesk.model.Stance` value.
StanceName = Literal[("", *(s.value for s in Stance))]  # type: ignore[valid-type]
Kind = Literal[tuple(k.value for k in SearchKind)]  # type: ignore[valid-type]
ClaimSortName = Literal[tuple(s.value for s in ClaimSort)]  # type: ignore[valid-type]
#: How a search orders its articles and quotes.
SortName = Literal[SEARCH_SORTS]  # type: ignore[valid-type]
_CLAIM_SORTS = {"enum": [s.value for s in ClaimSort]}
_ENTITY_SORTS = {"enum": list(ENTITY_LIST_SORTS)}
_SEARCH_SORTS = {"enum": list(SEARCH_SORTS)}
ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": text}
    for status, text in ((400, "bad query"), (404, "not found"), (422, "invalid request"))}
INGEST_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": text}
    for status, text in ((401, "log in or send an API token"),
                         (403, "the session's CSRF header is missing"),
                         (411, "the request has no Content-Length"),
                         (413, "the paste is over max_paste_bytes"))}


def _ctx(request: Request) -> ServeContext:
    return request.app.state.ctx


def _entity_list(reader, lister, entity_id: str, f: Filters, p: Paging, sort: str):
    """One page of an entity's list; an unknown entity is a 404."""
    if entity_detail(reader, entity_id) is None:
        raise NotFound(f"no entity {entity_id!r}")
    return lister(reader, entity_id, f, p, sort)


def search_answer(ctx: ServeContext, reader, kind: str, q: str, f: Filters, p: Paging,
                  sort: str = "relevance") -> dict[str, Any]:
    """The ``/api/search`` answer: a page of hits, their facets and the undated count."""
    found = cached_search(ctx, reader, kind, q, f, p, sort)
    facets = ctx.views.get(reader, ("facets", kind, q, f),
                           lambda: search_facets(reader, kind, q, f).to_dict())
    undated = ctx.views.get(reader, ("undated", kind, q, f),
                            lambda: undated_matches(reader, kind, q, f))
    return {"kind": kind, "query": q, **found.to_dict(lambda hit: hit_view(hit, q)),
            "facets": facets, "undated": undated}


async def ingest(request: Request, submission: Submission, *, form: bool) -> Job:
    """Queue an ingest job (see :mod:`factdesk.serve.jobs`) for whoever may ingest:
    refused before anything is queued when nobody may, a visitor's address used up
    its ingest budget, or the paste is too large or not exactly one thing."""
    ctx = _ctx(request)
    user_id = await ingester_of(request, form=form)
    if user_id is None:  # a visitor (open_ingest): a budget per address, in the database
        await ctx.write(take, (ctx.limits.ingest_ip, client_address(request)))
    check_size(submission, ctx.settings)
    await run_in_threadpool(check_submission, submission, ctx.settings, ctx.fetcher)
    return await request.app.state.jobs.submit(ctx, submission, user_id)


def api_router() -> APIRouter:
    router = APIRouter(prefix="/api", tags=["api"], responses=ERRORS)

    @router.get("/search", response_model=SearchPage)
    async def api_search(request: Request, q: Annotated[str, Query(max_length=500)] = "",
                         kind: Kind = "articles",
                         sort: Annotated[str, Query(json_schema_extra=_SEARCH_SORTS,
                                                    description="relevance (the default), "
                                                    "newest or oldest (articles and quotes; "
                                                    "claims and entities have one order)")
                                         ] = "",
                         f: Filters = Depends(filters), p: Paging = Depends(paging)):
        """Search one kind of thing; an empty ``q`` lists everything the filters let
        through.  ``facets`` counts the hits by outlet, date, speaker and stance (over
        the whole result set, up to the count cap); ``undated`` is how many hits a date
        filter left out for having no publication date."""
        ctx = _ctx(request)
        order = check_sort(sort, SEARCH_SORTS if kind in ("articles", "quotes")
                           else ("relevance",))
        return await ctx.query(lambda reader: search_answer(ctx, reader, kind, q, f, p, order))

    @router.get("/articles", response_model=ArticleList)
    async def api_articles(request: Request, f: Filters = Depends(filters),
                           p: Paging = Depends(paging),
                           sort: Annotated[str, Query(json_schema_extra={
                               "enum": ["newest", "oldest"]},
                               description="newest (the default) or oldest")] = ""):
        """Current articles, newest first (or ``sort``), filtered as searches are."""
        ctx = _ctx(request)
        order = check_sort(sort, ("newest", "oldest"))
        found = await ctx.query(
            lambda reader: cached_search(ctx, reader, SearchKind.ARTICLES, "", f, p, order))
        return found.to_dict(lambda hit: {
            key: value for key, value in hit_view(hit, "").items()
            if key in ("id", "title", "outlet", "published")})

    @router.get("/articles/{article_id}", response_model=ArticleDetail)
    async def api_article(request: Request, article_id: str):
        ctx = _ctx(request)
        view = await ctx.query(lambda reader: ctx.views.get(
            reader, ("api", article_id),
            lambda: article_view(article_detail(reader, article_id), utf16=True)))
        if view is None:
            raise NotFound(f"no article {article_id!r}")
        return {k: v for k, v in view.items() if k not in ("segments", "quotes", "claims")}

    @router.get("/entities/{entity_id}", response_model=EntityDetail)
    async def api_entity(request: Request, entity_id: str):
        detail = await _ctx(request).query(entity_detail, entity_id)
        if detail is None:
            raise NotFound(f"no entity {entity_id!r}")
        return detail

    @router.get("/entities/{entity_id}/articles", response_model=ArticleList)
    async def api_entity_articles(request: Request, entity_id: str,
                                  f: Filters = Depends(filters), p: Paging = Depends(paging),
                                  sort: Annotated[str, Query(json_schema_extra=_ENTITY_SORTS,
                                                             description="newest (the default) "
                                                             "or oldest")] = ""):
        """The current articles that name an entity (any of its ids), filtered as
        searches are (``speaker`` does not apply: a 400), a page at a time."""
        order = check_sort(sort, ENTITY_LIST_SORTS)
        found = await _ctx(request).query(_entity_list, entity_articles, entity_id, f, p, order)
        return found.to_dict()

    @router.get("/entities/{entity_id}/quotes", response_model=EntityQuoteList)
    async def api_entity_quotes(request: Request, entity_id: str,
                                f: Filters = Depends(filters), p: Paging = Depends(paging),
                                sort: Annotated[str, Query(json_schema_extra=_ENTITY_SORTS,
                                                           description="newest (the default) "
                                                           "or oldest")] = ""):
        """The quotes an entity (any of its ids) is the speaker of, filtered and paged."""
        order = check_sort(sort, ENTITY_LIST_SORTS)
        found = await _ctx(request).query(_entity_list, entity_quotes, entity_id, f, p, order)
        return found.to_dict()

    @router.get("/claims", response_model=ClaimList)
    async def api_claims(request: Request, p: Paging = Depends(paging),
                         f: Filters = Depends(filters),
                         sort: Annotated[str, Query(
                             json_schema_extra=_CLAIM_SORTS,
                             description="checkworthy (the default), recent "
                             "(latest article first) or mentions")] = "",
                         entity: Annotated[str, Query(
                             max_length=200, description="claims this entity (any of its "
                             "ids) takes a stance on")] = "",
                         story: Annotated[str, Query(
                             max_length=200, description="claims in this story's "
                             "articles")] = ""):
        """Claims, most check-worthy first (or ``sort``), filtered: ``outlet`` (a name
        from /api/outlets), ``date_from``/``date_to`` (an article in those days) and
        ``stance`` (a source takes it) as searches are; a filter value that names
        nothing (or an unknown ``sort``) is a 400 saying so.  ``speaker`` is the same
        as ``entity``."""
        if f.speaker and entity.strip() and f.speaker != entity.strip():
            raise BadParameter("speaker and entity name the same filter here; give one")
        order = check_sort(sort, tuple(s.value for s in ClaimSort))
        found = await _ctx(request).query(claim_list, sort=order,
                                          entity=entity.strip() or f.speaker,
                                          outlet=f.outlet, story=story.strip(),
                                          date_from=f.date_from, date_to=f.date_to,
                                          stance=f.stance, paging=p)
        return found.to_dict()

    @router.get("/claims/{claim_id}", response_model=ClaimDetail)
    async def api_claim(request: Request, claim_id: str):
        detail = await _ctx(request).query(claim_detail, claim_id)
        if detail is None:
            raise NotFound(f"no claim {claim_id!r}")
        return detail

    @router.get("/outlets", response_model=Outlets)
    async def api_outlets(request: Request):
        ctx = _ctx(request)
        return {"items": await ctx.query(
            lambda reader: ctx.views.get(reader, ("outlets",), lambda: outlets(reader)))}

    @router.post("/ingest", response_model=IngestJob, status_code=202, responses=INGEST_ERRORS)
    async def api_ingest(request: Request, body: IngestRequest):
        """Queue one page for analysis: exactly one of ``url``, ``html`` or ``text``.

        Needs a session (with its ``X-CSRF-Token`` header) or an API token
        (``Authorization: Bearer ...``), unless ``open_ingest`` is on.  Answers
        at once with the job; poll its ``poll_url`` until ``status`` is
        ``done`` (``article_id``) or ``failed`` (``message``)."""
        job = await ingest(request, Submission(
            url=getattr(body, "url", ""), html=getattr(body, "html", ""),
            text=getattr(body, "text", "")), form=False)
        return job_view(job)

    @router.get("/jobs/{job_id}", response_model=IngestJob)
    async def api_job(request: Request, job_id: Annotated[str, Path(max_length=100)]):
        """An ingest job's status (its id, from ``POST /api/ingest``, is the key to it)."""
        job = await _ctx(request).read(job_by_id, job_id)
        if job is None:
            raise NotFound(f"no ingest job {job_id!r}")
        return job_view(job)

    return router
