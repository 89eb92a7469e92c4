"""Claim clusters in the store: cross-article clustering from link keys kept on disk.

Each current article's claim mentions are *nodes* (``claim_nodes``, with the
mention as JSON).  A :class:`Linker` from the analyze stage (the store never
imports it: the batch passes ``factdesk.analyze.CLAIM_LINKER``) gives each
node its features and *link keys* (``claim_keys``); :func:`recluster` then

1. keys the nodes that have no keys yet (the newly written ones),
2. unions the nodes of every key group the linker says link (the groups come
   from SQLite already grouped; only the union-find array is in memory),
3. builds one claim per connected component, streaming the components in
   order, and rewrites only the claims whose content changed.

So the clusters, and their ids, are a function of the current mentions only:
not of arrival order or sharding, and the same as the linker's in-memory
clustering.  Memory is bounded by the node count (eight bytes a node), the
largest key group and the largest claim, not by the corpus' mentions.

While rewriting, a source's stance that none of a claim's predecessors held
is recorded as an event (when anyone follows anything), and a claim id that
changed (its most common frame changed as it grew) is kept as an alias of
the new one.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import sqlite3
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from itertools import groupby
from typing import Any, Protocol

from ..model import Claim, ClaimMention, from_dict, to_dict
from .events import record_event

__all__ = ["Linker", "recluster", "store_article_claims"]

log = logging.getLogger(__name__)

FEATURE_CACHE = 20_000
CHUNK = 1_000


class Linker(Protocol):
    """What :func:`recluster` needs from the analyze stage (see ``ClaimLinker``)."""

    def features(self, mention: ClaimMention) -> Any: ...
    def encode(self, feats: Any) -> str: ...
    def decode(self, text: str) -> Any: ...
    def keys(self, feats: Any) -> list[str]: ...
    def link_group(self, key: str, members: Sequence[int], feats: Callable[[int], Any],
                   joined: Callable[[int, int], bool]) -> Iterable[tuple[int, int]]: ...
    def build(self, members: Sequence[tuple[str, ClaimMention, Any]]) -> Claim: ...
    def unique_ids(self, claims: list[Claim]) -> tuple[Claim, ...]: ...


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _write_claim(conn: sqlite3.Connection, claim: dict, article_id: str | None,
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


def store_article_claims(conn: sqlite3.Connection, article_id: str,
                         claims: Iterable[dict]) -> None:
    """Store one article's own claims, as ``to_dict`` data (merged by id with others')."""
    for claim in claims:
        _write_claim(conn, claim, article_id)


def add_claim_nodes(conn: sqlite3.Connection, article_id: str,
                    mentions: Iterable[dict]) -> None:
    """Make an article's claim mentions (``to_dict`` data) nodes of the claim graph."""
    conn.executemany(
        "INSERT OR IGNORE INTO claim_nodes (article_id, mention_id, record) VALUES (?, ?, ?)",
        [(article_id, m["id"], json.dumps(m, ensure_ascii=False)) for m in mentions])


def recluster(conn: sqlite3.Connection, linker: Linker | None = None) -> int | None:
    """Bring the claim clusters up to date with every current article's mentions.

    Returns the number of claims, or ``None`` when no linker is given: then
    each current article's own claims (as its analysis clustered them) are
    stored, claims with the same id merged.
    """
    if linker is None:
        conn.execute("DELETE FROM claims")
        rows = conn.execute("SELECT a.article_id, a.record FROM analyses a JOIN articles r "
                            "ON r.id = a.article_id WHERE r.current = 1")
        for article_id, record in rows:
            store_article_claims(conn, article_id, json.loads(record).get("claims", ()))
        return None
    _backfill(conn)
    _key_new_nodes(conn, linker)
    parent = _components(conn, linker)
    count = _rewrite(conn, linker, parent)
    log.info("reclustered %d claims", count)
    return count


def _backfill(conn: sqlite3.Connection) -> None:
    """Nodes for a database written before nodes existed (once)."""
    if conn.execute("SELECT 1 FROM claim_nodes LIMIT 1").fetchone():
        return
    if not conn.execute("SELECT 1 FROM claim_mentions LIMIT 1").fetchone():
        return
    rows = conn.execute("SELECT a.article_id, a.record FROM analyses a JOIN articles r "
                        "ON r.id = a.article_id WHERE r.current = 1")
    for article_id, record in rows:
        add_claim_nodes(conn, article_id, json.loads(record).get("claim_mentions", ()))


def _key_new_nodes(conn: sqlite3.Connection, linker: Linker) -> None:
    while True:
        rows = conn.execute("SELECT node, record FROM claim_nodes WHERE feats IS NULL "
                            "ORDER BY node LIMIT ?", (CHUNK,)).fetchall()
        if not rows:
            return
        updates, keys = [], []
        for node, record in rows:
            feats = linker.features(from_dict(json.loads(record)))
            updates.append((linker.encode(feats), node))
            keys += [(key, node) for key in linker.keys(feats)]
        conn.executemany("UPDATE claim_nodes SET feats = ? WHERE node = ?", updates)
        conn.executemany("INSERT OR IGNORE INTO claim_keys (key, node) VALUES (?, ?)", keys)


def _components(conn: sqlite3.Connection, linker: Linker) -> array:
    """The union-find parents of every node, from the key groups."""
    (top,) = conn.execute("SELECT coalesce(max(node), 0) FROM claim_nodes").fetchone()
    parent = array("q", range(top + 1))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    @functools.lru_cache(maxsize=FEATURE_CACHE)
    def feats(node: int) -> Any:
        (text,) = conn.execute("SELECT feats FROM claim_nodes WHERE node = ?",
                               (node,)).fetchone()
        return linker.decode(text)

    groups = conn.execute(
        "SELECT key, group_concat(node) FROM claim_keys GROUP BY key HAVING count(*) > 1")
    for key, nodes in groups:
        members = sorted(int(n) for n in nodes.split(","))
        for i, j in linker.link_group(key, members, feats, lambda i, j: find(i) == find(j)):
            a, b = find(i), find(j)
            if a != b:
                parent[max(a, b)] = min(a, b)
    for node in range(top + 1):
        parent[node] = find(node)
    return parent


def _claims(conn: sqlite3.Connection, linker: Linker, parent: array) -> Iterator[Claim]:
    """One claim per component, streamed component by component."""
    conn.execute("DROP TABLE IF EXISTS temp.components")
    conn.execute("CREATE TEMP TABLE components (node INTEGER PRIMARY KEY, root INTEGER)")
    # Every number up to the largest node: the join below drops the ones that are
    # not (or no longer) nodes, and no list of the corpus' nodes is held here.
    conn.executemany("INSERT INTO temp.components VALUES (?, ?)",
                     ((n, parent[n]) for n in range(len(parent))))
    rows = conn.execute(
        "SELECT c.root, n.article_id, n.record, n.feats FROM temp.components c "
        "JOIN claim_nodes n ON n.node = c.node ORDER BY c.root, c.node")
    for _root, group in groupby(rows, key=lambda r: r[0]):
        members = [(article_id, from_dict(json.loads(record)),
                    linker.decode(feats)) for _, article_id, record, feats in group]
        yield linker.build(members)


def _rewrite(conn: sqlite3.Connection, linker: Linker, parent: array) -> int:
    """Swap in the new claims, touching only those whose content changed."""
    for table in ("fresh", "old_members", "old_stances"):
        conn.execute(f"DROP TABLE IF EXISTS temp.{table}")
    conn.execute("CREATE TEMP TABLE fresh (id TEXT, key TEXT, first TEXT, data TEXT)")
    conn.execute("CREATE TEMP TABLE old_members AS SELECT mention_id, claim_id "
                 "FROM claim_members")
    conn.execute("CREATE INDEX temp.old_members_mention ON old_members(mention_id)")
    conn.execute("CREATE TEMP TABLE old_stances AS SELECT claim_id, "
                 "coalesce(source_id, lower(source)) AS who, stance FROM stances")
    conn.execute("CREATE INDEX temp.old_stances_claim ON old_stances(claim_id)")
    for claim in _claims(conn, linker, parent):
        conn.execute("INSERT INTO temp.fresh VALUES (?, ?, ?, ?)",
                     (claim.id, claim.key, claim.mention_ids[0],
                      json.dumps(to_dict(claim), ensure_ascii=False)))
    conn.execute("CREATE INDEX temp.fresh_id ON fresh(id, first)")
    wanted = conn.execute("SELECT 1 FROM follows LIMIT 1").fetchone() is not None
    conn.execute("DROP TABLE IF EXISTS temp.kept")
    conn.execute("CREATE TEMP TABLE kept (id TEXT PRIMARY KEY)")  # on disk, not in a set
    count = 0
    rows = conn.execute("SELECT id, data FROM temp.fresh ORDER BY id, first")
    for _id, group in groupby(rows, key=lambda r: r[0]):
        # Distinct claims sharing a key: the linker tells their ids apart.
        claims = linker.unique_ids([from_dict(json.loads(d)) for _, d in group])
        for claim in claims:
            _replace(conn, claim, wanted)
            conn.execute("INSERT OR IGNORE INTO temp.kept VALUES (?)", (claim.id,))
            count += 1
    _drop_and_alias(conn)
    for table in ("fresh", "components", "old_members", "old_stances", "kept"):
        conn.execute(f"DROP TABLE IF EXISTS temp.{table}")
    return count


def _replace(conn: sqlite3.Connection, claim: Claim, events: bool) -> None:
    data = to_dict(claim)
    digest = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:24]
    row = conn.execute("SELECT digest FROM claims WHERE id = ?", (claim.id,)).fetchone()
    if row is not None and row[0] == digest:
        return
    conn.execute("DELETE FROM claim_members WHERE claim_id = ?", (claim.id,))
    conn.execute("DELETE FROM stances WHERE claim_id = ?", (claim.id,))
    _write_claim(conn, data, None, digest)
    if events:
        _stance_events(conn, claim)


def _stance_events(conn: sqlite3.Connection, claim: Claim) -> None:
    """An event for each source's stance that no predecessor of ``claim`` held."""
    marks = ",".join("?" * len(claim.mention_ids))
    before = set(conn.execute(
        f"SELECT DISTINCT s.who, s.stance FROM temp.old_members m JOIN temp.old_stances s "
        f"ON s.claim_id = m.claim_id WHERE m.mention_id IN ({marks})", claim.mention_ids))
    previous = sorted({stance for _, stance in before})
    article_of = dict(conn.execute(
        f"SELECT id, article_id FROM claim_mentions WHERE id IN ({marks})", claim.mention_ids))
    for stance in claim.stances:
        who = stance.source_id or stance.source.lower()
        if (who, stance.stance.value) in before:
            continue
        record_event(conn, key=f"stance:{claim.id}:{who}:{stance.stance.value}", kind="stance",
                     subject=claim.id, article_id=article_of.get(stance.mention_ids[0]),
                     payload={"claim_id": claim.id, "label": claim.label,
                              "source": stance.source, "source_id": stance.source_id,
                              "stance": stance.stance.value, "previous": previous,
                              "change": bool(previous)
                              and stance.stance.value not in previous})


def _drop_and_alias(conn: sqlite3.Connection) -> None:
    """Delete claims that are not in ``temp.kept``; alias each to the claim holding
    most of its mentions now."""
    gone = conn.execute(
        "SELECT m.claim_id, c.claim_id, count(*) FROM temp.old_members m "
        "JOIN claim_members c ON c.mention_id = m.mention_id "
        "WHERE m.claim_id NOT IN (SELECT id FROM temp.kept) "
        "AND c.claim_id IN (SELECT id FROM temp.kept) "
        "GROUP BY m.claim_id, c.claim_id ORDER BY m.claim_id, count(*) DESC, c.claim_id")
    aliases = [(old, next(group)[1], _now()) for old, group in groupby(gone, key=lambda r: r[0])]
    conn.executemany("INSERT OR REPLACE INTO claim_aliases (old_id, new_id, changed) "
                     "VALUES (?, ?, ?)", aliases)
    conn.execute("DELETE FROM claim_aliases WHERE old_id IN (SELECT id FROM temp.kept)")
    conn.execute("DELETE FROM claims WHERE id NOT IN (SELECT id FROM temp.kept)")
