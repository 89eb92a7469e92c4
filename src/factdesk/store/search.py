"""Full-text search over articles, quotes and claims (SQLite FTS5).

A plain query is taken as words that must all occur (each quoted, so
punctuation is never FTS syntax); ``raw=True`` passes FTS5 query syntax
through (``"exact phrase"``, ``speaker:mensah``, ``OR``, ``NEAR``).  Quotes
are searched by their text and their speaker's name.  Hits carry a snippet
with the matches marked by ``[`` and ``]``.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from ..errors import StoreError

__all__ = ["KINDS", "SearchHit", "fts_query", "search"]

KINDS = ("articles", "quotes", "claims")


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchHit:
    """One match: what it is, where it lives, and a marked snippet."""

    kind: str
    id: str
    article_id: str | None
    title: str | None
    snippet: str
    score: float

    def to_dict(self) -> dict:
        return {"kind": self.kind, "id": self.id, "article_id": self.article_id,
                "title": self.title, "snippet": self.snippet, "score": round(self.score, 4)}


def fts_query(text: str) -> str:
    """An FTS5 query matching rows that contain every word of ``text``."""
    words = re.findall(r"\w+", text)
    if not words:
        raise StoreError(f"{text!r} has no words to search for")
    return " ".join(f'"{w}"' for w in words)


_QUERIES = {
    "articles": (
        "SELECT a.id, a.id, a.headline, snippet(articles_fts, 1, '[', ']', '…', 16), "
        "bm25(articles_fts) FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid "
        "WHERE articles_fts MATCH ? AND a.current = 1 ORDER BY bm25(articles_fts) LIMIT ?"),
    "quotes": (
        "SELECT q.id, q.article_id, q.speaker, highlight(quotes_fts, 0, '[', ']'), "
        "bm25(quotes_fts) FROM quotes_fts JOIN quotes q ON q.seq = quotes_fts.rowid "
        "JOIN articles a ON a.id = q.article_id "
        "WHERE quotes_fts MATCH ? AND a.current = 1 ORDER BY bm25(quotes_fts) LIMIT ?"),
    "claims": (
        "SELECT c.id, NULL, c.key, highlight(claims_fts, 0, '[', ']'), bm25(claims_fts) "
        "FROM claims_fts JOIN claims c ON c.seq = claims_fts.rowid "
        "WHERE claims_fts MATCH ? ORDER BY bm25(claims_fts) LIMIT ?"),
}


def search(conn: sqlite3.Connection, query: str, *, kinds: tuple[str, ...] = KINDS,
           limit: int = 20, raw: bool = False) -> list[SearchHit]:
    """The best ``limit`` hits of each kind for ``query``, best first."""
    match = query if raw else fts_query(query)
    hits: list[SearchHit] = []
    for kind in kinds:
        if kind not in _QUERIES:
            raise StoreError(f"cannot search {kind!r}; choose from {', '.join(KINDS)}")
        try:
            rows = conn.execute(_QUERIES[kind], (match, limit)).fetchall()
        except sqlite3.OperationalError as exc:
            raise StoreError(f"bad search query {query!r} ({exc}); drop --raw to search "
                             "plain words") from exc
        hits += [SearchHit(kind=kind, id=r[0], article_id=r[1], title=r[2], snippet=r[3],
                           score=-r[4]) for r in rows]
    return hits
