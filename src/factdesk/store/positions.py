"""Positions: who stood where on a claim, in which outlet, on which day.

A *position* is one claim mention as the desk pages read it: the claim, the
article (its outlet and publication date), the source under one name and one
key, and the stance.  A source named by an entity id is keyed by its canonical
entity (``entity_aliases``), so "Dana Whitlock" in one outlet and "Dana J.
Whitlock" in another are one source, shown by the entity's name; an unnamed
source is keyed by its words; a mention with no source is the outlet's own
reporting and is keyed by the outlet.  Stances fall on a *side*
(:data:`SIDES`): asserting (asserts, believes), denying, hedged, declined to
deny, or other (questions, conditional).  Nothing here writes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from ..errors import InputError
from .identity import entity_name, resolve_entity
from .outlets import outlet_of

__all__ = ["OUTLET_MATCH", "Position", "SIDES", "check_day", "claim_labels", "positions",
           "side_of"]

#: The columns a claim's positions are shown in, and the stances each takes.
SIDES: dict[str, tuple[str, ...]] = {
    "asserts": ("asserts", "believes"),
    "denies": ("denies",),
    "hedged": ("hedged",),
    "does_not_deny": ("does_not_deny",),
    "other": ("questions", "conditional"),
}
_SIDE_OF = {stance: side for side, stances in SIDES.items() for stance in stances}
#: SQL condition: article ``a`` is in the outlet given as (name, ``%://host/%``).
OUTLET_MATCH = ("(lower(a.site_name) = lower(?) OR (coalesce(a.site_name, '') = '' "
                "AND a.url LIKE ?))")
_CHUNK = 500


@dataclass(frozen=True, slots=True, kw_only=True)
class Position:
    """One source's stance on one claim, as one article carried it."""

    claim_id: str
    article_id: str
    outlet: str
    published: str | None
    source: str              # the name shown
    source_key: str          # one source, however outlets name it
    entity_id: str | None    # the canonical entity, when the source is one
    stance: str

    @property
    def side(self) -> str:
        return side_of(self.stance)

    @property
    def day(self) -> str | None:
        return self.published[:10] if self.published else None


def side_of(stance: str) -> str:
    """The column of :data:`SIDES` a stance is shown in."""
    return _SIDE_OF.get(stance, "other")


def check_day(name: str, value: str) -> str:
    """``value`` if it is empty or a calendar day written YYYY-MM-DD, else an InputError."""
    if not value:
        return ""
    ok = len(value) == 10 and value[4] == "-" and value[7] == "-"
    try:
        date.fromisoformat(value)
    except ValueError:
        ok = False
    if not ok:
        raise InputError(f"{name}: {value!r} is not a calendar date; give YYYY-MM-DD, "
                         "e.g. 2024-05-31")
    return value


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for at in range(0, len(items), _CHUNK):
        yield items[at:at + _CHUNK]


class _Names:
    """Canonical keys and names of sources, looked up once each."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.seen: dict[str, tuple[str, str | None]] = {}

    def entity(self, source_id: str) -> tuple[str, str | None]:
        if source_id not in self.seen:
            canonical = resolve_entity(self.conn, source_id)
            self.seen[source_id] = (canonical, entity_name(self.conn, canonical))
        return self.seen[source_id]

    def of(self, source: str | None, source_id: str | None,
           outlet: str) -> tuple[str, str, str | None]:
        """(name shown, key, canonical entity id) of a mention's source."""
        if source_id:
            canonical, name = self.entity(source_id)
            return name or source or canonical, f"entity:{canonical}", canonical
        if source and source.strip():
            return source, f"name:{' '.join(source.lower().split())}", None
        return f"{outlet} (its own reporting)", f"outlet:{outlet.lower()}", None


def positions(conn: sqlite3.Connection, claim_ids: Iterable[str],
              article_ids: Iterable[str] | None = None, *,
              ordered: bool = True) -> list[Position]:
    """The positions on ``claim_ids`` in current articles (only ``article_ids``, if
    given), each once; ordered by publication date (undated last), article and source
    unless ``ordered`` is false."""
    wanted = sorted(set(claim_ids))
    only = set(article_ids) if article_ids is not None else None
    names = _Names(conn)
    found = []
    for chunk in _chunks(wanted):
        rows = conn.execute(
            "SELECT cm.claim_id, m.article_id, m.stance, m.source, m.source_id, "
            "a.site_name, a.url, a.published FROM claim_members cm "
            "JOIN claim_mentions m ON m.article_id = cm.article_id AND m.id = cm.mention_id "
            "JOIN articles a ON a.id = m.article_id "
            f"WHERE a.current = 1 AND cm.claim_id IN ({','.join('?' * len(chunk))})", chunk)
        for claim_id, article_id, stance, source, source_id, site, url, published in rows:
            if only is not None and article_id not in only:
                continue
            outlet = outlet_of(site, url)
            shown, key, entity = names.of(source, source_id, outlet)
            found.append(Position(claim_id=claim_id, article_id=article_id, outlet=outlet,
                                  published=published, source=shown, source_key=key,
                                  entity_id=entity, stance=stance))
    if not ordered:
        return list(set(found))
    return sorted(set(found), key=lambda p: (p.published is None, p.published or "",
                                             p.article_id, p.source_key, p.stance,
                                             p.claim_id))


def claim_labels(conn: sqlite3.Connection, claim_ids: Iterable[str]) -> dict[str, dict]:
    """Title, check-worthiness and mention count of each claim, by id."""
    found = {}
    for chunk in _chunks(sorted(set(claim_ids))):
        for cid, label, worthiness, mentions in conn.execute(
                "SELECT c.id, c.label, c.check_worthiness, (SELECT count(*) FROM "
                "claim_members cm WHERE cm.claim_id = c.id) FROM claims c "
                f"WHERE c.id IN ({','.join('?' * len(chunk))})", chunk):
            found[cid] = {"id": cid, "label": label, "check_worthiness": worthiness,
                          "mentions": mentions}
    return found
