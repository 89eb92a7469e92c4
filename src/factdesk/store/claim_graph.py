"""Cross-article claim clusters, brought up to date where the graph changed.

The claims are the connected components of the claim graph (nodes: current
articles' claim mentions; edges: the pairs a :class:`~factdesk.store.claims.Linker`
links inside each group of nodes sharing a link key).  Every node and claim
records its component's *root* (the component's smallest node), and a node
that goes marks its root in ``claim_dirty`` (a trigger).  :func:`recluster`

1. keys the nodes that have no keys yet (the newly written ones), each
   with its linker keys and its article's claim key (``add_article_keys``:
   the links the article's analysis made inside it), and gives the nodes of
   articles listed in ``claim_rekey`` (a database from before article keys)
   their article keys, marking their components dirty;
2. takes as its *region* the new nodes, every component one of them links to
   (not every one it merely shares a key with: common words key hundreds of
   mentions), and every component that lost a node;
3. unions the region's nodes over their key groups (only the union-find array
   is in memory) and builds one claim per component, streaming them in order;
4. widens the region to the components of other claims with the same key as
   a built one, whose ids are told apart together, and builds again;
5. rewrites the claims whose content changed, drops the region's old claims
   that are gone (each kept as an alias of the claim holding most of its
   mentions now) and records each source's stance that none of a claim's
   predecessors held as an event (when anyone follows anything).

Links are a pairwise test (or a property of a whole key group), so the
components outside the region cannot have changed, and the clusters and
their ids are a function of the current mentions only: not of arrival order,
of sharding or of how the corpus was split into ingests, and the same as the
linker's in-memory clustering.  A recluster after a small ingest touches what
the new pages reach, not the corpus; ``full=True`` rebuilds everything (so
does the first recluster of a database whose claims have no roots yet).
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import sqlite3
from array import array
from collections.abc import Callable
from itertools import groupby
from typing import Any

from ..clock import utc_stamp
from ..components import DisjointSets
from ..model import Claim, from_dict, to_dict
from .claims import (Linker, add_article_keys, add_claim_nodes, store_article_claims,
                     write_claim)
from .events import record_event

__all__ = ["recluster"]

log = logging.getLogger(__name__)

#: Decoded features kept while linking key groups: a full recluster of 188,000
#: nodes takes as long with 2,000 as with 20,000, and 70 MB less memory.
FEATURE_CACHE = 2_000
CHUNK = 1_000
_TEMP = ("region", "region_roots", "region_keys", "old_claims", "components", "fresh",
         "old_members", "old_stances", "kept")


def recluster(conn: sqlite3.Connection, linker: Linker | None = None, *,
              full: bool = False) -> int | None:
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
    _rekey_articles(conn, linker)
    full = full or conn.execute("SELECT 1 FROM claims WHERE root IS NULL LIMIT 1").fetchone() \
        is not None
    try:
        if _region(conn, linker, full):
            while True:
                _build(conn, linker, _components(conn, linker))
                if full or not _widen(conn):
                    break
            rebuilt = _rewrite(conn, linker)
            log.info("reclustered %d claims (%s)", rebuilt, "all" if full else "changed region")
        conn.execute("DELETE FROM claim_dirty")
    finally:
        for table in _TEMP:
            conn.execute(f"DROP TABLE IF EXISTS temp.{table}")
    return conn.execute("SELECT count(*) FROM claims").fetchone()[0]


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
        rows = conn.execute("SELECT n.node, n.record, n.article_id, a.text FROM claim_nodes n "
                            "JOIN articles a ON a.id = n.article_id WHERE n.feats IS NULL "
                            "ORDER BY n.node LIMIT ?", (CHUNK,)).fetchall()
        if not rows:
            return
        updates, keys = [], []
        contexts: dict[str, frozenset[str]] = {}
        for node, record, article_id, text in rows:
            if article_id not in contexts:
                contexts[article_id] = linker.context(text or "")
            feats = linker.features(from_dict(json.loads(record)), article_id,
                                    contexts[article_id])
            updates.append((linker.encode(feats), node))
            keys += [(key, node) for key in linker.keys(feats)]
        conn.executemany("UPDATE claim_nodes SET feats = ? WHERE node = ?", updates)
        conn.executemany("INSERT OR IGNORE INTO claim_keys (key, node) VALUES (?, ?)", keys)
        add_article_keys(conn, linker, sorted({article_id for _, _, article_id, _ in rows}))


def _rekey_articles(conn: sqlite3.Connection, linker: Linker) -> None:
    """Article keys for the keyed nodes of the articles in ``claim_rekey`` (listed
    by the migration that brought article keys in); their components go dirty."""
    while True:
        articles = [a for (a,) in conn.execute(
            "SELECT article_id FROM claim_rekey ORDER BY article_id LIMIT ?", (CHUNK,))]
        if not articles:
            return
        nodes = add_article_keys(conn, linker, articles)
        conn.executemany("INSERT OR IGNORE INTO claim_dirty (root) SELECT root "
                         "FROM claim_nodes WHERE node = ? AND root IS NOT NULL",
                         [(node,) for node in nodes])
        conn.executemany("DELETE FROM claim_rekey WHERE article_id = ?",
                         [(a,) for a in articles])


# -- the region ------------------------------------------------------------


def _region(conn: sqlite3.Connection, linker: Linker, full: bool) -> bool:
    """Fill ``temp.region`` (nodes to union again), ``temp.region_roots`` (their old
    components) and ``temp.old_claims`` (the claims they had); whether there is work."""
    for table in _TEMP:
        conn.execute(f"DROP TABLE IF EXISTS temp.{table}")
    conn.execute("CREATE TEMP TABLE region (node INTEGER PRIMARY KEY)")
    conn.execute("CREATE TEMP TABLE region_roots (root INTEGER PRIMARY KEY)")
    conn.execute("CREATE TEMP TABLE old_claims (id TEXT PRIMARY KEY)")
    if full:
        conn.execute("INSERT INTO temp.region SELECT node FROM claim_nodes")
        conn.execute("INSERT INTO temp.old_claims SELECT id FROM claims")
    else:
        conn.execute("INSERT INTO temp.region SELECT node FROM claim_nodes WHERE root IS NULL")
        conn.execute("INSERT OR IGNORE INTO temp.region_roots SELECT root FROM claim_dirty")
        _reached_roots(conn, linker)
        _take_roots(conn)
    return bool(conn.execute("SELECT EXISTS (SELECT 1 FROM temp.region) "
                             "OR EXISTS (SELECT 1 FROM temp.old_claims)").fetchone()[0])


def _reached_roots(conn: sqlite3.Connection, linker: Linker) -> None:
    """Add to ``temp.region_roots`` the old components a new node links to.

    A key shared with a new node is not enough: a common word ("trump") keys
    hundreds of mentions across the corpus, and taking in all their components
    made an incremental recluster rebuild most of the claims.  Links are a
    pairwise test, so only the components holding a node that links to a new
    one can change (the others' edges are all inside them)."""
    conn.execute(  # keys whose every member links: the whole group is reached
        "INSERT OR IGNORE INTO temp.region_roots SELECT DISTINCT n.root "
        "FROM temp.region r JOIN claim_keys k ON k.node = r.node "
        "JOIN claim_keys o ON o.key = k.key JOIN claim_nodes n ON n.node = o.node "
        "WHERE n.root IS NOT NULL AND substr(k.key, 1, 1) IN ('f', 'i')")
    rows = conn.execute(
        "SELECT k.key, r.node, o.node, n.root FROM temp.region r "
        "JOIN claim_keys k ON k.node = r.node JOIN claim_keys o ON o.key = k.key "
        "JOIN claim_nodes n ON n.node = o.node "
        "WHERE n.root IS NOT NULL AND substr(k.key, 1, 1) NOT IN ('f', 'i') "
        "AND n.root NOT IN (SELECT root FROM temp.region_roots) ORDER BY n.root")

    feats = _feature_reader(conn, linker)
    reached = set()
    for key, new, old, root in rows:
        if root not in reached and linker.links(key, feats(new), feats(old)):
            reached.add(root)
    conn.executemany("INSERT OR IGNORE INTO temp.region_roots VALUES (?)",
                     [(root,) for root in sorted(reached)])


def _feature_reader(conn: sqlite3.Connection, linker: Linker) -> Callable[[int], Any]:
    """A node's decoded features, the last ``FEATURE_CACHE`` kept."""

    @functools.lru_cache(maxsize=FEATURE_CACHE)
    def feats(node: int) -> Any:
        (text,) = conn.execute("SELECT feats FROM claim_nodes WHERE node = ?",
                               (node,)).fetchone()
        return linker.decode(text)

    return feats


def _take_roots(conn: sqlite3.Connection) -> None:
    """Add the nodes and claims of every component in ``temp.region_roots``."""
    conn.execute("INSERT OR IGNORE INTO temp.region SELECT node FROM claim_nodes "
                 "WHERE root IN (SELECT root FROM temp.region_roots)")
    conn.execute("INSERT OR IGNORE INTO temp.old_claims SELECT id FROM claims "
                 "WHERE root IN (SELECT root FROM temp.region_roots)")


def _widen(conn: sqlite3.Connection) -> bool:
    """Take in the components of outside claims keyed like a built one; whether any."""
    added = conn.execute(
        "INSERT OR IGNORE INTO temp.region_roots SELECT DISTINCT c.root FROM claims c "
        "WHERE c.key IN (SELECT key FROM temp.fresh) "
        "AND c.id NOT IN (SELECT id FROM temp.old_claims) AND c.root IS NOT NULL").rowcount
    if added <= 0:
        return False
    _take_roots(conn)
    return True


# -- components and claims ------------------------------------------------------


def _components(conn: sqlite3.Connection, linker: Linker) -> array:
    """The union-find parents of the region's nodes, from their key groups."""
    (top,) = conn.execute("SELECT coalesce(max(node), 0) FROM claim_nodes").fetchone()
    sets = DisjointSets(parent=array("q", range(top + 1)))
    feats = _feature_reader(conn, linker)
    conn.execute("DROP TABLE IF EXISTS temp.region_keys")
    conn.execute("CREATE TEMP TABLE region_keys (key TEXT PRIMARY KEY) WITHOUT ROWID")
    conn.execute("INSERT OR IGNORE INTO temp.region_keys SELECT k.key FROM temp.region r "
                 "JOIN claim_keys k ON k.node = r.node")
    groups = conn.execute(
        "SELECT k.key, group_concat(k.node) FROM temp.region_keys g "
        "JOIN claim_keys k ON k.key = g.key WHERE k.node IN (SELECT node FROM temp.region) "
        "GROUP BY k.key HAVING count(*) > 1")
    for key, nodes in groups:
        members = sorted(int(n) for n in nodes.split(","))
        for i, j in linker.link_group(key, members, feats, sets.same):
            sets.union(i, j)
    nodes = conn.execute("SELECT node FROM temp.region")
    for (node,) in nodes:
        sets.parent[node] = sets.find(node)
    return sets.parent


def _build(conn: sqlite3.Connection, linker: Linker, parent: array) -> None:
    """``temp.fresh``: one claim per component of the region, with its root."""
    for table in ("components", "fresh"):
        conn.execute(f"DROP TABLE IF EXISTS temp.{table}")
    conn.execute("CREATE TEMP TABLE components (node INTEGER PRIMARY KEY, root INTEGER)")
    conn.executemany("INSERT INTO temp.components VALUES (?, ?)",
                     ((node, parent[node]) for (node,) in
                      conn.execute("SELECT node FROM temp.region")))
    conn.execute("CREATE TEMP TABLE fresh (id TEXT, key TEXT, first TEXT, root INTEGER, "
                 "data TEXT)")
    rows = conn.execute(
        "SELECT c.root, n.article_id, n.record, n.feats FROM temp.components c "
        "JOIN claim_nodes n ON n.node = c.node ORDER BY c.root, c.node")
    for root, group in groupby(rows, key=lambda r: r[0]):
        members = [(article_id, from_dict(json.loads(record)), linker.decode(feats))
                   for _, article_id, record, feats in group]
        claim = linker.build(members)
        conn.execute("INSERT INTO temp.fresh VALUES (?, ?, ?, ?, ?)",
                     (claim.id, claim.key, claim.mention_ids[0], root,
                      json.dumps(to_dict(claim), ensure_ascii=False)))
    conn.execute("CREATE INDEX temp.fresh_id ON fresh(id, first)")
    conn.execute("CREATE INDEX temp.fresh_key ON fresh(key)")


# -- rewriting ------------------------------------------------------------------


def _rewrite(conn: sqlite3.Connection, linker: Linker) -> int:
    """Swap the region's new claims in, touching only those whose content changed."""
    conn.execute("CREATE TEMP TABLE old_members AS SELECT mention_id, claim_id "
                 "FROM claim_members WHERE claim_id IN (SELECT id FROM temp.old_claims)")
    conn.execute("CREATE INDEX temp.old_members_mention ON old_members(mention_id)")
    conn.execute("CREATE TEMP TABLE old_stances AS SELECT claim_id, "
                 "coalesce(source_id, lower(source)) AS who, stance FROM stances "
                 "WHERE claim_id IN (SELECT id FROM temp.old_claims)")
    conn.execute("CREATE INDEX temp.old_stances_claim ON old_stances(claim_id)")
    conn.execute("CREATE TEMP TABLE kept (id TEXT PRIMARY KEY)")
    wanted = conn.execute("SELECT 1 FROM follows LIMIT 1").fetchone() is not None
    count = 0
    rows = conn.execute("SELECT id, root, data FROM temp.fresh ORDER BY id, first")
    for _id, group in groupby(rows, key=lambda r: r[0]):
        # Distinct claims sharing a key: the linker tells their ids apart.
        roots, claims = {}, []
        for _, root, data in group:
            claim = from_dict(json.loads(data))
            roots[claim.mention_ids] = root
            claims.append(claim)
        for claim in linker.unique_ids(claims):
            _replace(conn, claim, roots[claim.mention_ids], wanted)
            conn.execute("INSERT OR IGNORE INTO temp.kept VALUES (?)", (claim.id,))
            count += 1
    _drop_and_alias(conn)
    conn.execute("UPDATE claim_nodes SET root = (SELECT c.root FROM temp.components c "
                 "WHERE c.node = claim_nodes.node) "
                 "WHERE node IN (SELECT node FROM temp.components)")
    return count


def _replace(conn: sqlite3.Connection, claim: Claim, root: int, events: bool) -> None:
    data = to_dict(claim)
    digest = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:24]
    row = conn.execute("SELECT digest FROM claims WHERE id = ?", (claim.id,)).fetchone()
    if row is None or row[0] != digest:
        conn.execute("DELETE FROM claim_members WHERE claim_id = ?", (claim.id,))
        conn.execute("DELETE FROM stances WHERE claim_id = ?", (claim.id,))
        write_claim(conn, data, None, digest)
        if events:
            _stance_events(conn, claim)
    conn.execute("UPDATE claims SET root = ? WHERE id = ?", (root, claim.id))


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
    """Delete the region's old claims that are not in ``temp.kept``; alias each to
    the claim holding most of its mentions now."""
    gone = conn.execute(
        "SELECT m.claim_id, c.claim_id, count(*) FROM temp.old_members m "
        "JOIN claim_members c ON c.mention_id = m.mention_id "
        "WHERE m.claim_id NOT IN (SELECT id FROM temp.kept) "
        "AND c.claim_id IN (SELECT id FROM temp.kept) "
        "GROUP BY m.claim_id, c.claim_id ORDER BY m.claim_id, count(*) DESC, c.claim_id")
    aliases = [(old, next(group)[1], utc_stamp()) for old, group in groupby(gone, key=lambda r: r[0])]
    conn.executemany("INSERT OR REPLACE INTO claim_aliases (old_id, new_id, changed) "
                     "VALUES (?, ?, ?)", aliases)
    conn.execute("DELETE FROM claim_aliases WHERE old_id IN (SELECT id FROM temp.kept)")
    conn.execute("DELETE FROM claims WHERE id IN (SELECT id FROM temp.old_claims) "
                 "AND id NOT IN (SELECT id FROM temp.kept)")
