"""The SQL of :func:`factdesk.store.search.search`: one query builder per kind.

Each builder takes the FTS5 match (``None``: list without matching), the
query's word groups (entities are matched by name with ``LIKE``: any group, all
of its words), the filters, an article snippet's length and the word groups of
the query's left-out terms (an entity named by one is left out), and returns a
:class:`Built`: the select, the count's ``FROM ... WHERE``, their arguments,
the order, and for a match the select of snippets.  Every select ends with the
hit's snippet and its bm25 rank (0 when nothing is matched).

On a large corpus the cost of a search is in what is done per matching row,
so for a match ``search`` first asks the index itself for its best rows
(``ORDER BY rank LIMIT``, :data:`RANKED`), keeps those the filters let through
and reads snippets for the page's rows alone; when the filters drop too many
of them it ranks every match, selecting nothing but the full-text row id
(:attr:`Built.rowid`) and the sort keys, and reads the page's rows after.  Counts stop at a cap
(:data:`factdesk.store.search.COUNT_CAP`).  Tables are those of
:mod:`factdesk.store.schema`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .marks import MARK_END, MARK_START

if TYPE_CHECKING:
    from .search import Filters

__all__ = ["BUILDERS", "RANKED", "Built", "Groups", "Ranked", "article_filters"]

#: The words entities are matched by name against: any group, all of its words.
Groups = tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class Built:
    """One kind's search SQL: ``select`` (ending in ``WHERE ...``; the snippet and
    the score are its last two columns), ``where`` (its ``FROM ... WHERE ...``,
    for the count and the ranking), ``args`` of both, ``order``, and for a match
    ``rowid``, the full-text row id of a hit."""

    select: str
    where: str
    args: list[Any]
    order: str
    rowid: str | None = None


@dataclass(frozen=True, slots=True)
class Ranked:
    """A text kind's full-text index: its table, the indexed row's id in the kind's
    listing select (the index's rowid), the hit's snippet (given its length in words),
    and whether ties of rank go by the hit's id (else by that row id)."""

    table: str
    seq: str
    snippet: Callable[[int], str]
    ties_by_id: bool


RANKED: dict[str, Ranked] = {
    "articles": Ranked("articles_fts", "a.seq", lambda tokens: (
        f"snippet(articles_fts, 1, '{MARK_START}', '{MARK_END}', '…', {int(tokens)})"), True),
    "quotes": Ranked("quotes_fts", "q.seq", lambda tokens: (
        f"highlight(quotes_fts, 0, '{MARK_START}', '{MARK_END}')"), False),
    "claims": Ranked("claims_fts", "c.seq", lambda tokens: (
        f"highlight(claims_fts, 0, '{MARK_START}', '{MARK_END}')"), True),
}


def article_filters(f: Filters, alias: str = "a") -> tuple[list[str], list[Any]]:
    """The conditions (and their arguments) that keep current articles ``alias`` of
    the filters' outlet and publication days."""
    where, args = [f"{alias}.current = 1"], []
    if f.outlet:
        where.append(f"(lower({alias}.site_name) = lower(?) OR {alias}.url LIKE ?)")
        args += [f.outlet, f"%://{f.outlet}/%"]
    if f.date_from:
        where.append(f"substr({alias}.published, 1, 10) >= ?")
        args.append(f.date_from)
    if f.date_to:
        where.append(f"substr({alias}.published, 1, 10) <= ?")
        args.append(f.date_to)
    return where, args


def _speaker_clause(column_id: str, column_name: str) -> str:
    """A speaker named by any id of its entity (``entity_aliases``), by name, or by a
    whole part of the name ("Nicholson" for "John Nicholson"); its arguments are
    :func:`_speaker_args`."""
    return (f"({column_id} = ? OR {column_id} IN (SELECT m.alias_id FROM entity_aliases m "
            "WHERE m.entity_id IN (SELECT a.entity_id FROM entity_aliases a WHERE a.alias_id = ?))"
            f" OR lower({column_name}) = lower(?)"
            f" OR (' ' || {column_name} || ' ') LIKE ? ESCAPE '\\')")


def _speaker_args(speaker: str) -> list[str]:
    """The arguments of :func:`_speaker_clause` for ``speaker``."""
    # LIKE ignores the case of ASCII letters (as lower() does: SQLite folds no others)
    part = re.sub(r"([%_\\])", r"\\\1", " ".join(speaker.split()))
    return [speaker, speaker, speaker, f"% {part} %"]


def _articles(match: str | None, words: Groups, f: Filters, tokens: int,
              excluded: Groups = ()) -> Built:
    where, args = article_filters(f)
    if f.speaker:
        where.append("EXISTS (SELECT 1 FROM quotes q WHERE q.article_id = a.id AND "
                     + _speaker_clause("q.speaker_id", "q.speaker") + ")")
        args += _speaker_args(f.speaker)
    if f.stance:
        where.append("EXISTS (SELECT 1 FROM claim_mentions m WHERE m.article_id = a.id "
                     "AND m.stance = ?)")
        args.append(f.stance)
    if match is not None:
        frm = "articles_fts JOIN articles a ON a.seq = articles_fts.rowid"
        where.insert(0, "articles_fts MATCH ?")
        args.insert(0, match)
        rowid = "articles_fts.rowid"
        snippet = RANKED["articles"].snippet(tokens)
        score, order = "bm25(articles_fts)", "bm25(articles_fts), a.id"
    else:
        frm, rowid = "articles a", None
        snippet, score, order = "substr(a.text, 1, 200)", "0", "a.published DESC, a.id"
    cond = " AND ".join(where)
    return Built(f"SELECT a.id, a.headline, a.site_name, a.url, a.published, {snippet}, "
                 f"{score} FROM {frm} WHERE {cond}", f"FROM {frm} WHERE {cond}", args, order,
                 rowid)


def _quotes(match: str | None, words: Groups, f: Filters, tokens: int,
            excluded: Groups = ()) -> Built:
    where, args = article_filters(f)
    where.append("q.listable = 1")  # no fragments or scare quotes on their own
    if f.speaker:
        where.append(_speaker_clause("q.speaker_id", "q.speaker"))
        args += _speaker_args(f.speaker)
    if f.stance:
        where.append("EXISTS (SELECT 1 FROM claim_mentions m WHERE m.article_id = q.article_id"
                     " AND m.start >= q.start AND m.\"end\" <= q.\"end\" AND m.stance = ?)")
        args.append(f.stance)
    if match is not None:
        frm = ("quotes_fts JOIN quotes q ON q.seq = quotes_fts.rowid "
               "JOIN articles a ON a.id = q.article_id")
        where.insert(0, "quotes_fts MATCH ?")
        args.insert(0, match)
        rowid = "quotes_fts.rowid"
        snippet = RANKED["quotes"].snippet(tokens)
        score, order = "bm25(quotes_fts)", "bm25(quotes_fts), q.seq"
    else:
        frm, rowid = "quotes q JOIN articles a ON a.id = q.article_id", None
        snippet, score, order = "q.text", "0", "a.published DESC, q.seq"
    cond = " AND ".join(where)
    return Built(f"SELECT q.id, q.article_id, q.speaker, q.speaker_id, q.cue_lemma, q.kind, "
                 f"a.headline, a.site_name, a.url, a.published, {snippet}, {score} FROM {frm} "
                 f"WHERE {cond}", f"FROM {frm} WHERE {cond}", args, order, rowid)


def _claims(match: str | None, words: Groups, f: Filters, tokens: int,
            excluded: Groups = ()) -> Built:
    where, args = [], []
    if f.outlet or f.date_from or f.date_to:
        inner, inner_args = article_filters(f)
        where.append("EXISTS (SELECT 1 FROM claim_members cm JOIN articles a ON "
                     f"a.id = cm.article_id WHERE cm.claim_id = c.id AND {' AND '.join(inner)})")
        args += inner_args
    if f.speaker:
        where.append("EXISTS (SELECT 1 FROM stances s WHERE s.claim_id = c.id AND "
                     + _speaker_clause("s.source_id", "s.source") + ")")
        args += _speaker_args(f.speaker)
    if f.stance:
        where.append("EXISTS (SELECT 1 FROM stances s WHERE s.claim_id = c.id AND s.stance = ?)")
        args.append(f.stance)
    if match is not None:
        frm = "claims_fts JOIN claims c ON c.seq = claims_fts.rowid"
        where.insert(0, "claims_fts MATCH ?")
        args.insert(0, match)
        rowid = "claims_fts.rowid"
        snippet = RANKED["claims"].snippet(tokens)
        score, order = "bm25(claims_fts)", "bm25(claims_fts), c.id"
    else:
        frm, rowid = "claims c", None
        snippet, score, order = "c.label", "0", "c.seq"
    cond = " AND ".join(where) or "1"
    return Built("SELECT c.id, c.key, c.label, "
                 "(SELECT count(*) FROM claim_members cm WHERE cm.claim_id = c.id), "
                 "(SELECT group_concat(s.stance || ':' || s.source, '\n') FROM stances s "
                 f" WHERE s.claim_id = c.id), {snippet}, {score} FROM {frm} WHERE {cond}",
                 f"FROM {frm} WHERE {cond}", args, order, rowid)


# The per-article ids filed under the canonical entity ``e`` (``entity_aliases``).
_MEMBERS = "(SELECT m.alias_id FROM entity_aliases m WHERE m.entity_id = e.id UNION SELECT e.id)"


def _entities(match: str | None, words: Groups, f: Filters, tokens: int,
              excluded: Groups = ()) -> Built:
    where, args = [], []
    for group in excluded:  # a left-out term leaves out the entities its words name
        where.append("NOT (" + " AND ".join("e.name LIKE ?" for _ in group) + ")")
        args += [f"%{word}%" for word in group]
    alternatives = []
    for group in words:  # any group, all of its words
        conds = []
        for word in group:
            # the ids whose per-article name or aliases match, found in one scan (a
            # subquery that does not depend on ``e`` is run once), then the canonical
            # entities they are filed under: not a scan of every entity's articles
            matched = ("(SELECT x.entity_id FROM entity_articles x WHERE x.aliases LIKE ? "
                       "OR x.name LIKE ?)")
            conds.append(f"(e.name LIKE ? OR e.id IN {matched} OR e.id IN (SELECT m.entity_id "
                         f"FROM entity_aliases m WHERE m.alias_id IN {matched}))")
            args += [f"%{word}%"] * 5
        if conds:
            alternatives.append(" AND ".join(conds))
    if alternatives:
        where.append("(" + " OR ".join(f"({a})" for a in alternatives) + ")")
    if f.outlet or f.date_from or f.date_to:
        inner, inner_args = article_filters(f)
        where.append("EXISTS (SELECT 1 FROM entity_articles ea JOIN articles a ON "
                     f"a.id = ea.article_id WHERE ea.entity_id IN {_MEMBERS} "
                     f"AND {' AND '.join(inner)})")
        args += inner_args
    if f.speaker:
        where.append("(e.id = ? OR e.id IN (SELECT a.entity_id FROM entity_aliases a "
                     "WHERE a.alias_id = ?) OR lower(e.name) = lower(?) "
                     "OR (' ' || e.name || ' ') LIKE ? ESCAPE '\\')")
        args += _speaker_args(f.speaker)
    if f.stance:
        where.append(f"EXISTS (SELECT 1 FROM stances s WHERE s.source_id IN {_MEMBERS} "
                     "AND s.stance = ?)")
        args.append(f.stance)
    cond = " AND ".join(where) or "1"
    return Built(f"SELECT e.id, e.kind, e.name, e.articles, '', 0 FROM entities e WHERE {cond}",
                 f"FROM entities e WHERE {cond}", args, "e.articles DESC, e.id")


#: The builder of each search kind (keyed by :class:`~factdesk.store.search.SearchKind` value).
BUILDERS: dict[str, Callable[[str | None, Groups, Filters, int, Groups], Built]] = {
    "articles": _articles, "quotes": _quotes, "claims": _claims, "entities": _entities}
