"""The desk's JSON API: contested claims, stories, and outlet comparisons.

Routes (under ``/api``, in the OpenAPI document with the others)::

    GET /api/contested                claims one source asserts and another denies
    GET /api/stories                  stories, newest first
    GET /api/stories/{id}             a story; ``since=YYYY-MM-DD``: what changed since
    GET /api/stories/{id}/outlets     per claim of the story: outlet x source stances
    GET /api/claims/{id}/outlets      a claim's outlet x source stances

A filter, sort or date that is not valid is a 400 naming it (never ignored).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from ..errors import BadParameter, InputError
from ..store import Paging
from ..store.contested import ContestedSort, DeskFilters, contested_claims
from ..store.outlet_compare import claim_outlets, story_outlets
from ..store.story_queries import StorySort, story_detail, story_list
from .api import ERRORS, paging
from .desk_schemas import ClaimOutlets, ContestedList, StoryDetail, StoryList, StoryOutlets
from .problems import NotFound

__all__ = ["cached", "desk_api_router", "desk_filters", "read_or_400"]

_DAY = "a calendar day, YYYY-MM-DD (a bad one is a 400)"
# Documented, not enforced by FastAPI (that would answer a 422): the store checks
# them and a bad value is a 400 that names the parameter.
_DAY_SCHEMA = {"format": "date", "pattern": r"^(\d{4}-\d{2}-\d{2})?$"}


def _day_query():
    return Query(max_length=40, description=_DAY, json_schema_extra=_DAY_SCHEMA)


def _choices(values) -> dict:
    return {"enum": [v.value for v in values]}


def desk_filters(
        entity: Annotated[str, Query(max_length=200, description="an entity id: the "
                                     "claim's source, or who or what it is about")] = "",
        outlet: Annotated[str, Query(max_length=200, description="an outlet from "
                                     "/api/outlets")] = "",
        date_from: Annotated[str, _day_query()] = "",
        date_to: Annotated[str, _day_query()] = "") -> DeskFilters:
    """The desk filters, from query parameters (checked by the store: bad is a 400)."""
    return DeskFilters(entity=entity.strip(), outlet=outlet.strip(),
                       date_from=date_from.strip(), date_to=date_to.strip())


def cached(ctx, reader, fn, *args: Any, **kwargs: Any) -> Any:
    """``fn(reader, ...)`` from the app's view cache while the corpus is unchanged
    (keyed by the function and its arguments, which are all hashable)."""
    key = ("desk", fn.__name__, args, tuple(sorted(kwargs.items())))
    return ctx.views.get(reader, key, lambda: fn(reader, *args, **kwargs))


async def read_or_400(request: Request, fn, *args: Any, **kwargs: Any) -> Any:
    """``fn(reader, ...)`` (cached) on a read connection; an InputError (a bad filter)
    is a 400 ``bad_parameter``, as on every list (:mod:`.params`)."""
    ctx = request.app.state.ctx
    try:
        return await ctx.query(lambda reader: cached(ctx, reader, fn, *args, **kwargs))
    except BadParameter:
        raise
    except InputError as exc:  # the store's checks: answered as every list's bad filter is
        raise BadParameter(str(exc)) from exc


def _page(found) -> dict[str, Any]:
    data = found.to_dict()
    data.pop("total_capped")
    return data


def desk_api_router() -> APIRouter:
    router = APIRouter(prefix="/api", tags=["desk"], responses=ERRORS)

    @router.get("/contested", response_model=ContestedList)
    async def api_contested(
            request: Request, f: DeskFilters = Depends(desk_filters),
            sort: Annotated[str, Query(max_length=40, description=", ".join(ContestedSort),
                                       json_schema_extra=_choices(ContestedSort))]
            = ContestedSort.CHANGED.value,
            p: Paging = Depends(paging)):
        """Claims with an asserting and a denying source (two different sources):
        who stands on which side, in which outlets."""
        return _page(await read_or_400(request, contested_claims, filters=f, sort=sort,
                                       paging=p))

    @router.get("/stories", response_model=StoryList)
    async def api_stories(
            request: Request,
            sort: Annotated[str, Query(max_length=40, description=", ".join(StorySort),
                                       json_schema_extra=_choices(StorySort))]
            = StorySort.RECENT.value,
            min_articles: Annotated[int, Query(ge=1, le=10_000, description="only stories "
                                               "of at least this many articles")] = 1,
            p: Paging = Depends(paging)):
        """Stories (articles on one event), latest article first."""
        return _page(await read_or_400(request, story_list, sort=sort,
                                       min_articles=min_articles, paging=p))

    @router.get("/stories/{story_id}", response_model=StoryDetail)
    async def api_story(request: Request, story_id: str,
                        since: Annotated[str, _day_query()] = ""):
        """A story's articles by outlet and time, its claims and each source's stances;
        with ``since``, the articles, claims and stance changes of that day or later."""
        detail = await read_or_400(request, story_detail, story_id, since.strip())
        if detail is None:
            raise NotFound(f"no story {story_id!r}")
        return detail

    @router.get("/stories/{story_id}/outlets", response_model=StoryOutlets)
    async def api_story_outlets(request: Request, story_id: str):
        """For each claim of a story: which outlets carried which sources' stances."""
        found = await read_or_400(request, story_outlets, story_id)
        if found is None:
            raise NotFound(f"no story {story_id!r}")
        return found

    @router.get("/claims/{claim_id}/outlets", response_model=ClaimOutlets)
    async def api_claim_outlets(request: Request, claim_id: str):
        """Which outlets carried which sources' stances on a claim."""
        found = await read_or_400(request, claim_outlets, claim_id)
        if found is None:
            raise NotFound(f"no claim {claim_id!r}")
        return found

    return router

