"""Claim clusters in the store: the one seam where cross-article clustering runs.

Each :class:`~factdesk.model.Analysis` brings the claims its article states.
Given a clustering function (the pipeline passes the analyze stage's
``cluster_claims``: an order-independent function of ``(article_id,
ClaimMention)`` pairs returning ``Claim`` objects whose ids derive from the
cluster key), :func:`recluster` rebuilds every cluster from all current
articles' mentions, so the clusters, and their ids, do not depend on the
order in which articles arrived or on how a batch run was sharded.  Without
one, each article's own claims are stored and claims with the same id (the
same key) are merged.  The store never imports the analyze stage itself.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable, Iterable

from ..model import Claim, ClaimMention, from_dict, to_dict

__all__ = ["Clusterer", "recluster", "store_article_claims", "write_claims"]

log = logging.getLogger(__name__)

Clusterer = Callable[[Iterable[tuple[str, ClaimMention]]], tuple[Claim, ...]]


def _write_claim(conn: sqlite3.Connection, claim: dict, article_id: str | None) -> None:
    """Write one claim given as ``to_dict`` data."""
    conn.execute(
        "INSERT INTO claims (id, key, label, analyzer) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(id) DO UPDATE SET label = min(label, excluded.label)",
        (claim["id"], claim["key"], claim["label"], claim.get("analyzer", "")))
    articles = claim.get("article_ids") or ((article_id,) if article_id else ())
    members = []
    for mention_id in claim.get("mention_ids", ()):
        for aid in articles:
            members.append((claim["id"], aid, mention_id))
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


def store_article_claims(conn: sqlite3.Connection, article_id: str,
                         claims: Iterable[dict]) -> None:
    """Store one article's own claims, as ``to_dict`` data (merged by id with others')."""
    for claim in claims:
        _write_claim(conn, claim, article_id)


def write_claims(conn: sqlite3.Connection, claims: Iterable[Claim]) -> None:
    """Replace every cluster with ``claims``."""
    conn.execute("DELETE FROM stances")
    conn.execute("DELETE FROM claim_members")
    conn.execute("DELETE FROM claims")
    for claim in sorted(claims, key=lambda c: c.id):
        _write_claim(conn, to_dict(claim), None)


def recluster(conn: sqlite3.Connection, cluster: Clusterer | None = None) -> int | None:
    """Rebuild the clusters from every current article's claim mentions.

    Returns the number of clusters, or ``None`` when no clustering function
    exists yet (the per-article claims then stay as stored; only empty
    clusters are dropped).
    """
    if cluster is None:
        conn.execute("DELETE FROM claims WHERE id NOT IN (SELECT claim_id FROM claim_members)"
                     " AND id NOT IN (SELECT claim_id FROM stances)")
        return None

    def mentions():
        rows = conn.execute("SELECT a.article_id, a.record FROM analyses a JOIN articles r "
                            "ON r.id = a.article_id WHERE r.current = 1 ORDER BY a.article_id")
        for article_id, record in rows:
            for item in json.loads(record).get("claim_mentions", ()):
                yield article_id, from_dict(item)

    claims = tuple(cluster(mentions()))
    write_claims(conn, claims)
    log.info("reclustered %d claims", len(claims))
    return len(claims)
