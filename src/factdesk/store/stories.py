"""Stories in the store: a story id for every current article.

Each current article gets a row in ``story_articles`` with its story features
(from a :class:`Grouper`, the analyze stage's ``StoryGrouper``, which the
store never imports) and its keys in ``story_keys``; :func:`regroup` keys the
articles that have no row yet, drops the rows of articles that are no longer
current, and makes stories of the connected components of the grouper's
pairwise test inside each key group.  Features and keys are computed once per
article as it arrives; the components are recomputed from the stored keys
(a union-find over the key groups, cheap beside analysis), so a story is a
function of the current articles only, whatever order they came in.  A
story's id is derived from its earliest article id, so it stays while the
story grows.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any, Protocol

from ..components import DisjointSets
from ..model import content_id

__all__ = ["Grouper", "articles_of_story", "claim_stories", "regroup", "resolve_story",
           "story_ids", "story_of", "story_title"]

CHUNK = 500


class Grouper(Protocol):
    """What :func:`regroup` needs from the analyze stage (see ``StoryGrouper``)."""

    def features(self, text: str, published: datetime | None) -> Any: ...
    def encode(self, feats: Any) -> str: ...
    def decode(self, text: str) -> Any: ...
    def keys(self, feats: Any) -> list[str]: ...
    def same_story(self, a: Any, b: Any) -> bool: ...


def regroup(conn: sqlite3.Connection, grouper: Grouper) -> int:
    """Bring every current article's story up to date; returns the number of stories."""
    conn.execute("DELETE FROM story_articles WHERE article_id NOT IN "
                 "(SELECT id FROM articles WHERE current = 1)")
    while True:
        rows = conn.execute(
            "SELECT a.id, a.text, a.published FROM articles a WHERE a.current = 1 AND "
            "NOT EXISTS (SELECT 1 FROM story_articles s WHERE s.article_id = a.id) "
            "ORDER BY a.id LIMIT ?", (CHUNK,)).fetchall()
        if not rows:
            break
        for article_id, text, published in rows:
            feats = grouper.features(text or "", _date(published))
            conn.execute("INSERT INTO story_articles (article_id, feats) VALUES (?, ?)",
                         (article_id, grouper.encode(feats)))
            conn.executemany("INSERT OR IGNORE INTO story_keys (key, article_id) VALUES (?, ?)",
                             [(key, article_id) for key in grouper.keys(feats)])
    ids = [r[0] for r in conn.execute("SELECT article_id FROM story_articles ORDER BY article_id")]
    index = {a: i for i, a in enumerate(ids)}
    sets = DisjointSets(len(ids))
    feats_of: dict[str, Any] = {}

    def feats(article_id: str) -> Any:
        if article_id not in feats_of:
            (text,) = conn.execute("SELECT feats FROM story_articles WHERE article_id = ?",
                                   (article_id,)).fetchone()
            feats_of[article_id] = grouper.decode(text)
        return feats_of[article_id]

    groups = conn.execute("SELECT key, group_concat(article_id, ' ') FROM story_keys "
                          "GROUP BY key HAVING count(*) > 1")
    for _key, members in groups:
        members = sorted(members.split())
        for x, a in enumerate(members):
            for b in members[x + 1:]:
                i, j = index[a], index[b]
                if not sets.same(i, j) and grouper.same_story(feats(a), feats(b)):
                    sets.union(i, j)
    story = [content_id("story", ids[root]) for root in sets.roots()]
    conn.executemany("UPDATE story_articles SET story = ? WHERE article_id = ? "
                     "AND story IS NOT ?", [(s, a, s) for a, s in zip(ids, story, strict=True)])
    return len(set(story))


def story_of(conn: sqlite3.Connection, article_id: str) -> str | None:
    """The story id of an article (``None`` before its first regroup)."""
    row = conn.execute("SELECT story FROM story_articles WHERE article_id = ?",
                       (article_id,)).fetchone()
    return row[0] if row else None


def articles_of_story(conn: sqlite3.Connection, story_id: str) -> list[str]:
    """The current articles of a story, by id."""
    return [r[0] for r in conn.execute(
        "SELECT article_id FROM story_articles WHERE story = ? ORDER BY article_id",
        (story_id,))]


def story_ids(conn: sqlite3.Connection, story_id: str) -> set[str]:
    """Every id the story ``story_id`` may have gone by: a story's id is made from
    one of its articles' ids (the root :func:`regroup` picks), so it changes as
    the story grows; a follow of an earlier id still means this story."""
    return {story_id} | {content_id("story", a) for a in articles_of_story(conn, story_id)}


def resolve_story(conn: sqlite3.Connection, story_id: str) -> str | None:
    """The id the story ``story_id`` goes by now (``None``: no such story)."""
    if articles_of_story(conn, story_id):
        return story_id
    for (article_id,) in conn.execute("SELECT article_id FROM story_articles"):
        if content_id("story", article_id) == story_id:
            return story_of(conn, article_id)
    return None


def claim_stories(conn: sqlite3.Connection, claim_id: str) -> list[str]:
    """The stories of the articles a claim is mentioned in, by id."""
    return [r[0] for r in conn.execute(
        "SELECT DISTINCT s.story FROM claim_members cm JOIN story_articles s "
        "ON s.article_id = cm.article_id WHERE cm.claim_id = ? ORDER BY s.story",
        (claim_id,))]


def story_title(conn: sqlite3.Connection, story_id: str) -> str:
    """A story named by the headline of its earliest article with one (quoted),
    else by its id."""
    row = conn.execute(
        "SELECT a.headline FROM story_articles s JOIN articles a ON a.id = s.article_id "
        "WHERE s.story = ? AND coalesce(a.headline, '') != '' "
        "ORDER BY a.published IS NULL, a.published, a.id LIMIT 1", (story_id,)).fetchone()
    return f"“{row[0]}”" if row else story_id


def _date(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None
