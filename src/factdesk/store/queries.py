"""Reading the store for people: an article, an entity, the database's statistics.

Claims are read by :mod:`factdesk.store.claim_queries`, searches answered by
:mod:`factdesk.store.search`.  Each function takes the :class:`Store` and
returns plain JSON-ready data; nothing here writes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..model import Analysis, Article, from_dict
from .identity import entity_ids, resolve_entity
from .outlets import NO_HEADLINE, outlet_of
from .stories import articles_of_story, story_of

if TYPE_CHECKING:
    from .db import Store

__all__ = ["MentionClaim", "StoredArticle", "article_detail", "db_stats", "entity_detail"]

LAST_RUNS = 5  # runs listed by db_stats


@dataclass(frozen=True, slots=True, kw_only=True)
class MentionClaim:
    """The claim a claim mention is a member of, with the claim's title."""

    claim_id: str
    label: str | None
    check_worthiness: float | None


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredArticle:
    """An article as stored, with what the store knows around it: whether it is the
    current version of its page, its outlet, the claim of each of its claim mentions
    (by mention id) and its story with the story's articles (itself included)."""

    article: Article
    analysis: Analysis | None
    current: bool
    outlet: str
    claims: Mapping[str, MentionClaim]
    story: str | None
    story_articles: tuple[str, ...]


def article_detail(store: Store, article_id: str) -> StoredArticle | None:
    """The stored article ``article_id`` (any version), or ``None``."""
    conn = store.conn
    row = conn.execute(
        "SELECT r.record, a.record, r.site_name, r.url, r.current FROM articles r "
        "LEFT JOIN analyses a ON a.article_id = r.id WHERE r.id = ?", (article_id,)).fetchone()
    if row is None:
        return None
    article: Article = from_dict(json.loads(row[0]))
    claims = {mention: MentionClaim(claim_id=claim, label=label, check_worthiness=worthiness)
              for claim, mention, label, worthiness in conn.execute(
                  "SELECT cm.claim_id, cm.mention_id, c.label, c.check_worthiness "
                  "FROM claim_members cm JOIN claims c ON c.id = cm.claim_id "
                  "WHERE cm.article_id = ?", (article_id,))}
    story = story_of(conn, article.id)
    return StoredArticle(
        article=article, analysis=from_dict(json.loads(row[1])) if row[1] else None,
        current=bool(row[4]), outlet=outlet_of(row[2], row[3]), claims=claims, story=story,
        story_articles=tuple(articles_of_story(conn, story)) if story else ())


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
                  f"WHERE q.speaker_id IN ({marks}) AND q.listable = 1 AND a.current = 1 "
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
