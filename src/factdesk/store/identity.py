"""Who is who across articles: one canonical id per person or organisation.

Each article files its entities under ids made from the name it prefers
(``person:donald-j-trump`` in one, ``person:donald-trump`` or ``person:trump``
in another, ``org:trump`` where the tagger took the name for an organisation).
``entity_aliases`` maps every such per-article id to the canonical id of the
entity it belongs to, and ``entities`` holds one row per canonical entity
(kind, name, number of articles).  The rules, within a *block* of ids that end
in the same surname:

* full names join when the given names agree (``Jim`` is ``James``) and so do
  suffixes (``Jr.``, ``Sr.``, ``III``): a middle name or initial makes no new
  person (``Donald J. Trump`` is ``Donald Trump``), unless the corpus knows two
  different middles for that name (``George W.`` and ``George H. W. Bush``);
  then each middle is its own person, and the name without one stays apart;
* another given name or another suffix is another person (``Melania Trump``,
  ``Donald Trump Jr.``);
* a bare surname (``person:trump``: the article never gave a full name) joins
  the person of that surname who is named in at least three times as many
  articles as anyone else of that surname, and stays apart when none is, or
  when at least as many articles name a person with it as given name (a bare
  "Tom" is not "Aunt Tom" in a corpus of Tom Steyers and Tom Youngs);
* an organisation (or nationality, or facility) named exactly as a person's
  full name joins that person; one named by a bare surname joins as a bare
  surname does, and only when people of that surname are named in more
  articles than the organisation is.

The canonical id is a member's own id: a full name without a middle, of the
member named in most articles (ties: the smaller id).  Everything is decided
from the block's current members and their article counts, so the result is
the same whatever order the articles arrived in; a write only recomputes the
blocks of the ids it touched (and, for a person, the blocks named by its given
name, where a bare name is weighed against it).  A follow of any id of an entity reaches it
(:mod:`factdesk.store.people.follows`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..analyze.entities.names import NICKNAMES, normal_key
from ..analyze.speakers.pronouns import FEMALE_NAMES, MALE_NAMES

__all__ = ["article_entities", "entity_ids", "entity_name", "rebuild_identities",
           "refresh_entities", "resolve_entity"]

SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
PERSON_LIKE = ("ORG", "NORP", "FAC")  # kinds a mistagged person name ends up under
GIVEN_NAMES = MALE_NAMES | FEMALE_NAMES
DOMINANCE = 3  # a bare surname's person is named in this many times the articles of the next


@dataclass(frozen=True, slots=True, kw_only=True)
class NameParts:
    """A name taken apart: ``given`` and ``middle`` are empty for a bare surname."""

    given: str
    middle: str
    surname: str
    suffix: str
    words: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[str, str]:
        return NICKNAMES.get(self.given, self.given), self.suffix


def name_parts(name: str) -> NameParts:
    """``Donald J. Trump Jr.`` -> given donald, middle j, surname trump, suffix jr."""
    words = [w.strip(".,") for w in normal_key(name).replace("\u2019", "'").split()]
    words = [w for w in words if w]
    suffix = ""
    if len(words) >= 2 and words[-1] in SUFFIXES:
        suffix = words.pop()
    if not words:
        return NameParts(given="", middle="", surname="", suffix=suffix)
    if len(words) == 1:
        return NameParts(given="", middle="", surname=words[0], suffix=suffix, words=(words[0],))
    middle = "".join(w[0] for w in words[1:-1])
    return NameParts(given=words[0], middle=middle, surname=words[-1], suffix=suffix,
                     words=tuple(words))


def _without_epithet(parts: dict[str, NameParts], full: list[Member]) -> None:
    """"Crooked Hillary Clinton", "Miss Universe Alicia Machado": a first word that
    is no known given name, before a full name the block knows without a middle,
    is an epithet, not the given name.  The same reading folds a name with a
    compound surname into its short form ("Ildefonso Guajardo Villarreal" and
    "Guajardo Villarreal")."""
    plain = {(p.key, p.surname) for p in (parts[m.id] for m in full) if not p.middle}
    for m in full:
        p = parts[m.id]
        if len(p.words) < 3 or p.words[0] in GIVEN_NAMES or p.words[0] in NICKNAMES:
            continue
        for start in range(1, len(p.words) - 1):
            rest = NameParts(given=p.words[start], middle="", surname=p.surname,
                             suffix=p.suffix, words=p.words[start:])
            if (rest.key, rest.surname) in plain:
                parts[m.id] = rest
                break


def given_of(kind: str, name: str) -> str:
    """A person's formal given name ("Tom Steyer" -> "thomas"); '' for anything else."""
    given = name_parts(name).given if kind == "PERSON" else ""
    return NICKNAMES.get(given, given)


def block_of(entity_id: str, kind: str, name: str) -> str:
    """The block an id is decided in: its name's surname (last word, suffix
    dropped) for people and what may be a mistyped person; a place is its own."""
    if kind != "PERSON" and kind not in PERSON_LIKE:
        return entity_id
    return name_parts(name).surname or entity_id


@dataclass(frozen=True, slots=True, kw_only=True)
class Member:
    id: str
    kind: str
    name: str
    articles: int


def group_block(members: list[Member],
                given_articles: Mapping[str, int] | None = None) -> dict[str, str]:
    """Member id -> canonical id, for the members of one block (see the module).

    ``given_articles`` counts, for a bare name of the block, the articles that
    name a person with that given name (by its formal form: "tom" -> "thomas").
    """
    parts = {m.id: name_parts(m.name) for m in members}
    people = [m for m in members if m.kind == "PERSON"]
    full = [m for m in people if parts[m.id].given]
    _without_epithet(parts, full)
    groups: dict[tuple, list[Member]] = {}
    middles: dict[tuple, set[str]] = {}
    for m in full:
        middles.setdefault(parts[m.id].key, set()).add(parts[m.id].middle)
    for m in full:
        p = parts[m.id]
        known = middles[p.key] - {""}
        label = (*p.key, p.middle if len(known) > 1 else "")
        groups.setdefault(label, []).append(m)
    out = {m.id: m.id for m in members}

    def articles(group: list[Member]) -> int:
        return sum(m.articles for m in group)

    by_full_name = {}
    for label, group in groups.items():
        rep = _representative(group, parts)
        for m in group:
            out[m.id] = rep.id
        if label[2] == "" and not label[1]:
            by_full_name[label[0]] = rep.id
    ranked = sorted((g for label, g in groups.items() if not label[1]), key=articles,
                    reverse=True)
    dominant = None
    if ranked and articles(ranked[0]) >= DOMINANCE * (articles(ranked[1]) if len(ranked) > 1
                                                      else 0):
        surname = parts[ranked[0][0].id].surname
        as_given = (given_articles or {}).get(NICKNAMES.get(surname, surname), 0)
        if articles(ranked[0]) > as_given:  # "Tom" alone is more often a Tom than a Mr Tom
            dominant = out[ranked[0][0].id]
    in_people = sum(m.articles for m in people)
    for m in members:
        p = parts[m.id]
        if m.kind == "PERSON" and not p.given and not p.suffix and dominant:
            out[m.id] = dominant
        elif m.kind in PERSON_LIKE:
            if p.given and not p.middle and not p.suffix:
                out[m.id] = by_full_name.get(NICKNAMES.get(p.given, p.given), m.id)
            elif not p.given and dominant and in_people > m.articles:
                out[m.id] = dominant
    return out


def _representative(group: list[Member], parts: dict[str, NameParts]) -> Member:
    return min(group, key=lambda m: (parts[m.id].middle != "", -m.articles, m.id))


# -- the tables ---------------------------------------------------------------------


def refresh_entities(conn: sqlite3.Connection, ids: Iterable[str]) -> None:
    """Bring ``entity_aliases`` and ``entities`` up to date after the per-article
    ids ``ids`` gained or lost articles: every block they belong to is decided
    again, and every canonical entity it touches is recounted."""
    ids = sorted(set(ids))
    blocks: set[str] = set()
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        for block, given in conn.execute(
                f"SELECT block, given FROM entity_aliases WHERE alias_id IN ({marks})", chunk):
            blocks.add(block)
            if given:  # a bare "Tom" elsewhere is weighed against every Tom
                blocks |= {given, *(k for k, v in NICKNAMES.items() if v == given)}
    _regroup(conn, sorted(blocks))


def rebuild_identities(conn: sqlite3.Connection) -> None:
    """Decide every block again (after a migration filled ``entity_aliases``)."""
    for alias_id, kind, name in conn.execute(
            "SELECT alias_id, kind, name FROM entity_aliases WHERE block = ''").fetchall():
        conn.execute("UPDATE entity_aliases SET block = ?, given = ? WHERE alias_id = ?",
                     (block_of(alias_id, kind, name), given_of(kind, name), alias_id))
    _regroup(conn, [r[0] for r in conn.execute("SELECT DISTINCT block FROM entity_aliases")])


def _regroup(conn: sqlite3.Connection, blocks: list[str]) -> None:
    touched: set[str] = set()
    for block in blocks:
        rows = conn.execute(
            "SELECT al.alias_id, al.kind, al.entity_id, "
            " (SELECT count(*) FROM entity_articles ea WHERE ea.entity_id = al.alias_id), "
            " coalesce((SELECT ea.name FROM entity_articles ea WHERE ea.entity_id = al.alias_id "
            "  GROUP BY ea.name ORDER BY count(*) DESC, ea.name LIMIT 1), al.name) "
            "FROM entity_aliases al WHERE al.block = ? ORDER BY al.alias_id", (block,)).fetchall()
        gone = [r[0] for r in rows if r[3] == 0]
        touched |= {r[2] for r in rows}
        for chunk in _chunks(gone):
            conn.execute(f"DELETE FROM entity_aliases WHERE alias_id IN "
                         f"({','.join('?' * len(chunk))})", chunk)
        members = [Member(id=r[0], kind=r[1], name=r[4], articles=r[3]) for r in rows if r[3]]
        as_given = NICKNAMES.get(block, block)
        bare = any(not name_parts(m.name).given for m in members)
        mapping = group_block(members, {as_given: _articles_of_given(conn, as_given)}
                              if bare else None)
        conn.executemany("UPDATE entity_aliases SET entity_id = ?, name = ? WHERE alias_id = ?",
                         [(mapping[m.id], m.name, m.id) for m in members])
        touched |= set(mapping.values())
    _recount(conn, sorted(touched))


def _articles_of_given(conn: sqlite3.Connection, given: str) -> int:
    """Articles that name a person with the formal given name ``given``."""
    return conn.execute(
        "SELECT count(DISTINCT ea.article_id) FROM entity_aliases al JOIN entity_articles ea "
        "ON ea.entity_id = al.alias_id WHERE al.given = ?", (given,)).fetchone()[0]


def _recount(conn: sqlite3.Connection, canonical: list[str]) -> None:
    """One ``entities`` row per canonical id that still has members: the
    representative's kind and name, and the articles any member is named in."""
    for entity_id in canonical:
        row = conn.execute(
            "SELECT al.kind, al.name, (SELECT count(DISTINCT ea.article_id) FROM entity_aliases m "
            " JOIN entity_articles ea ON ea.entity_id = m.alias_id WHERE m.entity_id = ?) "
            "FROM entity_aliases al WHERE al.alias_id = ? AND al.entity_id = ?",
            (entity_id, entity_id, entity_id)).fetchone()
        if row is None or not row[2]:
            conn.execute("DELETE FROM entities WHERE id = ?", (entity_id,))
            continue
        conn.execute(
            "INSERT INTO entities (id, kind, name, articles) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, name = excluded.name, "
            "articles = excluded.articles", (entity_id, *row))


def _chunks(items: list[str], size: int = 500) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


# -- reading ------------------------------------------------------------------------


def resolve_entity(conn: sqlite3.Connection, entity_id: str) -> str:
    """The canonical id of ``entity_id`` (itself when the store does not know it)."""
    row = conn.execute("SELECT entity_id FROM entity_aliases WHERE alias_id = ?",
                       (entity_id,)).fetchone()
    return row[0] if row else entity_id


def entity_ids(conn: sqlite3.Connection, entity_id: str) -> set[str]:
    """Every per-article id filed under the entity ``entity_id`` belongs to, and
    ``entity_id`` itself (a follow or a link may name any of them)."""
    canonical = resolve_entity(conn, entity_id)
    found = {entity_id, canonical}
    found |= {r[0] for r in conn.execute(
        "SELECT alias_id FROM entity_aliases WHERE entity_id = ?", (canonical,))}
    return found


def entity_name(conn: sqlite3.Connection, entity_id: str) -> str | None:
    """The name of the entity ``entity_id`` (a canonical id), or None if unknown."""
    row = conn.execute("SELECT name FROM entities WHERE id = ?", (entity_id,)).fetchone()
    return row[0] if row else None


def article_entities(conn: sqlite3.Connection, article_id: str) -> list[str]:
    """The ids of the entities an article names (its per-article ids), sorted."""
    return [r[0] for r in conn.execute(
        "SELECT entity_id FROM entity_articles WHERE article_id = ? ORDER BY entity_id",
        (article_id,))]
