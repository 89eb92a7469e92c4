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
    POST /api/ingest          queue a URL, an HTML page or a text dump for analysis (202
                              and a job; needs a session or an API token)
    GET  /api/jobs/{id}       an ingest job: queued, running, done (article_id) or failed

Lists take ``limit`` (1-100) and ``offset`` and answer ``total`` and
``next_offset`` (``null`` on the last page).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
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
)
from ..store.jobs import Job, job_by_id
from .article_view import article_view
from .clients import client_address
from .cache import cached_search
from .context import ServeContext
from .problems import NotFound
from .ratelimit import take
from .queries import hit_view
from .schemas import (
    ArticleDetail,
    ArticleList,
    ClaimDetail,
    ClaimList,
    EntityDetail,
    ErrorResponse,
    IngestJob,
    IngestRequest,
    Outlets,
    SearchPage,
)
from .jobs import check_size, ingester_of, job_view
from .submit import Submission, check_submission

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
INGEST_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": text}
    for status, text in ((401, "log in or send an API token"),
                         (403, "the session's CSRF header is missing"),
                         (411, "the request has no Content-Length"),
                         (413, "the paste is over max_paste_bytes"))}


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
                         f: Filters = Depends(filters), p: Paging = Depends(paging)):
        """Search one kind of thing; an empty ``q`` lists everything the filters let through."""
        ctx = _ctx(request)
        found = await ctx.query(lambda reader: cached_search(ctx, reader, kind, q, f, p))
        return {"kind": kind, "query": q, **found.to_dict(lambda hit: hit_view(hit, q))}

    @router.get("/articles", response_model=ArticleList)
    async def api_articles(request: Request, p: Paging = Depends(paging)):
        ctx = _ctx(request)
        found = await ctx.query(
            lambda reader: cached_search(ctx, reader, SearchKind.ARTICLES, "", Filters(), p))
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
        found = await _ctx(request).query(claim_list, sort=sort, entity=entity.strip(),
                                          outlet=outlet.strip(), story=story.strip(),
                                          paging=p)
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
