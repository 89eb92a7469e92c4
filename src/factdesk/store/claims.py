"""Claims in the store: the graph's nodes and the writing of one claim.

Each current article's claim mentions are *nodes* (``claim_nodes``, with the
mention as JSON); a :class:`Linker` from the analyze stage (the store never
imports it: the batch passes ``factdesk.analyze.CLAIM_LINKER``) gives each
node its features and *link keys* (``claim_keys``), and
:mod:`factdesk.store.claim_graph` makes claims of the graph's components.
Every mention of one of an article's own claims with two mentions or more
(as its analysis clustered them: "denied the charge" with the charge) also
gets that claim's *article key* (:func:`add_article_keys`), so the stored
claims keep every link the analysis made inside the article.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol

from ..model import Claim, ClaimMention
from .claim_titles import refresh_title

__all__ = ["Linker", "add_article_keys", "add_claim_nodes", "store_article_claims",
           "write_claim"]


class Linker(Protocol):
    """What :func:`~factdesk.store.claim_graph.recluster` needs from the analyze stage
    (see ``ClaimLinker``)."""

    def features(self, mention: ClaimMention, article_id: str,
                 context: frozenset[str]) -> Any: ...
    def context(self, text: str) -> frozenset[str]: ...
    def encode(self, feats: Any) -> str: ...
    def decode(self, text: str) -> Any: ...
    def keys(self, feats: Any) -> list[str]: ...
    def article_key(self, article_id: str, mention_ids: Sequence[str]) -> str: ...
    def link_group(self, key: str, members: Sequence[int], feats: Callable[[int], Any],
                   joined: Callable[[int, int], bool]) -> Iterable[tuple[int, int]]: ...
    def links(self, key: str, a: Any, b: Any) -> bool: ...
    def build(self, members: Sequence[tuple[str, ClaimMention, Any]]) -> Claim: ...
    def unique_ids(self, claims: list[Claim]) -> tuple[Claim, ...]: ...


def write_claim(conn: sqlite3.Connection, claim: dict, article_id: str | None,
                digest: str | None = None) -> None:
    """Write one claim given as ``to_dict`` data."""
    conn.execute(
        "INSERT INTO claims (id, key, label, analyzer, digest) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT(id) DO UPDATE SET label = CASE WHEN ?5 IS NULL "
        "THEN min(label, excluded.label) ELSE excluded.label END, "
        "key = excluded.key, digest = excluded.digest",
        (claim["id"], claim["key"], claim["label"], claim.get("analyzer", ""), digest))
    articles = claim.get("article_ids") or ((article_id,) if article_id else ())
    members = [(claim["id"], aid, mention_id)
               for mention_id in claim.get("mention_ids", ()) for aid in articles]
    conn.executemany(
        "INSERT OR IGNORE INTO claim_members (claim_id, article_id, mention_id) "
        "SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM claim_mentions m "
        "WHERE m.article_id = ?2 AND m.id = ?3)", members)
    conn.executemany(
        "INSERT OR IGNORE INTO stances (claim_id, source, stance, source_id, anonymous, cue, "
        "mention_ids) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(claim["id"], s["source"], s["stance"], s.get("source_id"), int(s.get("anonymous", 0)),
          s.get("cue"), json.dumps(sorted(s.get("mention_ids", ()))))
         for s in claim.get("stances", ())])
    refresh_title(conn, claim["id"])  # a whole clause, stated positively (claim_titles)


def store_article_claims(conn: sqlite3.Connection, article_id: str,
                         claims: Iterable[dict]) -> None:
    """Store one article's own claims, as ``to_dict`` data (merged by id with others')."""
    for claim in claims:
        write_claim(conn, claim, article_id)


def add_claim_nodes(conn: sqlite3.Connection, article_id: str,
                    mentions: Iterable[dict]) -> None:
    """Make an article's claim mentions (``to_dict`` data) nodes of the claim graph."""
    conn.executemany(
        "INSERT OR IGNORE INTO claim_nodes (article_id, mention_id, record) VALUES (?, ?, ?)",
        [(article_id, m["id"], json.dumps(m, ensure_ascii=False)) for m in mentions])


def add_article_keys(conn: sqlite3.Connection, linker: Linker,
                     article_ids: Iterable[str]) -> list[int]:
    """Give the nodes of each article's own multi-mention claims (read from its
    analysis record) the claim's article key; returns the nodes keyed."""
    keyed: list[int] = []
    for article_id in article_ids:
        node_of = dict(conn.execute("SELECT mention_id, node FROM claim_nodes "
                                    "WHERE article_id = ?", (article_id,)))
        groups = conn.execute(
            "SELECT json_extract(c.value, '$.mention_ids') FROM analyses a, "
            "json_each(a.record, '$.claims') c WHERE a.article_id = ? "
            "AND json_array_length(c.value, '$.mention_ids') > 1", (article_id,)).fetchall()
        for (ids,) in groups:
            mention_ids = [m for m in json.loads(ids) if m in node_of]
            if len(mention_ids) < 2:
                continue
            key = linker.article_key(article_id, mention_ids)
            nodes = [node_of[m] for m in mention_ids]
            conn.executemany("INSERT OR IGNORE INTO claim_keys (key, node) VALUES (?, ?)",
                             [(key, node) for node in nodes])
            keyed += nodes
    return keyed
