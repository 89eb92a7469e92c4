"""Outlet comparison: which outlets carried which sources' positions on a claim.

For a claim, a table with one row per outlet and one column per source; a
cell lists the stances of that source the outlet's articles carried, each
with its number of articles (an empty cell: the outlet did not carry that
source on this claim).  For a story, the articles each outlet ran and one
such table per claim of the story, read from the story's articles only.
Nothing here writes.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from .positions import Position, claim_labels, positions
from .story_queries import story_articles_of, story_claim_ids, story_title

if TYPE_CHECKING:
    from .db import Store

__all__ = ["claim_outlets", "compare", "story_outlets"]


def compare(found: list[Position]) -> dict[str, Any]:
    """The outlet x source table of some positions (see the module)."""
    sources: dict[str, dict[str, Any]] = {}
    carried: dict[tuple[str, str], Counter] = {}
    for p in found:
        sources.setdefault(p.source_key, {"key": p.source_key, "source": p.source,
                                           "entity_id": p.entity_id})
        # one count per article: an article that repeats a stance carried it once
        carried.setdefault((p.outlet, p.source_key), Counter())[(p.stance, p.article_id)] = 1
    columns = sorted(sources.values(), key=lambda s: (s["source"].lower(), s["key"]))
    outlets = sorted({p.outlet for p in found}, key=str.lower)
    rows = []
    for outlet in outlets:
        cells = []
        for column in columns:
            counts = Counter(stance for stance, _ in carried.get((outlet, column["key"]), ()))
            cells.append({"source_key": column["key"],
                          "stances": [{"stance": st, "articles": n}
                                      for st, n in sorted(counts.items())]})
        rows.append({"outlet": outlet, "articles": len({p.article_id for p in found
                                                        if p.outlet == outlet}),
                     "cells": cells})
    return {"outlets": outlets, "sources": columns, "rows": rows}


def claim_outlets(store: Store, claim_id: str) -> dict[str, Any] | None:
    """A claim and its outlet x source table, or ``None`` for an unknown claim."""
    conn = store.conn
    claim = claim_labels(conn, [claim_id]).get(claim_id)
    if claim is None:
        return None
    return {"claim": claim, **compare(positions(conn, [claim_id]))}


def story_outlets(store: Store, story_id: str) -> dict[str, Any] | None:
    """A story's articles per outlet and one outlet x source table per claim
    (most outlets first), or ``None`` for an unknown story."""
    conn = store.conn
    articles = story_articles_of(conn, story_id)
    if not articles:
        return None
    ids = [a["id"] for a in articles]
    claim_ids = story_claim_ids(conn, story_id)
    labels = claim_labels(conn, claim_ids)
    by_claim: dict[str, list[Position]] = {cid: [] for cid in claim_ids}
    for p in positions(conn, claim_ids, ids):
        by_claim[p.claim_id].append(p)
    claims = [{"claim": labels[cid], **compare(by_claim[cid])} for cid in claim_ids
              if by_claim[cid]]
    claims.sort(key=lambda c: (-len(c["outlets"]), -len(c["sources"]), c["claim"]["id"]))
    per_outlet = Counter(a["outlet"] for a in articles)
    return {"story": {"id": story_id, "title": story_title(articles)},
            "outlets": [{"outlet": o, "articles": n}
                        for o, n in sorted(per_outlet.items(), key=lambda i: i[0].lower())],
            "claims": claims}
