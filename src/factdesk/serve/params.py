"""The query parameters of every list, checked one way: filters, paging and sort.

Every page and API list that takes them (the search page and ``/api/search``,
``/api/articles``, ``/api/claims``, the entity page's lists, following and the
inbox) checks them here, so a value means the same and is refused with the
same words everywhere:

==============  ==============================================================
parameter       takes
==============  ==============================================================
date_from/to    a calendar day written YYYY-MM-DD; ``date_from`` <= ``date_to``
stance          a :class:`~factdesk.model.Stance` value
outlet/speaker  up to 200 characters, no control characters
limit           a whole number from 1 to :data:`MAX_LIMIT`
offset          a whole number from 0 to :data:`MAX_OFFSET`
sort            one of the list's choices (:func:`check_sort`)
==============  ==============================================================

A bad value is a :class:`~factdesk.errors.BadParameter` naming the parameter:
the API answers it as a 400 in the one error shape; a page shows the message
beside its form (:func:`page_query`: the page renders with status 400 and
lists nothing) rather than an error page.  Empty values mean "any" (or the
default).  The FastAPI dependencies (:func:`filters`, :func:`paging`) declare
the parameters for the OpenAPI document, with the schema each value must fit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Annotated

from fastapi import Query

from ..errors import BadParameter
from ..model import Stance
from ..store import Filters, Paging
from ..store.entity_lists import ENTITY_LIST_SORTS

__all__ = ["MAX_LIMIT", "MAX_OFFSET", "EntityLists", "PageQuery", "check_filters",
           "check_paging", "check_sort", "entity_lists", "filters", "page_query", "paging"]

MAX_LIMIT = 100
MAX_OFFSET = 1_000_000
MAX_TEXT = 200
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_WHOLE = re.compile(r"\d{1,9}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_STANCES = tuple(s.value for s in Stance)

# OpenAPI schemas of the parameters (checked here, not by FastAPI, so the message
# is this module's wherever the value is given)
_DATE_SCHEMA = {"format": "date", "pattern": r"^(\d{4}-\d{2}-\d{2})?$"}
_TEXT_SCHEMA = {"maxLength": MAX_TEXT, "pattern": r"^[^\x00-\x1f\x7f]*$"}
_STANCE_SCHEMA = {"enum": ["", *_STANCES]}


def _day(name: str, value: str) -> str:
    value = value.strip()
    if not value:
        return ""
    try:
        if not _DAY.fullmatch(value):
            raise ValueError
        date.fromisoformat(value)
    except ValueError:
        raise BadParameter(f"{name}: {value[:40]!r} is not a calendar date; give YYYY-MM-DD, "
                           "e.g. 2024-05-31") from None
    return value


def _text(name: str, value: str) -> str:
    value = value.strip()
    if len(value) > MAX_TEXT:
        raise BadParameter(f"{name}: {len(value)} characters, more than {MAX_TEXT}")
    if _CONTROL.search(value):
        raise BadParameter(f"{name}: control characters are not allowed")
    return value


def check_filters(*, outlet: str = "", date_from: str = "", date_to: str = "",
                  speaker: str = "", stance: str = "") -> Filters:
    """The :class:`~factdesk.store.Filters` these values give; a bad one is a
    :class:`~factdesk.errors.BadParameter` naming it."""
    first, last = _day("date_from", date_from), _day("date_to", date_to)
    if first and last and first > last:
        raise BadParameter(f"date_from {first} is after date_to {last}; swap them")
    stance = stance.strip()
    if stance and stance not in _STANCES:
        raise BadParameter(f"stance: {stance[:40]!r} is not a stance; choose from "
                           f"{', '.join(_STANCES)}")
    return Filters(outlet=_text("outlet", outlet), date_from=first, date_to=last,
                   speaker=_text("speaker", speaker), stance=stance)


def _whole(name: str, value: str | int, default: int, low: int, high: int) -> int:
    text = str(value).strip()
    if not text:
        return default
    if not _WHOLE.fullmatch(text) or not low <= int(text) <= high:
        raise BadParameter(f"{name}: {text[:20]!r} is not a whole number from {low} to {high}")
    return int(text)


def check_paging(limit: str | int = "", offset: str | int = "", *, default_limit: int = 20,
                 max_limit: int = MAX_LIMIT, offset_name: str = "offset") -> Paging:
    """The :class:`~factdesk.store.Paging` these values give (empty: the defaults);
    ``offset_name`` names the offset in messages (a page with two lists)."""
    return Paging(limit=_whole("limit", limit, default_limit, 1, max_limit),
                  offset=_whole(offset_name, offset, 0, 0, MAX_OFFSET))


def check_sort(value: str, choices: tuple[str, ...], default: str | None = None, *,
               name: str = "sort") -> str:
    """``value`` when it is one of ``choices`` (empty: ``default``, else the first);
    ``name`` is the parameter's, for the message (a choice of another kind)."""
    value = value.strip()
    if not value:
        return choices[0] if default is None else default
    if value not in choices:
        what = "a sort of this list" if name == "sort" else f"a {name}"
        raise BadParameter(f"{name}: {value[:40]!r} is not {what}; choose from "
                           f"{', '.join(c for c in choices if c)}")
    return value


def filters(outlet: Annotated[str, Query(json_schema_extra=_TEXT_SCHEMA)] = "",
            date_from: Annotated[str, Query(json_schema_extra=_DATE_SCHEMA)] = "",
            date_to: Annotated[str, Query(json_schema_extra=_DATE_SCHEMA)] = "",
            speaker: Annotated[str, Query(json_schema_extra=_TEXT_SCHEMA)] = "",
            stance: Annotated[str, Query(json_schema_extra=_STANCE_SCHEMA)] = "") -> Filters:
    """The filters of a list, from query parameters (a bad one: 400)."""
    return check_filters(outlet=outlet, date_from=date_from, date_to=date_to,
                         speaker=speaker, stance=stance)


def paging(limit: Annotated[str, Query(json_schema_extra={
               "type": "integer", "minimum": 1, "maximum": MAX_LIMIT})] = "20",
           offset: Annotated[str, Query(json_schema_extra={
               "type": "integer", "minimum": 0, "maximum": MAX_OFFSET})] = "0") -> Paging:
    """The slice of a list asked for, from query parameters (a bad one: 400)."""
    return check_paging(limit, offset)


@dataclass(frozen=True, slots=True)
class PageQuery:
    """A page's filters and paging, checked; ``error`` is the message to show
    beside the form when a value was bad (the page then lists nothing)."""

    filters: Filters
    paging: Paging
    error: str = ""


def page_query(outlet: str = "", date_from: str = "", date_to: str = "", speaker: str = "",
               stance: str = "", limit: str = "", offset: str = "") -> PageQuery:
    """:func:`filters` and :func:`paging` for a page: a bad value is said, not raised."""
    try:
        return PageQuery(check_filters(outlet=outlet, date_from=date_from, date_to=date_to,
                                       speaker=speaker, stance=stance),
                         check_paging(limit, offset))
    except BadParameter as exc:
        return PageQuery(Filters(), Paging(), str(exc))


@dataclass(frozen=True, slots=True)
class EntityLists:
    """The entity page's filters, sort and the paging of its two lists (articles,
    quotes), checked; ``error`` as in :class:`PageQuery`."""

    filters: Filters
    sort: str
    articles: Paging
    quotes: Paging
    error: str = ""


def entity_lists(*, outlet: str = "", date_from: str = "", date_to: str = "",
                 speaker: str = "", stance: str = "", sort: str = "", limit: str = "",
                 articles_offset: str = "", quotes_offset: str = "") -> EntityLists:
    """The entity page's parameters: a bad value is said, not raised."""
    try:
        return EntityLists(
            check_filters(outlet=outlet, date_from=date_from, date_to=date_to,
                          speaker=speaker, stance=stance),
            check_sort(sort, ENTITY_LIST_SORTS),
            check_paging(limit, articles_offset, offset_name="articles_offset"),
            check_paging(limit, quotes_offset, offset_name="quotes_offset"))
    except BadParameter as exc:
        return EntityLists(Filters(), "newest", Paging(), Paging(), str(exc))
