"""Contested claims: claims that one source asserts and another denies.

A claim is *contested* when its positions (:mod:`factdesk.store.positions`)
include an asserting one (asserts, believes) and a denying one from two
different sources (one entity named two ways is one source).  Each row says
who stands on which side (:data:`~factdesk.store.positions.SIDES`), in which
outlets, and when the claim last appeared.  Filters select claims: ``entity``
(an entity id, any of its ids, or its name: the claim's source, or who or
what the claim is about), ``outlet`` (a name from ``outlets``: the claim appears there),
``date_from``/``date_to`` (YYYY-MM-DD, inclusive: the claim appears in an
article published in the range; undated articles never match a date filter).
A bad value is an :class:`~factdesk.errors.InputError` naming the filter,
never silently ignored.  Nothing here writes.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from .identity import entity_ids, resolve_entity
from .paging import Paging, ResultPage
from .positions import OUTLET_MATCH, SIDES, Position, check_day, claim_labels, positions

if TYPE_CHECKING:
    from .db import Store

__all__ = ["ContestedSort", "DeskFilters", "check_filters", "contested_claims",
           "contested_row", "entity_of"]


class ContestedSort(StrEnum):
    """How contested claims are ordered (``sort=``)."""

    CHANGED = "changed"  # latest appearance first
    SOURCES = "sources"  # most sources first
    OUTLETS = "outlets"  # most outlets first


@dataclass(frozen=True, slots=True, kw_only=True)
class DeskFilters:
    """What the desk pages filter claims by (empty: no filter)."""

    entity: str = ""
    outlet: str = ""
    date_from: str = ""
    date_to: str = ""


def check_filters(conn: sqlite3.Connection, f: DeskFilters) -> None:
    """Raise an :class:`InputError` naming the first filter that is not valid."""
    check_day("date_from", f.date_from)
    check_day("date_to", f.date_to)
    if f.date_from and f.date_to and f.date_from > f.date_to:
        raise InputError(f"date_from {f.date_from} is after date_to {f.date_to}; "
                         "give the earlier day first")
    if f.entity and entity_of(conn, f.entity) is None:
        raise InputError(f"entity: no entity {f.entity!r}; give an entity id (as "
                         "/api/search?kind=entities lists them) or an entity's full name")
    if f.outlet and not conn.execute(
            f"SELECT 1 FROM articles a WHERE a.current = 1 AND {OUTLET_MATCH} LIMIT 1",
            (f.outlet, f"%://{f.outlet}/%")).fetchone():
        raise InputError(f"outlet: no outlet {f.outlet!r}; give a name from /api/outlets")


def entity_of(conn: sqlite3.Connection, value: str) -> str | None:
    """The canonical id of the entity ``value`` names: an id (any of its ids), else a
    name, case aside (the entity in most articles when several share it); or ``None``."""
    canonical = resolve_entity(conn, value)
    if conn.execute("SELECT 1 FROM entities WHERE id = ?", (canonical,)).fetchone():
        return canonical
    row = conn.execute("SELECT id FROM entities WHERE lower(name) = lower(?) "
                       "ORDER BY articles DESC, id LIMIT 1", (value.strip(),)).fetchone()
    return row[0] if row else None


def _conditions(conn: sqlite3.Connection, f: DeskFilters) -> tuple[str, list[Any]]:
    """SQL conditions on claims ``c`` for the filters, and their arguments."""
    # the claims with a denial (asserting sources are checked with the positions)
    where = ["c.id IN (SELECT cm.claim_id FROM claim_mentions m JOIN claim_members cm "
             "ON cm.article_id = m.article_id AND cm.mention_id = m.id "
             "WHERE m.stance = 'denies')"]
    args: list[Any] = []
    if f.entity:
        ids = sorted(entity_ids(conn, entity_of(conn, f.entity) or f.entity))
        marks = ",".join("?" * len(ids))
        where.append("(EXISTS (SELECT 1 FROM claim_members cm JOIN claim_mentions m ON "
                     "m.article_id = cm.article_id AND m.id = cm.mention_id WHERE "
                     f"cm.claim_id = c.id AND m.source_id IN ({marks})) OR "
                     + " OR ".join(["instr('|' || c.key || '|', ?) > 0"] * len(ids)) + ")")
        args += ids + [f"|{i}|" for i in ids]
    article = []
    if f.outlet:
        article.append(OUTLET_MATCH)
        args += [f.outlet, f"%://{f.outlet}/%"]
    if f.date_from:
        article.append("substr(a.published, 1, 10) >= ?")
        args.append(f.date_from)
    if f.date_to:
        article.append("substr(a.published, 1, 10) <= ?")
        args.append(f.date_to)
    if article:
        where.append("EXISTS (SELECT 1 FROM claim_members cm JOIN articles a ON a.id = "
                     "cm.article_id WHERE cm.claim_id = c.id AND a.current = 1 AND "
                     + " AND ".join(article) + ")")
    return " AND ".join(where), args


def _summary(found: list[Position]) -> tuple[str | None, int, int] | None:
    """Latest appearance, number of sources and of outlets of a contested claim's
    positions (what the list sorts by); ``None`` when it is not contested."""
    asserting = {p.source_key for p in found if p.side == "asserts"}
    denying = {p.source_key for p in found if p.side == "denies"}
    if not asserting or not denying or len(asserting | denying) < 2:
        return None
    days = [p.published for p in found if p.published]
    return (max(days) if days else None, len({p.source_key for p in found}),
            len({p.outlet for p in found}))


def contested_row(claim: dict[str, Any], found: list[Position]) -> dict[str, Any] | None:
    """A claim's row of the contested list (``None`` when it is not contested): each
    side's sources with their outlets, the outlets, sources and latest appearance."""
    sides: dict[str, dict[str, dict[str, Any]]] = {side: {} for side in SIDES}
    for p in found:
        seen = sides[p.side].setdefault(p.source_key, {
            "source": p.source, "entity_id": p.entity_id, "outlets": set()})
        seen["outlets"].add(p.outlet)
    summary = _summary(found)
    if summary is None:
        return None
    latest, sources, _outlets = summary
    return {**claim, "latest": latest, "outlets": sorted({p.outlet for p in found}),
            "source_count": sources,
            **{side: sorted(({**s, "outlets": sorted(s["outlets"])} for s in by_key.values()),
                            key=lambda s: s["source"].lower())
               for side, by_key in sides.items()}}


def _sort(rows: list[tuple[str, tuple[str | None, int, int]]], sort: ContestedSort) -> None:
    """Sort ``(claim id, summary)`` in place: by ``sort``, then latest appearance first
    (undated last), then id."""
    rows.sort(key=lambda row: row[0])
    rows.sort(key=lambda row: (row[1][0] is not None, row[1][0] or ""), reverse=True)
    if sort == ContestedSort.SOURCES:
        rows.sort(key=lambda row: -row[1][1])
    elif sort == ContestedSort.OUTLETS:
        rows.sort(key=lambda row: -row[1][2])


def contested_claims(store: Store, *, filters: DeskFilters = DeskFilters(),
                     sort: str = ContestedSort.CHANGED,
                     paging: Paging = Paging()) -> ResultPage[dict[str, Any]]:
    """One page of contested claims, filtered and sorted (see the module), and the total."""
    conn = store.conn
    if sort not in tuple(ContestedSort):
        raise InputError(f"sort: cannot sort contested claims by {sort!r}; choose from "
                         f"{', '.join(ContestedSort)}")
    check_filters(conn, filters)
    cond, args = _conditions(conn, filters)
    ids = [r[0] for r in conn.execute(f"SELECT c.id FROM claims c WHERE {cond}", args)]
    by_claim: dict[str, list[Position]] = {cid: [] for cid in ids}
    for p in positions(conn, ids, ordered=False):
        by_claim[p.claim_id].append(p)
    found = [(cid, summary) for cid in ids if (summary := _summary(by_claim[cid]))]
    _sort(found, ContestedSort(sort))
    shown = [cid for cid, _ in found[paging.offset:paging.offset + paging.limit]]
    labels = claim_labels(conn, shown)  # the full rows of the page only
    page = [contested_row(labels[cid], by_claim[cid]) for cid in shown]
    return ResultPage(items=tuple(page), total=len(found), paging=paging)
