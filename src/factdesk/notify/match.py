"""Who is told about an event, and why.

:func:`match` maps one stored event to ``[(user_id, reason)]``, at most one
pair per user, the first (most specific) reason winning.  A reason names the
follow that caused it, ``<kind>:<target>``, or the thread for a reply:

========  ==================================================================
stance    followers of the claim (``claim:<id>``, through ``claim_aliases``
          either way: a follow of an old id and an event of a new one meet),
          then followers of the source entity (``entity:<id>``), then
          followers of a story the claim is mentioned in (``story:<id>``); a
          stance already told (same claim, stance and source name, or source id
          for the entity's followers) is not told again
quote     followers of the speaker (``entity:<id>``; an entity under any of its
          ids, through ``entity_aliases``)
article   followers of a search whose words all occur in the article
          (``search:<words>``, FTS5 over ``articles_fts``), then followers
          of an entity named in it (``entity:<id>``, ``entity_articles``),
          then followers of its story (``story:<id>``, ``story_articles``)
comment   for a reply, everyone else who commented in the same thread
          (``thread:<root id>``); then followers of the author (``user:<id>``)
========  ==================================================================

The actor (a comment's author) is never told about their own event.
"""

from __future__ import annotations

import sqlite3

from ..store.claim_identity import claim_ids, resolve_claim
from ..store.events import Event, earlier_payloads
from ..store.people.follows import follow_targets, followed_searches, follows_on, search_matches
from ..store.identity import article_entities
from ..store.stories import claim_stories, story_of
from ..store.people.threads import thread_people

__all__ = ["match"]


def _followers(conn: sqlite3.Connection, kind: str, targets: list[str]) -> list[tuple[int, str]]:
    if kind in ("entity", "story"):  # a follow may name any of its ids
        targets = sorted({t for target in targets for t in follow_targets(conn, kind, target)})
    return [(user, f"{kind}:{target}") for user, target in follows_on(conn, kind, targets)]


def _told_before(conn: sqlite3.Connection, event: Event, ids: list[str]) -> tuple[bool, bool]:
    """Whether an earlier stance event on this claim (any of its ids) had the same
    stance by a source of the same name, and by the same source id.  One outlet
    may resolve "Ostravia" to an entity and another not: the claim's followers
    hear of its denial once, its entity's followers once."""
    name = str(event.payload.get("source") or "").casefold()
    stance, source_id = event.payload.get("stance"), event.payload.get("source_id")
    same_name = same_id = False
    for earlier in earlier_payloads(conn, "stance", ids, event.seq):
        if earlier.get("stance") != stance:
            continue
        same_name |= str(earlier.get("source") or "").casefold() == name
        same_id |= bool(source_id) and earlier.get("source_id") == source_id
    return same_name, same_id


def _stance(conn: sqlite3.Connection, event: Event) -> list[tuple[int, str]]:
    current = resolve_claim(conn, str(event.payload.get("claim_id") or event.subject))
    ids = sorted(claim_ids(conn, current) | {event.subject})
    same_name, same_id = _told_before(conn, event, ids)
    found = [] if same_name else [(user, f"claim:{current}")
                                  for user, _ in _followers(conn, "claim", ids)]
    source = event.payload.get("source_id")
    found += _followers(conn, "entity", [source]) if source and not same_id else []
    stories = sorted({story for claim in ids for story in claim_stories(conn, claim)})
    return found + ([] if same_name else _followers(conn, "story", stories))


def _quote(conn: sqlite3.Connection, event: Event) -> list[tuple[int, str]]:
    return _followers(conn, "entity", [event.subject])


def _article(conn: sqlite3.Connection, event: Event) -> list[tuple[int, str]]:
    found = []
    cache: dict[str, bool] = {}
    for user, words in followed_searches(conn):
        if words not in cache:
            cache[words] = search_matches(conn, words, event.subject)
        if cache[words]:
            found.append((user, f"search:{words}"))
    found += _followers(conn, "entity", article_entities(conn, event.subject))
    story = story_of(conn, event.subject)
    return found + (_followers(conn, "story", [story]) if story else [])


def _comment(conn: sqlite3.Connection, event: Event) -> list[tuple[int, str]]:
    payload = event.payload
    found: list[tuple[int, str]] = []
    if payload.get("parent_id") is not None:
        root = payload.get("root_id") or payload["parent_id"]
        found += [(user, f"thread:{root}") for user in thread_people(conn, root)]
    author = payload.get("user_id")
    if author is not None:
        found += _followers(conn, "user", [str(author)])
    return found


_BY_KIND = {"stance": _stance, "quote": _quote, "article": _article, "comment": _comment}


def match(conn: sqlite3.Connection, event: Event) -> list[tuple[int, str]]:
    """``[(user_id, reason)]`` to notify about ``event``, one per user, in a stable order."""
    rule = _BY_KIND.get(event.kind)
    if rule is None:
        return []
    actor = event.payload.get("user_id") if event.kind == "comment" else None
    chosen: dict[int, str] = {}
    for user, reason in rule(conn, event):
        if user != actor and user not in chosen:
            chosen[user] = reason
    return list(chosen.items())
