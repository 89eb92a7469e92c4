"""Reading the store for people: an entity's page and the database's statistics.

Claims are read by :mod:`factdesk.store.claim_queries`, searches answered by
:mod:`factdesk.store.search`.  Each function takes the :class:`Store` and
returns plain JSON-ready data; nothing here writes.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from .identity import entity_ids, resolve_entity
from .outlets import NO_HEADLINE, outlet_of

if TYPE_CHECKING:
    from .db import Store

__all__ = ["db_stats", "entity_detail"]

LAST_RUNS = 5  # runs listed by db_stats


def entity_detail(store: Store, entity_id: str) -> dict[str, Any] | None:
    """An entity with its roles, aliases, quotes, stances and articles; any of
    its ids (a per-article one, an id merged into another) finds it."""
    conn = store.conn
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
            articles.append({"id": aid, "title": headline or NO_HEADLINE,
                             "outlet": outlet_of(site, url), "published": published})
    quotes = [{"id": qid, "article_id": aid, "text": text, "cue": cue, "kind": kind,
               "title": headline or NO_HEADLINE, "published": published}
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


def db_stats(store: Store) -> dict[str, Any]:
    """The database's path, applied migrations, row counts, rejects by reason and last runs."""
    runs = [dict(zip(("id", "started", "finished", "executor"), row)) for row in
            store.conn.execute("SELECT id, started, finished, executor FROM runs "
                               "ORDER BY started DESC LIMIT ?", (LAST_RUNS,))]
    return {"path": store.path, "migrations": store.migrations(), "counts": store.counts(),
            "reject_reasons": dict(store.conn.execute(
                "SELECT reason, count(*) FROM rejects GROUP BY reason ORDER BY reason")),
            "runs": runs}
