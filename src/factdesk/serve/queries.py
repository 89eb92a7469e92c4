"""The read queries the web app and the API need, over the store's schema.

The store's own :func:`factdesk.store.search` answers plain full-text
queries; the app also filters by outlet, date, speaker and stance, pages
through results and lists entities, so these queries live here and read the
tables described in :mod:`factdesk.store.schema`.  Each function takes a
``sqlite3.Connection`` and returns plain dicts (JSON-ready); nothing here
writes.

Full-text matches are marked with :data:`MARK_START` / :data:`MARK_END`
(private-use characters that never occur in news text); :func:`segments`
turns a marked snippet into ``(text, matched)`` pieces for templates and the
API, so no snippet is ever treated as markup.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from ..errors import StoreError
from ..store.identity import entity_ids, resolve_entity

__all__ = ["Filters", "MARK_END", "MARK_START", "SEARCH_KINDS", "entity_detail",
           "fts_match", "mark_entity_names", "outlet_of", "outlets", "search", "segments"]

MARK_START, MARK_END = "\ue000", "\ue001"
SEARCH_KINDS = ("articles", "quotes", "claims", "entities")


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


def fts_match(text: str) -> str | None:
    """An FTS5 query for every word of ``text`` (each quoted), or ``None``."""
    words = re.findall(r"\w+", text)
    return " ".join(f'"{w}"' for w in words[:32]) or None


def segments(marked: str | None) -> list[dict[str, Any]]:
    """``[{"text": ..., "match": bool}]`` for a snippet marked by FTS5."""
    out: list[dict[str, Any]] = []
    for piece in re.split(f"({MARK_START}[^{MARK_END}]*{MARK_END})", marked or ""):
        if not piece:
            continue
        if piece.startswith(MARK_START):
            out.append({"text": piece[1:-1], "match": True})
        else:
            out.append({"text": piece.replace(MARK_START, "").replace(MARK_END, ""),
                        "match": False})
    return out


def outlet_of(site_name: str | None, url: str | None, source: str | None = None) -> str:
    """What to call an article's outlet: its site name, else its URL's host."""
    if site_name:
        return site_name
    try:
        host = urlsplit(url).hostname if url else None
    except ValueError:  # a malformed URL
        host = None
    return host or "unknown outlet"


# -- search -------------------------------------------------------------------

_OUTLET = "coalesce(nullif(a.site_name, ''), a.url, '')"


def _article_filters(f: Filters, alias: str = "a") -> tuple[list[str], list[Any]]:
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
    """A speaker named by any id of its entity (``entity_aliases``) or by name."""
    return (f"({column_id} = ? OR {column_id} IN (SELECT m.alias_id FROM entity_aliases m "
            "WHERE m.entity_id IN (SELECT a.entity_id FROM entity_aliases a WHERE a.alias_id = ?))"
            f" OR lower({column_name}) = lower(?))")


def search(conn: sqlite3.Connection, kind: str, query: str, filters: Filters, *,
           limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
    """One page of ``kind`` hits for ``query`` (may be empty: list all) and the total."""
    if kind not in SEARCH_KINDS:
        raise StoreError(f"cannot search {kind!r}; choose from {', '.join(SEARCH_KINDS)}")
    match = fts_match(query)
    build = {"articles": _articles, "quotes": _quotes, "claims": _claims,
             "entities": _entities}[kind]
    select, count, args, order = build(match, query, filters)
    total = conn.execute(count, args).fetchone()[0]
    rows = conn.execute(f"{select} ORDER BY {order} LIMIT ? OFFSET ?",
                        [*args, limit, offset]).fetchall()
    return [_hit(kind, row) for row in rows], total


def _articles(match, query, f):
    where, args = _article_filters(f)
    if f.speaker:
        where.append("EXISTS (SELECT 1 FROM quotes q WHERE q.article_id = a.id AND "
                     + _speaker_clause("q.speaker_id", "q.speaker") + ")")
        args += [f.speaker] * 3
    if f.stance:
        where.append("EXISTS (SELECT 1 FROM claim_mentions m WHERE m.article_id = a.id "
                     "AND m.stance = ?)")
        args.append(f.stance)
    cols = ("a.id, a.headline, a.site_name, a.url, a.published, "
            "{snippet} AS snippet")
    if match:
        frm = "articles_fts JOIN articles a ON a.seq = articles_fts.rowid"
        where.insert(0, "articles_fts MATCH ?")
        args.insert(0, match)
        snippet = f"snippet(articles_fts, 1, '{MARK_START}', '{MARK_END}', '…', 24)"
        order = "bm25(articles_fts), a.id"
    else:
        frm = "articles a"
        snippet = "substr(a.text, 1, 200)"
        order = "a.published DESC, a.id"
    cond = " AND ".join(where)
    return (f"SELECT {cols.format(snippet=snippet)} FROM {frm} WHERE {cond}",
            f"SELECT count(*) FROM {frm} WHERE {cond}", args, order)


def _quotes(match, query, f):
    where, args = _article_filters(f)
    if f.speaker:
        where.append(_speaker_clause("q.speaker_id", "q.speaker"))
        args += [f.speaker] * 3
    if f.stance:
        where.append("EXISTS (SELECT 1 FROM claim_mentions m WHERE m.article_id = q.article_id"
                     " AND m.start >= q.start AND m.\"end\" <= q.\"end\" AND m.stance = ?)")
        args.append(f.stance)
    if match:
        frm = ("quotes_fts JOIN quotes q ON q.seq = quotes_fts.rowid "
               "JOIN articles a ON a.id = q.article_id")
        where.insert(0, "quotes_fts MATCH ?")
        args.insert(0, match)
        snippet = f"highlight(quotes_fts, 0, '{MARK_START}', '{MARK_END}')"
        order = "bm25(quotes_fts), q.seq"
    else:
        frm = "quotes q JOIN articles a ON a.id = q.article_id"
        snippet = "q.text"
        order = "a.published DESC, q.seq"
    cond = " AND ".join(where)
    return (f"SELECT q.id, q.article_id, q.speaker, q.speaker_id, q.cue_lemma, q.kind, "
            f"a.headline, a.site_name, a.url, a.published, {snippet} FROM {frm} WHERE {cond}",
            f"SELECT count(*) FROM {frm} WHERE {cond}", args, order)


def _claims(match, query, f):
    where, args = [], []
    if f.outlet or f.date_from or f.date_to:
        inner, inner_args = _article_filters(f)
        where.append("EXISTS (SELECT 1 FROM claim_members cm JOIN articles a ON "
                     f"a.id = cm.article_id WHERE cm.claim_id = c.id AND {' AND '.join(inner)})")
        args += inner_args
    if f.speaker:
        where.append("EXISTS (SELECT 1 FROM stances s WHERE s.claim_id = c.id AND "
                     + _speaker_clause("s.source_id", "s.source") + ")")
        args += [f.speaker] * 3
    if f.stance:
        where.append("EXISTS (SELECT 1 FROM stances s WHERE s.claim_id = c.id AND s.stance = ?)")
        args.append(f.stance)
    if match:
        frm = "claims_fts JOIN claims c ON c.seq = claims_fts.rowid"
        where.insert(0, "claims_fts MATCH ?")
        args.insert(0, match)
        snippet = f"highlight(claims_fts, 0, '{MARK_START}', '{MARK_END}')"
        order = "bm25(claims_fts), c.id"
    else:
        frm = "claims c"
        snippet = "c.label"
        order = "c.seq"
    cond = " AND ".join(where) or "1"
    return (f"SELECT c.id, c.key, c.label, {snippet}, "
            "(SELECT count(*) FROM claim_members cm WHERE cm.claim_id = c.id), "
            "(SELECT group_concat(s.stance || ':' || s.source, '\n') FROM stances s "
            f" WHERE s.claim_id = c.id) FROM {frm} WHERE {cond}",
            f"SELECT count(*) FROM {frm} WHERE {cond}", args, order)


# The per-article ids filed under the canonical entity ``e`` (``entity_aliases``).
_MEMBERS = "(SELECT m.alias_id FROM entity_aliases m WHERE m.entity_id = e.id UNION SELECT e.id)"


def _entities(match, query, f):
    where, args = [], []
    words = re.findall(r"\w+", query)[:8]
    for word in words:
        where.append("(e.name LIKE ? OR EXISTS (SELECT 1 FROM entity_articles x "
                     f"WHERE x.entity_id IN {_MEMBERS} AND (x.aliases LIKE ? OR x.name LIKE ?)))")
        args += [f"%{word}%"] * 3
    if f.outlet or f.date_from or f.date_to:
        inner, inner_args = _article_filters(f)
        where.append("EXISTS (SELECT 1 FROM entity_articles ea JOIN articles a ON "
                     f"a.id = ea.article_id WHERE ea.entity_id IN {_MEMBERS} "
                     f"AND {' AND '.join(inner)})")
        args += inner_args
    if f.speaker:
        where.append("(e.id = ? OR e.id IN (SELECT a.entity_id FROM entity_aliases a "
                     "WHERE a.alias_id = ?) OR lower(e.name) = lower(?))")
        args += [f.speaker] * 3
    if f.stance:
        where.append(f"EXISTS (SELECT 1 FROM stances s WHERE s.source_id IN {_MEMBERS} "
                     "AND s.stance = ?)")
        args.append(f.stance)
    cond = " AND ".join(where) or "1"
    return (f"SELECT e.id, e.kind, e.name, e.articles FROM entities e WHERE {cond}",
            f"SELECT count(*) FROM entities e WHERE {cond}", args, "e.articles DESC, e.id")


def _mark_words(text: str, query: str) -> str:
    words = [re.escape(w) for w in re.findall(r"\w+", query)]
    if not words:
        return text
    return re.sub("(" + "|".join(words) + ")", f"{MARK_START}\\1{MARK_END}", text,
                  flags=re.IGNORECASE)


def _hit(kind: str, row: tuple) -> dict[str, Any]:
    if kind == "articles":
        aid, headline, site, url, published, snippet = row
        return {"kind": kind, "id": aid, "article_id": aid, "title": headline or "(no headline)",
                "outlet": outlet_of(site, url), "published": published,
                "highlights": segments(snippet)}
    if kind == "quotes":
        (qid, aid, speaker, speaker_id, cue, qkind, headline, site, url, published,
         snippet) = row
        return {"kind": kind, "id": qid, "article_id": aid, "title": headline or "(no headline)",
                "speaker": speaker, "speaker_id": speaker_id, "cue": cue, "quote_kind": qkind,
                "outlet": outlet_of(site, url), "published": published,
                "highlights": segments(snippet)}
    if kind == "claims":
        cid, key, label, snippet, mentions, stances = row
        pairs = [s.split(":", 1) for s in (stances or "").split("\n") if s]
        return {"kind": kind, "id": cid, "article_id": None, "title": label, "key": key,
                "mentions": mentions,
                "stances": [{"stance": st, "source": src} for st, src in sorted(pairs)],
                "highlights": segments(snippet)}
    eid, ekind, name, articles = row
    return {"kind": kind, "id": eid, "article_id": None, "title": name, "entity_kind": ekind,
            "articles": articles, "highlights": []}


def mark_entity_names(hits: list[dict[str, Any]], query: str) -> None:
    """Entity hits have no FTS snippet: mark the query's words in the name."""
    for hit in hits:
        if hit["kind"] == "entities":
            hit["highlights"] = segments(_mark_words(hit["title"], query))


def outlets(conn: sqlite3.Connection) -> list[str]:
    """Every outlet that has a current article, for the filter menu."""
    rows = conn.execute("SELECT DISTINCT site_name, url FROM articles WHERE current = 1")
    return sorted({outlet_of(site, url) for site, url in rows} - {"unknown outlet"})


# -- entity and claim pages -------------------------------------------------------


def entity_detail(conn: sqlite3.Connection, entity_id: str) -> dict[str, Any] | None:
    """An entity with its roles, aliases, quotes, stances and articles; any of
    its ids (a per-article one, an id merged into another) finds it."""
    canonical = resolve_entity(conn, entity_id)
    row = conn.execute("SELECT id, kind, name, articles FROM entities WHERE id = ?",
                       (canonical,)).fetchone()
    if row is None:
        return None
    ids = sorted(entity_ids(conn, canonical))
    marks = ",".join("?" * len(ids))
    aliases: set[str] = set()
    roles: set[str] = set()
    articles = []
    for aid, headline, site, url, published, name, names, role_list in conn.execute(
            "SELECT a.id, a.headline, a.site_name, a.url, a.published, ea.name, ea.aliases, "
            "ea.roles FROM entity_articles ea JOIN articles a ON a.id = ea.article_id "
            f"WHERE ea.entity_id IN ({marks}) AND a.current = 1 "
            "ORDER BY a.published DESC, a.id, ea.entity_id", ids):
        aliases |= {name, *json.loads(names)}
        roles |= set(json.loads(role_list))
        if not articles or articles[-1]["id"] != aid:
            articles.append({"id": aid, "title": headline or "(no headline)",
                             "outlet": outlet_of(site, url), "published": published})
    quotes = [{"id": qid, "article_id": aid, "text": text, "cue": cue, "kind": kind,
               "title": headline or "(no headline)", "published": published}
              for qid, aid, text, cue, kind, headline, published in conn.execute(
                  "SELECT q.id, q.article_id, q.text, q.cue_lemma, q.kind, a.headline, "
                  "a.published FROM quotes q JOIN articles a ON a.id = q.article_id "
                  f"WHERE q.speaker_id IN ({marks}) AND a.current = 1 "
                  "ORDER BY a.published, q.start", ids)]
    # claims by the canonical entity: a stance under any of its per-article ids
    stances = [{"claim_id": cid, "label": label, "stance": stance, "cue": cue, "source": source,
                "check_worthiness": worthiness}
               for cid, label, stance, cue, source, worthiness in conn.execute(
                   "SELECT DISTINCT c.id, c.label, s.stance, s.cue, s.source, c.check_worthiness "
                   f"FROM stances s JOIN claims c ON c.id = s.claim_id "
                   f"WHERE s.source_id IN ({marks}) "
                   "ORDER BY coalesce(c.check_worthiness, 0) DESC, c.label, s.stance", ids)]
    return {"id": row[0], "kind": row[1], "name": row[2], "article_count": row[3],
            "aliases": sorted(aliases - {row[2]}), "roles": sorted(roles), "quotes": quotes,
            "stances": stances, "articles": articles}
