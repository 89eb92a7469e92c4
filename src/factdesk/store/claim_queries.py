"""Reading claims: a claim's detail, lists of claims, a claim's stories and sources.

A claim is shown by its title (``claims.label``, a whole clause stated
positively; see :mod:`factdesk.store.claim_titles`) with its
check-worthiness, the stories its articles belong to, and each source's stance
with the outlets and dates it appeared in.  Sources carry their canonical
entity id (``entity_aliases``), so a person named differently by two outlets
is one source.  Lists are sorted by check-worthiness, by their latest article
or by mentions, and filtered by entity, outlet and story; a filter value that
names nothing in the store is a :class:`~factdesk.errors.BadParameter` (a 400),
never silently ignored.  Nothing here writes.
"""

from __future__ import annotations

import json
import sqlite3
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from ..errors import BadParameter
from .claim_identity import resolve_claim
from .identity import entity_ids, resolve_entity
from .outlets import NO_HEADLINE, outlet_of
from .paging import Paging, ResultPage

if TYPE_CHECKING:
    from .db import Store

__all__ = ["ClaimSort", "claim_detail", "claim_list", "claim_moved_to", "story_articles"]

class ClaimSort(StrEnum):
    """How a list of claims is sorted (``sort=``)."""

    CHECKWORTHY = "checkworthy"  # most check-worthy first
    RECENT = "recent"            # latest article first
    MENTIONS = "mentions"        # most mentioned first


_ORDER: dict[ClaimSort, str] = {
    ClaimSort.CHECKWORTHY: "coalesce(c.check_worthiness, 0) DESC, mentions DESC, c.id",
    ClaimSort.RECENT: "latest IS NULL, latest DESC, coalesce(c.check_worthiness, 0) DESC, c.id",
    ClaimSort.MENTIONS: "mentions DESC, coalesce(c.check_worthiness, 0) DESC, c.id",
}
_OUTLET_OF = ("(lower(a.site_name) = lower(?) OR (coalesce(a.site_name, '') = '' "
              "AND a.url LIKE ?))")


def _claim_stories(conn: sqlite3.Connection, claim_id: str) -> list[str]:
    """The stories of a claim's current articles, by id."""
    return [r[0] for r in conn.execute(
        "SELECT DISTINCT s.story FROM claim_members cm JOIN story_articles s "
        "ON s.article_id = cm.article_id JOIN articles a ON a.id = cm.article_id "
        "WHERE cm.claim_id = ? AND a.current = 1 AND s.story IS NOT NULL ORDER BY s.story",
        (claim_id,))]


def story_articles(store: Store, story_id: str, limit: int = 10) -> list[dict[str, Any]]:
    """A story's current articles (latest first) for a claim page: id, title, outlet, date."""
    return [{"id": aid, "title": headline or NO_HEADLINE, "outlet": outlet_of(site, url),
             "published": published}
            for aid, headline, site, url, published in store.conn.execute(
                "SELECT a.id, a.headline, a.site_name, a.url, a.published FROM story_articles s "
                "JOIN articles a ON a.id = s.article_id WHERE s.story = ? AND a.current = 1 "
                "ORDER BY a.published DESC, a.id LIMIT ?", (story_id, limit))]


def _claim_sources(conn: sqlite3.Connection, claim_id: str) -> list[dict[str, Any]]:
    """Each source's stance on a claim, the source under its canonical entity id."""
    return [{"source": source, "stance": stance,
             "entity_id": resolve_entity(conn, source_id) if source_id else None}
            for source, stance, source_id in conn.execute(
                "SELECT source, stance, source_id FROM stances WHERE claim_id = ? "
                "ORDER BY source, stance", (claim_id,))]


def _validated(conn: sqlite3.Connection, sort: str, entity: str, outlet: str,
               story: str) -> None:
    if sort not in _ORDER:
        raise BadParameter(f"cannot sort claims by {sort!r}; choose from "
                           f"{', '.join(ClaimSort)}")
    if entity and conn.execute("SELECT 1 FROM entities WHERE id = ?",
                               (resolve_entity(conn, entity),)).fetchone() is None:
        raise BadParameter(f"no entity {entity!r}: the entity filter takes an entity id "
                         "(as /api/search?kind=entities lists them)")
    if outlet and not conn.execute(
            f"SELECT 1 FROM articles a WHERE a.current = 1 AND {_OUTLET_OF} LIMIT 1",
            (outlet, f"%://{outlet}/%")).fetchone():
        raise BadParameter(f"no outlet {outlet!r}: the outlet filter takes a name "
                         "from /api/outlets")
    if story and not conn.execute("SELECT 1 FROM story_articles WHERE story = ? LIMIT 1",
                                  (story,)).fetchone():
        raise BadParameter(f"no story {story!r}: the story filter takes a story id "
                         "(as an article's document names it)")


def claim_list(store: Store, *, sort: str = ClaimSort.CHECKWORTHY, entity: str = "",
               outlet: str = "", story: str = "", date_from: str = "", date_to: str = "",
               stance: str = "", paging: Paging = Paging()) -> ResultPage[dict[str, Any]]:
    """One page of claims, sorted and filtered (see the module), and the total;
    ``date_from``/``date_to`` keep claims with an article published in those days,
    ``stance`` claims some source takes that stance on."""
    conn = store.conn
    _validated(conn, sort, entity, outlet, story)
    where: list[str] = []
    args: list[Any] = []
    if entity:
        ids = sorted(entity_ids(conn, entity))
        where.append("EXISTS (SELECT 1 FROM stances s WHERE s.claim_id = c.id AND "
                     f"s.source_id IN ({','.join('?' * len(ids))}))")
        args += ids
    if outlet:
        where.append("EXISTS (SELECT 1 FROM claim_members cm JOIN articles a ON "
                     f"a.id = cm.article_id WHERE cm.claim_id = c.id AND a.current = 1 "
                     f"AND {_OUTLET_OF})")
        args += [outlet, f"%://{outlet}/%"]
    if story:
        where.append("EXISTS (SELECT 1 FROM claim_members cm JOIN story_articles s "
                     "ON s.article_id = cm.article_id WHERE cm.claim_id = c.id AND s.story = ?)")
        args.append(story)
    if date_from or date_to:
        days = [f"substr(a.published, 1, 10) {op} ?" for op, day in ((">=", date_from),
                                                                     ("<=", date_to)) if day]
        where.append("EXISTS (SELECT 1 FROM claim_members cm JOIN articles a ON "
                     "a.id = cm.article_id WHERE cm.claim_id = c.id AND a.current = 1 AND "
                     + " AND ".join(days) + ")")
        args += [day for day in (date_from, date_to) if day]
    if stance:
        where.append("EXISTS (SELECT 1 FROM stances s WHERE s.claim_id = c.id AND s.stance = ?)")
        args.append(stance)
    cond = " AND ".join(where) or "1"
    (total,) = conn.execute(f"SELECT count(*) FROM claims c WHERE {cond}", args).fetchone()
    rows = conn.execute(
        "SELECT c.id, c.key, c.label, c.check_worthiness, "
        "(SELECT count(*) FROM claim_members cm WHERE cm.claim_id = c.id) AS mentions, "
        "(SELECT max(a.published) FROM claim_members cm JOIN articles a "
        " ON a.id = cm.article_id WHERE cm.claim_id = c.id) AS latest "
        f"FROM claims c WHERE {cond} ORDER BY {_ORDER[ClaimSort(sort)]} LIMIT ? OFFSET ?",
        [*args, paging.limit, paging.offset]).fetchall()
    items = [{"id": cid, "key": key, "label": label, "check_worthiness": worthiness,
              "mentions": mentions, "latest": latest, "stories": _claim_stories(conn, cid),
              "sources": _claim_sources(conn, cid)}
             for cid, key, label, worthiness, mentions, latest in rows]
    return ResultPage(items=tuple(items), total=total, paging=paging)


def claim_detail(store: Store, claim_id: str) -> dict[str, Any] | None:
    """A claim with every mention (and its article) and each source's stance."""
    conn = store.conn
    row = conn.execute("SELECT id, key, label, analyzer, check_worthiness FROM claims "
                       "WHERE id = ?", (claim_id,)).fetchone()
    if row is None:
        return None
    mentions = []
    when: dict[str, set[tuple[str | None, str, str]]] = {}
    for (mid, aid, text, stance, origin, source, source_id, predicate, label, worthiness,
         refers_to, headline, site, url, published) in conn.execute(
            "SELECT m.id, m.article_id, m.text, m.stance, m.origin, m.source, m.source_id, "
            "m.predicate, m.label, m.check_worthiness, m.refers_to, a.headline, a.site_name, "
            "a.url, a.published "
            "FROM claim_members cm JOIN claim_mentions m ON m.article_id = cm.article_id "
            "AND m.id = cm.mention_id JOIN articles a ON a.id = m.article_id "
            "WHERE cm.claim_id = ? ORDER BY a.published, m.article_id, m.start", (claim_id,)):
        outlet = outlet_of(site, url)
        mentions.append({"id": mid, "article_id": aid, "text": text, "stance": stance,
                         "origin": origin, "source": source, "source_id": source_id,
                         "predicate": predicate, "label": label,
                         "check_worthiness": worthiness, "refers_to": refers_to,
                         "title": headline or NO_HEADLINE,
                         "outlet": outlet, "published": published})
        when.setdefault(mid, set()).add((published, aid, outlet))
    stances = []
    for source, stance, source_id, anonymous, cue, mention_ids in conn.execute(
            "SELECT source, stance, source_id, anonymous, cue, mention_ids FROM stances "
            "WHERE claim_id = ? ORDER BY source, stance", (claim_id,)):
        ids = set(json.loads(mention_ids))
        # a source's stance shows in its listed mentions and in any other mention of
        # this claim by the same source with the same stance (another article's)
        ids |= {m["id"] for m in mentions if m["stance"] == stance and (
            (source_id and m["source_id"] == source_id) or m["source"] == source)}
        seen = sorted(set().union(*(when.get(m, set()) for m in ids)),
                      key=lambda w: (w[0] or "", w[1]))
        stances.append({"source": source, "stance": stance, "source_id": source_id,
                        "entity_id": resolve_entity(conn, source_id) if source_id else None,
                        "anonymous": bool(anonymous), "cue": cue,
                        "mention_ids": sorted(ids),
                        "appearances": [{"published": p, "article_id": a, "outlet": o}
                                        for p, a, o in seen]})
    return {"id": row[0], "key": row[1], "label": row[2], "analyzer": row[3],
            "check_worthiness": row[4], "stories": _claim_stories(conn, claim_id),
            "mentions": mentions, "stances": stances,
            "outlets": sorted({m["outlet"] for m in mentions})}


def claim_moved_to(store: Store, claim_id: str) -> str | None:
    """The id a claim goes by now when ``claim_id`` is an id it had before its cluster
    changed (``claim_aliases``), else ``None``."""
    current = resolve_claim(store.conn, claim_id)
    return current if current != claim_id else None
