"""Facet counts beside search results: outlet, date, speaker and stance.

Each facet counts the hits of a search (:func:`factdesk.store.search.search`)
by one property, in SQL over the whole result set, not the page shown; like
the total, counting stops at :data:`~factdesk.store.search.COUNT_CAP` hits
(``capped`` then says the counts are of the first hits only).  What a hit
counts under:

* articles: their outlet and publication month (or day, when every hit falls
  in one month), the speakers quoted in them and the stances taken in them;
* quotes: their article's outlet and date, their speaker, the stances of the
  claims made inside them;
* claims: the outlets and dates of their articles, their sources and stances
  (a claim counts once under each value it has).

Every value carries the filter that narrows the search to it (``filters``:
``outlet``, ``date_from``/``date_to``, ``speaker`` or ``stance`` and its
value), so a page can link each one.  Hits without a publication date are
counted under the date facet's ``undated``.  Entities have no facets.
"""

from __future__ import annotations

import calendar
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .outlets import UNKNOWN_OUTLET, outlet_of
from .search import COUNT_CAP, Filters, SearchKind, built_search

if TYPE_CHECKING:
    from .db import Store

__all__ = ["FACET_NAMES", "FacetValue", "Facets", "search_facets"]

FACET_NAMES = ("outlet", "date", "speaker", "stance")
#: The most values a facet lists (the largest counts).
MAX_VALUES = 12

# the host of ``a.url`` as the outlet filter matches it (``%://host/%``)
_REST = "substr(a.url, instr(a.url, '://') + 3)"
_HOST = (f"CASE WHEN instr(a.url, '://') > 0 THEN CASE WHEN instr({_REST}, '/') > 0 "
         f"THEN substr({_REST}, 1, instr({_REST}, '/') - 1) ELSE {_REST} END END")
# a speaker or source under its canonical entity (else its per-article id, else its name)
_WHO = "coalesce(x.entity_id, {id}, lower({name}))"
_ALIAS = "LEFT JOIN entity_aliases x ON x.alias_id = {id}"

#: Per kind: the hit's id column, and how its hits reach articles (as ``a``),
#: speakers (``{id}``/``{name}`` columns) and stances.
_HIT_ID = {SearchKind.ARTICLES: "a.id", SearchKind.QUOTES: "q.seq", SearchKind.CLAIMS: "c.id"}
_TO_ARTICLES = {
    SearchKind.ARTICLES: "JOIN articles a ON a.id = hits.id",
    SearchKind.QUOTES: "JOIN quotes q ON q.seq = hits.id JOIN articles a ON a.id = q.article_id",
    SearchKind.CLAIMS: ("JOIN claim_members cm ON cm.claim_id = hits.id "
                        "JOIN articles a ON a.id = cm.article_id AND a.current = 1"),
}
_TO_SPEAKERS = {
    SearchKind.ARTICLES: ("JOIN quotes s ON s.article_id = hits.id AND s.listable = 1 "
                          "AND s.speaker IS NOT NULL", "s.speaker_id", "s.speaker"),
    SearchKind.QUOTES: ("JOIN quotes s ON s.seq = hits.id AND s.speaker IS NOT NULL",
                        "s.speaker_id", "s.speaker"),
    SearchKind.CLAIMS: ("JOIN stances s ON s.claim_id = hits.id AND s.source IS NOT NULL",
                        "s.source_id", "s.source"),
}
_TO_STANCES = {
    SearchKind.ARTICLES: "JOIN claim_mentions m ON m.article_id = hits.id",
    SearchKind.QUOTES: ("JOIN quotes q ON q.seq = hits.id JOIN claim_mentions m ON "
                        "m.article_id = q.article_id AND m.start >= q.start "
                        'AND m."end" <= q."end"'),
    SearchKind.CLAIMS: "JOIN stances m ON m.claim_id = hits.id",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class FacetValue:
    """One value of a facet: what to show, how many hits have it, and the filter
    (name -> value) that narrows the search to it."""

    label: str
    count: int
    filters: tuple[tuple[str, str], ...]

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "count": self.count, "filters": dict(self.filters)}


@dataclass(frozen=True, slots=True, kw_only=True)
class Facets:
    """The facets of one search; ``date_unit`` is ``month`` or ``day``."""

    outlet: tuple[FacetValue, ...] = ()
    date: tuple[FacetValue, ...] = ()
    speaker: tuple[FacetValue, ...] = ()
    stance: tuple[FacetValue, ...] = ()
    date_unit: str = "month"
    undated: int = 0
    capped: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {**{name: [v.to_dict() for v in getattr(self, name)] for name in FACET_NAMES},
                "date_unit": self.date_unit, "undated": self.undated, "capped": self.capped}


def search_facets(store: Store, kind: str, query: str = "",
                  filters: Filters = Filters()) -> Facets:
    """The facets of a search for ``query`` (in the search box's language) with
    ``filters``; a malformed query is a :class:`~factdesk.errors.QuerySyntaxError`."""
    kind = SearchKind(kind)
    if kind not in _HIT_ID:
        return Facets()
    _, _, built = built_search(kind, query, filters)
    conn = store.conn
    # the hits are found once; each facet groups them (not the match run again)
    ids = [row[0] for row in conn.execute(f"SELECT {_HIT_ID[kind]} {built.where} LIMIT ?",
                                          [*built.args, COUNT_CAP + 1])]
    found, hit_ids = len(ids), json.dumps(ids[:COUNT_CAP])
    hits = "WITH hits(id) AS (SELECT value FROM json_each(?)) "

    def rows(sql: str) -> list[tuple]:
        return conn.execute(hits + sql, (hit_ids,)).fetchall()

    articles = _TO_ARTICLES[kind]
    outlets: dict[str, int] = {}
    for site, host, count in rows(f"SELECT a.site_name, {_HOST}, count(DISTINCT hits.id) "
                                  f"FROM hits {articles} GROUP BY 1, 2"):
        name = outlet_of(site, f"https://{host}/" if host else None)
        outlets[name] = outlets.get(name, 0) + count
    months = rows(f"SELECT substr(a.published, 1, 7), count(DISTINCT hits.id) FROM hits "
                  f"{articles} GROUP BY 1")
    dated = [(m, n) for m, n in months if m]
    unit, dates = "month", [_month(m, n) for m, n in sorted(dated, reverse=True)]
    if len(dated) == 1:
        unit, dates = "day", [_day(d, n) for d, n in rows(
            f"SELECT substr(a.published, 1, 10), count(DISTINCT hits.id) FROM hits {articles} "
            "WHERE a.published IS NOT NULL GROUP BY 1 ORDER BY 1 DESC")]
    return Facets(outlet=_outlets(outlets), date=tuple(dates[:MAX_VALUES * 2]), date_unit=unit,
                  undated=sum(n for m, n in months if not m),
                  speaker=_speakers(rows, kind), stance=_stances(rows, kind),
                  capped=found > COUNT_CAP)


def _outlets(counts: dict[str, int]) -> tuple[FacetValue, ...]:
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:MAX_VALUES]
    return tuple(FacetValue(label=name, count=n,
                            filters=(() if name == UNKNOWN_OUTLET else (("outlet", name),)))
                 for name, n in ranked)


def _month(month: str, count: int) -> FacetValue:
    year, number = int(month[:4]), int(month[5:7])
    last = calendar.monthrange(year, number)[1] if 1 <= number <= 12 else 31
    return FacetValue(label=month, count=count, filters=(
        ("date_from", f"{month}-01"), ("date_to", f"{month}-{last:02d}")))


def _day(day: str, count: int) -> FacetValue:
    return FacetValue(label=day, count=count, filters=(("date_from", day), ("date_to", day)))


def _speakers(rows, kind: SearchKind) -> tuple[FacetValue, ...]:
    join, sid, name = _TO_SPEAKERS[kind]
    who = _WHO.format(id=sid, name=name)
    found = rows(f"SELECT {who}, coalesce(e.name, max({name})), count(DISTINCT hits.id) "
                 f"FROM hits {join} {_ALIAS.format(id=sid)} LEFT JOIN entities e ON "
                 f"e.id = x.entity_id GROUP BY 1 ORDER BY 3 DESC, 2 LIMIT {MAX_VALUES}")
    # an entity's id filters by every alias; a speaker without one, by name
    return tuple(FacetValue(label=label, count=n, filters=(
        ("speaker", key if ":" in key else label),)) for key, label, n in found)


def _stances(rows, kind: SearchKind) -> tuple[FacetValue, ...]:
    found = rows(f"SELECT m.stance, count(DISTINCT hits.id) FROM hits {_TO_STANCES[kind]} "
                 "WHERE m.stance IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1")
    return tuple(FacetValue(label=stance, count=n, filters=(("stance", stance),))
                 for stance, n in found)
