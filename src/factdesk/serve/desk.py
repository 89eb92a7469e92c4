"""The claim desk: the pages and API a fact-checker opens every morning.

Contested claims, stories and outlet comparisons (:mod:`.desk_pages`,
:mod:`.desk_api`, read from :mod:`factdesk.store.contested`,
:mod:`factdesk.store.story_queries` and :mod:`factdesk.store.outlet_compare`),
mounted by :func:`~factdesk.serve.app.create_app` as one router.
"""

from __future__ import annotations

from fastapi import APIRouter

from .desk_api import desk_api_router
from .desk_pages import desk_pages_router

__all__ = ["desk_router"]


def desk_router() -> APIRouter:
    """The desk's API routes and pages."""
    router = APIRouter()
    router.include_router(desk_api_router())
    router.include_router(desk_pages_router())
    return router
