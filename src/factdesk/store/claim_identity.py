"""Which claim a claim id means today.

A claim's id is a hash of its members, so it changes when its cluster grows
or splits; :func:`~factdesk.store.claim_graph.recluster` records each old id
with the id that took its place in ``claim_aliases``.  Everything that keeps a
claim id for later (a follow, a comment thread, a notification, a bookmarked
page) goes through here: :func:`resolve_claim` gives the current id of any
id, :func:`claim_ids` every id that means the same claim today.  (Entities have
their own identity: :mod:`factdesk.store.identity`.)
"""

from __future__ import annotations

import sqlite3

__all__ = ["claim_ids", "resolve_claim"]


def resolve_claim(conn: sqlite3.Connection, claim_id: str) -> str:
    """Follow ``claim_aliases`` from ``claim_id`` until no alias is left (cycles stop)."""
    seen = {claim_id}
    while True:
        row = conn.execute("SELECT new_id FROM claim_aliases WHERE old_id = ?",
                           (claim_id,)).fetchone()
        if row is None or row[0] in seen:
            return claim_id
        claim_id = row[0]
        seen.add(claim_id)


def claim_ids(conn: sqlite3.Connection, claim_id: str) -> set[str]:
    """Every id of the claim ``claim_id`` means today: its current id and every older
    id that resolves to it."""
    current = resolve_claim(conn, claim_id)
    found = {current}
    frontier = [current]
    while frontier:
        rows = conn.execute(
            f"SELECT old_id FROM claim_aliases WHERE new_id IN ({','.join('?' * len(frontier))})",
            frontier).fetchall()
        frontier = [r[0] for r in rows if r[0] not in found]
        found.update(frontier)
    return found
