"""Search the store: articles, quotes and claims by full text (SQLite FTS5),
entities by name, each kind filtered and paged.

A plain query is in the search box's language (words ANDed, "phrases", OR,
-word/NOT, prefix*, parentheses, ``speaker:`` and ``outlet:``), parsed by
:mod:`factdesk.store.query_syntax` into an FTS5 match in which every user term
is a quoted string; a malformed one is a
:class:`~factdesk.errors.QuerySyntaxError`; :func:`text_search` (the CLI) takes
the same language.  :func:`fts_query` takes plain words, all of which must
occur; ``raw=True`` passes FTS5 query syntax through (``"exact
phrase"``, ``speaker:mensah``, ``OR``, ``NEAR``).  An empty plain query lists
everything the :class:`Filters` let through, newest first.  Quotes are
searched by their text and their speaker's name.

Matches in a hit's snippet are marked as :mod:`factdesk.store.marks` says
(its :func:`segments` turns a snippet into plain pieces for templates and the
API); the SQL of each kind is in :mod:`factdesk.store.search_sql`.  Nothing
here writes.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import TYPE_CHECKING

from ..errors import QuerySyntaxError, StoreError
from .outlets import outlet_of
from .paging import Paging, ResultPage
from .query_syntax import ParsedQuery, parse_query
from .search_sql import BUILDERS, RANKED, Built

if TYPE_CHECKING:
    from .db import Store

__all__ = ["COUNT_CAP", "SEARCH_SORTS", "TEXT_KINDS", "Filters", "SearchHit", "SearchKind",
           "built_search", "fts_query", "page_from_index", "search", "text_search",
           "undated_matches"]

#: Counts stop here: a search with more hits says "at least COUNT_CAP" (``total_capped``).
COUNT_CAP = 1000
MAX_NAME_WORDS = 8    # words of a query an entity's names are matched against


class SearchKind(StrEnum):
    """What a search looks for."""

    ARTICLES = "articles"
    QUOTES = "quotes"
    CLAIMS = "claims"
    ENTITIES = "entities"


#: How a search may order its articles and quotes (``relevance``: best first).
SEARCH_SORTS = ("relevance", "newest", "oldest")
_BY_DATE = {"newest": "a.published IS NULL, a.published DESC, ",
            "oldest": "a.published IS NULL, a.published, "}
_DATED = {SearchKind.ARTICLES: "a.id", SearchKind.QUOTES: "q.seq"}  # and their tie-breaks

#: The kinds with a full-text index (what ``factdesk search`` looks through).
TEXT_KINDS = (SearchKind.ARTICLES, SearchKind.QUOTES, SearchKind.CLAIMS)


@dataclass(frozen=True, slots=True, kw_only=True)
class Filters:
    """Search filters; empty strings mean "any".

    ``outlet`` is a site name (or host); ``date_from``/``date_to`` are ISO
    dates compared with the article's publication date; ``speaker`` is an
    entity id or a speaker's name; ``stance`` a :class:`~factdesk.model.Stance`
    value.
    """

    outlet: str = ""
    date_from: str = ""
    date_to: str = ""
    speaker: str = ""
    stance: str = ""

    def __bool__(self) -> bool:
        return any((self.outlet, self.date_from, self.date_to, self.speaker, self.stance))


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchHit:
    """One match.  Every hit has ``kind``, ``id``, ``title`` (an article's headline,
    a claim's label, an entity's name) and ``snippet`` (marked; empty for entities);
    the other fields belong to some kinds only, as named."""

    kind: SearchKind
    id: str
    title: str | None
    snippet: str = ""
    score: float = 0.0               # -bm25 (higher is better); 0 when nothing is matched
    article_id: str | None = None    # articles, quotes
    outlet: str | None = None        # articles, quotes
    published: str | None = None     # articles, quotes
    speaker: str | None = None       # quotes
    speaker_id: str | None = None    # quotes
    cue: str | None = None           # quotes: the lemma of the verb that introduced it
    quote_kind: str | None = None    # quotes
    key: str | None = None           # claims
    mentions: int | None = None      # claims
    stances: tuple[tuple[str, str], ...] = ()  # claims: (stance, source), sorted
    entity_kind: str | None = None   # entities
    articles: int | None = None      # entities: how many articles name it


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def fts_query(text: str, *, max_words: int | None = None) -> str:
    """An FTS5 query matching rows that contain every word of ``text`` (the
    first ``max_words`` of them), each quoted so none is FTS syntax."""
    words = _words(text)[:max_words]
    if not words:
        raise StoreError(f"{text!r} has no words to search for")
    return " ".join(f'"{w}"' for w in words)


def _with_fields(filters: Filters, parsed: ParsedQuery) -> Filters:
    """``filters`` with the query's ``speaker:``/``outlet:``; a field given both in the
    query and as a filter must agree."""
    changes = {}
    for name in ("speaker", "outlet"):
        value, given = getattr(parsed, name), getattr(filters, name)
        if value and given and value.casefold() != given.casefold():
            raise QuerySyntaxError(f"{name}: {value!r} in the query and {given!r} as a "
                                   "filter disagree; give one")
        if value:
            changes[name] = value
    return replace(filters, **changes) if changes else filters


def _kind(kind: str, kinds: tuple[SearchKind, ...] = tuple(SearchKind)) -> SearchKind:
    if kind not in kinds:
        raise StoreError(f"cannot search {kind!r}; choose from {', '.join(kinds)}")
    return SearchKind(kind)


def built_search(kind: SearchKind, query: str, filters: Filters, *, raw: bool = False,
                 snippet_tokens: int = 24) -> tuple[str | None, Filters, Built]:
    """The FTS5 match of ``query`` (``None``: list without matching), the filters
    with the query's fields, and the SQL of a ``kind`` search for them."""
    excluded: tuple[tuple[str, ...], ...] = ()
    if raw:
        match: str | None = query
        groups: tuple[tuple[str, ...], ...] = (tuple(_words(query)[:MAX_NAME_WORDS]),)
    else:
        parsed = parse_query(query)
        match, groups, excluded = parsed.match, parsed.name_groups, parsed.name_excluded
        filters = _with_fields(filters, parsed)
    return match, filters, BUILDERS[kind](match, groups, filters, snippet_tokens, excluded)


def search(store: Store, kind: str, query: str = "", filters: Filters = Filters(),
           paging: Paging = Paging(), *, raw: bool = False, sort: str = "relevance",
           snippet_tokens: int = 24) -> ResultPage[SearchHit]:
    """One page of ``kind`` hits for ``query``, best first, and their total.

    An empty plain ``query`` lists every ``kind`` the filters let through
    (articles and quotes newest first).  ``sort`` (:data:`SEARCH_SORTS`) puts
    articles and quotes newest or oldest first instead of best first; claims
    and entities keep their one order.  ``snippet_tokens`` is the length of an
    article's snippet, in words.
    """
    kind = _kind(kind)
    if sort not in SEARCH_SORTS:
        raise StoreError(f"cannot sort by {sort!r}; choose from {', '.join(SEARCH_SORTS)}")
    match, filters, built = built_search(kind, query, filters, raw=raw,
                                         snippet_tokens=snippet_tokens)
    if sort != "relevance" and kind in _DATED:
        built = replace(built, order=_BY_DATE[sort] + _DATED[kind])
    try:
        rows = None
        if match is not None and kind in RANKED and (sort == "relevance" or kind not in _DATED):
            rows = page_from_index(store.conn, kind, match, BUILDERS[kind](
                None, (), filters, snippet_tokens), paging, snippet_tokens)
        if rows is None:
            rows = _page(store.conn, built, paging)
        counted = store.conn.execute(f"SELECT count(*) FROM (SELECT 1 {built.where} LIMIT ?)",
                                     [*built.args, COUNT_CAP + 1]).fetchone()[0]
    except sqlite3.OperationalError as exc:
        if not raw:
            raise
        raise StoreError(f"bad search query {query!r} ({exc}); drop --raw to search "
                         "plain words") from exc
    return ResultPage(items=tuple(_hit(kind, row) for row in rows),
                      total=min(counted, COUNT_CAP), total_capped=counted > COUNT_CAP,
                      paging=paging)


def undated_matches(store: Store, kind: str, query: str = "",
                    filters: Filters = Filters()) -> int:
    """How many ``kind`` hits of ``query`` a date filter left out for having no
    publication date (0 without a date filter, and for claims and entities; counting
    stops at :data:`COUNT_CAP`)."""
    kind = _kind(kind)
    if kind not in _DATED or not (filters.date_from or filters.date_to):
        return 0
    _, _, built = built_search(kind, query, replace(filters, date_from="", date_to=""))
    (found,) = store.conn.execute(
        f"SELECT count(*) FROM (SELECT 1 {built.where} AND a.published IS NULL LIMIT ?)",
        [*built.args, COUNT_CAP]).fetchone()
    return found


def page_from_index(conn: sqlite3.Connection, kind: str, match: str, listing: Built,
                 paging: Paging, tokens: int) -> list[tuple] | None:
    """One page from the index's own ``ORDER BY rank LIMIT``: the best candidates
    (twice the rows up to the page's end, and 50), of which the filters keep
    some; exact when every candidate ranked strictly better than the last one
    fills the page (or there were fewer matches than candidates).  ``None``:
    the filters dropped too many, rank them all (:func:`_page`)."""
    index = RANKED[kind]
    wanted = paging.offset + paging.limit
    room = 2 * wanted + 50
    candidates = conn.execute(f"SELECT rowid, rank FROM {index.table} WHERE {index.table} "
                              "MATCH ? ORDER BY rank LIMIT ?", (match, room)).fetchall()
    if not candidates:
        return []
    ids = [seq for seq, _ in candidates]
    marks = ",".join("?" * len(ids))
    kept = {row[0]: row[1:] for row in conn.execute(
        f"SELECT {index.seq}, {listing.select.removeprefix('SELECT ')} "
        f"AND {index.seq} IN ({marks})", [*listing.args, *ids])}
    ranked = sorted(((rank, kept[seq][0] if index.ties_by_id else seq, seq)
                     for seq, rank in candidates if seq in kept))
    if len(candidates) == room:  # more matches than candidates: trust the sure ones
        ranked = [hit for hit in ranked if hit[0] < candidates[-1][1]]
        if len(ranked) < wanted:
            return None
    page = ranked[paging.offset:wanted]
    if not page:
        return []
    snippets = dict(conn.execute(
        f"SELECT rowid, {index.snippet(tokens)} FROM {index.table} WHERE {index.table} "
        f"MATCH ? AND rowid IN ({','.join('?' * len(page))})", [match, *(p[2] for p in page)]))
    return [(*kept[seq][:-2], snippets.get(seq, ""), rank) for rank, _, seq in page]


def _page(conn: sqlite3.Connection, built: Built, paging: Paging) -> list[tuple]:
    """The rows of one page: for a match, ranked and cut on the row ids and sort keys
    alone, then read (columns, snippets) for those rows only."""
    cut = [*built.args, paging.limit, paging.offset]
    if built.rowid is None:
        return conn.execute(f"{built.select} ORDER BY {built.order} LIMIT ? OFFSET ?",
                            cut).fetchall()
    ids = [row[0] for row in conn.execute(
        f"SELECT {built.rowid} {built.where} ORDER BY {built.order} LIMIT ? OFFSET ?", cut)]
    if not ids:
        return []
    return conn.execute(f"{built.select} AND {built.rowid} IN ({','.join('?' * len(ids))}) "
                        f"ORDER BY {built.order}", [*built.args, *ids]).fetchall()


def text_search(store: Store, query: str, *, kinds: tuple[str, ...] = TEXT_KINDS,
                limit: int = 20, raw: bool = False,
                snippet_tokens: int = 16) -> list[SearchHit]:
    """The best ``limit`` full-text hits of each of ``kinds`` for ``query``, in the
    search box's language (as :func:`search` takes it: phrases, OR, -word, prefix*,
    ``speaker:``, ``outlet:``); a malformed query, or one with nothing to search
    for, is a :class:`~factdesk.errors.QuerySyntaxError` saying why."""
    if not raw:
        parsed = parse_query(query)
        if parsed.match is None and not (parsed.speaker or parsed.outlet):
            raise QuerySyntaxError(f"{query!r} has no words to search for")
    hits: list[SearchHit] = []
    for kind in kinds:
        found = search(store, _kind(kind, TEXT_KINDS), query, paging=Paging(limit=limit),
                       raw=raw, snippet_tokens=snippet_tokens)
        hits += found.items
    return hits


def _hit(kind: SearchKind, row: tuple) -> SearchHit:
    if kind == SearchKind.ARTICLES:
        aid, headline, site, url, published, snippet, score = row
        return SearchHit(kind=kind, id=aid, article_id=aid, title=headline,
                         outlet=outlet_of(site, url), published=published, snippet=snippet,
                         score=-score)
    if kind == SearchKind.QUOTES:
        (qid, aid, speaker, speaker_id, cue, qkind, headline, site, url, published,
         snippet, score) = row
        return SearchHit(kind=kind, id=qid, article_id=aid, title=headline, speaker=speaker,
                         speaker_id=speaker_id, cue=cue, quote_kind=qkind,
                         outlet=outlet_of(site, url), published=published, snippet=snippet,
                         score=-score)
    if kind == SearchKind.CLAIMS:
        cid, key, label, mentions, stances, snippet, score = row
        pairs = sorted(tuple(s.split(":", 1)) for s in (stances or "").split("\n") if s)
        return SearchHit(kind=kind, id=cid, title=label, key=key, mentions=mentions,
                         stances=tuple(pairs), snippet=snippet, score=-score)
    eid, ekind, name, articles, _, _ = row
    return SearchHit(kind=kind, id=eid, title=name, entity_kind=ekind, articles=articles)
