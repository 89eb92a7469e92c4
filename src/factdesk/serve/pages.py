"""Server-rendered pages: search, article, entity, claim and ingest.

Every page works without JavaScript (forms, links, ``<details>``, ``title``
tooltips); ``static/app.js`` only adds a details panel on click and layer
toggles on the article page.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ..errors import InputError
from .api import Kind, Paging, filters, ingest, paging
from .article_view import article_view
from .context import ServeContext
from .problems import NotFound
from .queries import (
    SEARCH_KINDS,
    Filters,
    claim_detail,
    entity_detail,
    mark_entity_names,
    outlets,
    search,
)
from .submit import Submission
from .timeline import STANCE_LABELS, timeline

__all__ = ["pages_router"]


def _ctx(request: Request) -> ServeContext:
    return request.app.state.ctx


def pages_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/")
    async def search_page(request: Request, q: Annotated[str, Query(max_length=500)] = "",
                          kind: Kind | Literal[""] = "", f: Filters = Depends(filters),
                          p: Paging = Depends(paging)):
        ctx = _ctx(request)
        kinds = (kind,) if kind else SEARCH_KINDS
        limit = p.limit if kind else 10
        sections = []
        searched = bool(q.strip()) or any((f.outlet, f.date_from, f.date_to, f.speaker,
                                           f.stance))
        if searched:
            for name in kinds:
                items, total = search(ctx.store.conn, name, q, f, limit=limit,
                                      offset=p.offset if kind else 0)
                mark_entity_names(items, q)
                sections.append({"kind": name, "hits": items, "total": total,
                                 "offset": p.offset if kind else 0, "limit": limit})
        return ctx.render(request, "search.html", q=q, kind=kind, f=f, sections=sections,
                          searched=searched, outlets=outlets(ctx.store.conn),
                          stances=STANCE_LABELS)

    @router.get("/articles/{article_id}")
    async def article_page(request: Request, article_id: str):
        ctx = _ctx(request)

        def build() -> str | None:
            view = article_view(ctx.store.conn, article_id)
            return None if view is None else ctx.html("article.html", a=view)

        html = ctx.views.get(ctx.store.conn, ("page", article_id), build)
        if html is None:
            raise NotFound(f"no article {article_id!r}")
        return HTMLResponse(html)

    @router.get("/entities/{entity_id}")
    async def entity_page(request: Request, entity_id: str):
        ctx = _ctx(request)
        detail = entity_detail(ctx.store.conn, entity_id)
        if detail is None:
            raise NotFound(f"no entity {entity_id!r}")
        return ctx.render(request, "entity.html", e=detail)

    @router.get("/claims/{claim_id}")
    async def claim_page(request: Request, claim_id: str):
        ctx = _ctx(request)
        detail = claim_detail(ctx.store.conn, claim_id)
        if detail is None:
            raise NotFound(f"no claim {claim_id!r}")
        return ctx.render(request, "claim.html", c=detail, chart=timeline(detail["stances"]))

    @router.get("/ingest")
    async def ingest_form(request: Request):
        return _ctx(request).render(request, "ingest.html", error=None,
                                    form={"url": "", "html": "", "text": ""}, record=None)

    @router.post("/ingest")
    async def ingest_submit(request: Request, url: Annotated[str, Form()] = "",
                            html: Annotated[str, Form()] = "",
                            text: Annotated[str, Form()] = "") -> Response:
        ctx = _ctx(request)
        form = {"url": url, "html": html, "text": text}
        try:
            record = await ingest(ctx, Submission(url=url, html=html, text=text))
        except InputError as exc:  # includes FetchError: show it on the form
            return ctx.render(request, "ingest.html", status=422, error=str(exc), form=form,
                              record=None)
        if record.article is None:
            return ctx.render(request, "ingest.html", status=422, form=form, record=record,
                              error=f"no article: {record.reject_reason}: "
                                    f"{record.rejection.message if record.rejection else ''}")
        return RedirectResponse(f"/articles/{record.article.id}", status_code=303)

    return router
