"""Claim dossier downloads, from the claim page and the API.

    GET /claims/{id}/dossier.json|.csv|.md   the dossier as a file (attachment)
    GET /api/claims/{id}/dossier?format=     the same, inline (json by default)

A claim id that changed when its cluster grew redirects to the current id;
an unknown claim is a 404 in the one error shape.
"""

from __future__ import annotations

from typing import Literal
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from ..store import claim_moved_to
from ..store.dossier import Dossier, claim_dossier
from ..store.dossier_formats import DOSSIER_FORMATS, render_dossier
from .context import ServeContext
from .problems import NotFound
from .schemas import ErrorResponse

__all__ = ["dossier_router"]

DossierFormat = Literal["json", "csv", "md"]
_RESPONSES: dict[int | str, dict] = {
    200: {"content": {kind.split(";")[0]: {} for kind in DOSSIER_FORMATS.values()},
          "description": "the claim's dossier"},
    400: {"model": ErrorResponse, "description": "bad query"},
    404: {"model": ErrorResponse, "description": "no such claim"},
    422: {"model": ErrorResponse, "description": "invalid request"}}


def _dossier_or_move(store, claim_id: str) -> Dossier | str | None:
    dossier = claim_dossier(store, claim_id)
    return dossier if dossier is not None else claim_moved_to(store, claim_id)


async def _answer(request: Request, claim_id: str, fmt: str, *, attachment: bool,
                  moved_to: str) -> Response:
    ctx: ServeContext = request.app.state.ctx
    found = await ctx.query(_dossier_or_move, claim_id)
    if isinstance(found, str):
        return RedirectResponse(moved_to.format(id=quote(found, safe=""), fmt=fmt),
                                status_code=301)
    if found is None:
        raise NotFound(f"no claim {claim_id!r}")
    headers = {"content-disposition":
               f'attachment; filename="claim-{quote(found.claim_id, safe="")}.{fmt}"'} \
        if attachment else {}
    return Response(render_dossier(found, fmt), media_type=DOSSIER_FORMATS[fmt],
                    headers=headers)


def dossier_router() -> APIRouter:
    router = APIRouter()

    @router.get("/claims/{claim_id}/dossier.{fmt}", include_in_schema=False)
    async def dossier_file(request: Request, claim_id: str, fmt: DossierFormat):
        return await _answer(request, claim_id, fmt, attachment=True,
                             moved_to="/claims/{id}/dossier.{fmt}")

    @router.get("/api/claims/{claim_id}/dossier", responses=_RESPONSES, tags=["api"],
                summary="A claim's dossier: mentions, sources, stances, quotes, articles")
    async def api_dossier(request: Request, claim_id: str,
                          format: DossierFormat = Query(  # noqa: A002 - the URL's name
                              "json", description="json, csv (a row per mention and per "
                              "stance) or md (a fact-check write-up skeleton)")):
        return await _answer(request, claim_id, format, attachment=False,
                             moved_to="/api/claims/{id}/dossier?format={fmt}")

    return router
