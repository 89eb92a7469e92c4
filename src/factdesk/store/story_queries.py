"""Reading stories: the list of stories, and one story with what changed since a day.

A story (:mod:`factdesk.store.stories`) is shown by the headline of its
earliest article that has one; its articles are grouped by outlet, each
outlet's in time order; its claims are those with a mention in its articles;
its positions (:mod:`factdesk.store.positions`) are read from its articles
only.  "What changed since" a day (YYYY-MM-DD) lists the articles published on
that day or later, the claims first seen in the story then, and each source
whose stance on a claim shows up then with a stance it had not taken before
(``changed`` when it had another one before, ``new`` when it had none); an
undated article cannot be placed, so it is counted apart.  Nothing here writes.
"""

from __future__ import annotations

import sqlite3
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from .outlets import lead_of, outlet_of, readable_title
from .paging import Paging, ResultPage
from .positions import Position, check_day, claim_labels, positions, side_of

if TYPE_CHECKING:
    from .db import Store

__all__ = ["StorySort", "story_articles_of", "story_claim_ids", "story_detail", "story_list",
           "story_title"]


class StorySort(StrEnum):
    """How the list of stories is ordered (``sort=``)."""

    RECENT = "recent"      # latest article first
    ARTICLES = "articles"  # most articles first


_ORDER = {
    StorySort.RECENT: "latest IS NULL, latest DESC, s.story",
    StorySort.ARTICLES: "articles DESC, latest IS NULL, latest DESC, s.story",
}


def story_articles_of(conn: sqlite3.Connection, story_id: str) -> list[dict[str, Any]]:
    """A story's current articles, oldest first (undated last): id, title, outlet, date."""
    rows = conn.execute(
        "SELECT a.id, a.headline, a.site_name, a.url, a.published, substr(a.text, 1, 400) "
        "FROM story_articles s JOIN articles a ON a.id = s.article_id "
        "WHERE s.story = ? AND a.current = 1 "
        "ORDER BY a.published IS NULL, a.published, a.id", (story_id,))
    found = []
    for aid, headline, site, url, published, start in rows:
        outlet = outlet_of(site, url)
        found.append({"id": aid, "headline": headline, "outlet": outlet,
                      "published": published,
                      "title": readable_title(headline, lead_of(start), outlet, published)})
    return found


def story_title(articles: list[dict[str, Any]]) -> str:
    """The headline of a story's earliest article that has one, else its first title."""
    for article in articles:
        if article["headline"] and article["headline"].strip():
            return article["headline"].strip()
    return articles[0]["title"] if articles else ""


def story_claim_ids(conn: sqlite3.Connection, story_id: str) -> list[str]:
    """The claims with a mention in a story's current articles, by id."""
    return [r[0] for r in conn.execute(
        "SELECT DISTINCT cm.claim_id FROM claim_members cm JOIN story_articles s "
        "ON s.article_id = cm.article_id JOIN articles a ON a.id = cm.article_id "
        "WHERE s.story = ? AND a.current = 1 ORDER BY cm.claim_id", (story_id,))]


_GROUPS = ("FROM story_articles s JOIN articles a ON a.id = s.article_id "
           "WHERE a.current = 1 AND s.story IS NOT NULL GROUP BY s.story "
           "HAVING count(*) >= ?")


def story_list(store: Store, *, sort: str = StorySort.RECENT, min_articles: int = 1,
               paging: Paging = Paging()) -> ResultPage[dict[str, Any]]:
    """One page of stories of at least ``min_articles`` articles (id, title, articles,
    outlets, first and latest day, claims)."""
    conn = store.conn
    if sort not in tuple(StorySort):
        raise InputError(f"sort: cannot sort stories by {sort!r}; choose from "
                         f"{', '.join(StorySort)}")
    if not 1 <= min_articles <= 10_000:
        raise InputError(f"min_articles: {min_articles} is not between 1 and 10000")
    (total,) = conn.execute(f"SELECT count(*) FROM (SELECT s.story {_GROUPS})",
                            (min_articles,)).fetchone()
    rows = conn.execute(
        f"SELECT s.story, count(*) AS articles, max(a.published) AS latest {_GROUPS} "
        f"ORDER BY {_ORDER[StorySort(sort)]} LIMIT ? OFFSET ?",
        (min_articles, paging.limit, paging.offset)).fetchall()
    items = []
    for story_id, _count, latest in rows:
        articles = story_articles_of(conn, story_id)
        dated = [a["published"] for a in articles if a["published"]]
        items.append({"id": story_id, "title": story_title(articles),
                      "articles": len(articles),
                      "outlets": sorted({a["outlet"] for a in articles}, key=str.lower),
                      "first": min(dated) if dated else None, "latest": latest,
                      "claims": len(story_claim_ids(conn, story_id))})
    return ResultPage(items=tuple(items), total=total, paging=paging)


def _by_outlet(articles: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Articles grouped by outlet, outlets in the order of their first article."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for article in articles:
        groups.setdefault(article["outlet"], []).append(article)
    return [{"outlet": outlet, "articles": items} for outlet, items in groups.items()]


def _claims(labels: dict[str, dict], found: list[Position]) -> list[dict[str, Any]]:
    """The story's claims with the sources on each side and the days they appeared."""
    by_claim: dict[str, list[Position]] = {}
    for p in found:
        by_claim.setdefault(p.claim_id, []).append(p)
    rows = []
    for cid, claim in labels.items():
        mine = by_claim.get(cid, [])
        if not mine:
            continue
        sides: dict[str, list[str]] = {}
        for p in mine:
            names = sides.setdefault(side_of(p.stance), [])
            if p.source not in names:
                names.append(p.source)
        days = [p.published for p in mine if p.published]
        rows.append({**claim, "story_mentions": len(mine),
                     "first": min(days) if days else None,
                     "latest": max(days) if days else None,
                     "contested": bool(sides.get("asserts") and sides.get("denies") and
                                       len(set(sides["asserts"]) | set(sides["denies"])) > 1),
                     "sides": sides})
    rows.sort(key=lambda c: (-c["story_mentions"], -(c["check_worthiness"] or 0), c["id"]))
    return rows


def _stances(labels: dict[str, dict], found: list[Position]) -> list[dict[str, Any]]:
    """Each source's stance on each claim, with its appearances, as the timeline takes it."""
    grouped: dict[tuple[str, str, str], dict[str, Any]] = {}
    for p in found:
        entry = grouped.setdefault((p.source_key, p.stance, p.claim_id), {
            "source": p.source, "stance": p.stance, "entity_id": p.entity_id,
            "claim_id": p.claim_id, "cue": f"on \u201c{labels[p.claim_id]['label']}\u201d",
            "appearances": []})
        appearance = {"published": p.published, "article_id": p.article_id,
                      "outlet": p.outlet}
        if appearance not in entry["appearances"]:
            entry["appearances"].append(appearance)
    return list(grouped.values())


def _changes(since: str, articles: list[dict[str, Any]], labels: dict[str, dict],
             found: list[Position]) -> dict[str, Any]:
    """What changed in a story on ``since`` or later (see the module)."""
    before: dict[tuple[str, str], set[str]] = {}
    after: dict[tuple[str, str], set[str]] = {}
    first_seen: dict[str, str] = {}
    who: dict[str, Position] = {}
    for p in found:
        if p.day is None:
            continue
        first_seen[p.claim_id] = min(first_seen.get(p.claim_id, p.day), p.day)
        side = after if p.day >= since else before
        side.setdefault((p.source_key, p.claim_id), set()).add(p.stance)
        who.setdefault(p.source_key, p)
    moves = []
    for (key, cid), now in sorted(after.items()):
        earlier = before.get((key, cid), set())
        if now - earlier:
            source = who[key]
            moves.append({"source": source.source, "entity_id": source.entity_id,
                          "claim_id": cid, "label": labels[cid]["label"],
                          "before": sorted(earlier), "after": sorted(now),
                          "kind": "changed" if earlier else "new"})
    moves.sort(key=lambda m: (m["kind"] != "changed", m["source"].lower(), m["claim_id"]))
    return {"since": since,
            "articles": [a for a in articles if a["published"] and a["published"][:10] >= since],
            "claims": [labels[cid] for cid in sorted(first_seen) if first_seen[cid] >= since],
            "moves": moves,
            "undated_articles": sum(1 for a in articles if not a["published"])}


def story_detail(store: Store, story_id: str, since: str = "") -> dict[str, Any] | None:
    """A story: its articles (by outlet and time), claims, positions over time and,
    with ``since``, what changed on that day or later; ``None`` for an unknown story."""
    conn = store.conn
    check_day("since", since)
    articles = story_articles_of(conn, story_id)
    if not articles:
        return None
    claim_ids = story_claim_ids(conn, story_id)
    labels = claim_labels(conn, claim_ids)
    found = positions(conn, claim_ids, [a["id"] for a in articles])
    dated = [a["published"] for a in articles if a["published"]]
    return {"id": story_id, "title": story_title(articles), "articles": articles,
            "by_outlet": _by_outlet(articles),
            "outlets": sorted({a["outlet"] for a in articles}, key=str.lower),
            "first": min(dated) if dated else None, "latest": max(dated) if dated else None,
            "claims": _claims(labels, found), "stances": _stances(labels, found),
            "changes": _changes(since, articles, labels, found) if since else None}
