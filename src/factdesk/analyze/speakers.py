"""Who a speaker mention refers to.

The mention at the cue may be a name ("Mr Mattis"), a pronoun ("he", "It") or a
description ("The leader of US and international forces in Afghanistan",
"analysts").  :class:`SpeakerResolver` turns it into a :class:`Speaker`:

* a name -> the entity it belongs to;
* a pronoun -> the nearest earlier entity of a fitting type, preferring one in
  subject position (people for "he"/"she", states and organisations for "it");
  a bare pronoun is never a final speaker;
* a description with an apposed name ("its operations director, Kwame
  Mensah") -> the named entity;
* a definite description of an organisation ("The company", "the trust") ->
  the organisation it stands for (:mod:`.descriptions`);
* another definite description -> the person whose recorded role shares at
  least two content words with it; otherwise it stays an unnamed source, kept
  as its text.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import Entity, EntityType, Span
from .descriptions import GENERIC_ORG_NOUNS, apposed_name, organisation_head
from .entities import Mention
from .marks import quoted_segments

if TYPE_CHECKING:
    from spacy.tokens import Token

    from .nlp import Parsed, Unit

__all__ = ["Speaker", "SpeakerResolver", "noun_phrase"]

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "i", "me"})
THING_PRONOUNS = frozenset({"it"})
GROUP_PRONOUNS = frozenset({"they", "them", "we", "us"})
PRONOUNS = PERSON_PRONOUNS | THING_PRONOUNS | GROUP_PRONOUNS | {"who", "you", "which", "that"}
THING_TYPES = (EntityType.ORG, EntityType.GPE, EntityType.NORP)
GROUP_TYPES = (EntityType.ORG, EntityType.GPE, EntityType.NORP)
STOP = frozenset("the a an of in on for and to at by with from its his her their".split())
CUT_DEPS = frozenset({"relcl", "appos", "punct", "acl", "advcl", "cc", "prep_"})
SUBJECT_WINDOW = 3
RECENT = 1500


@dataclass(frozen=True, slots=True, kw_only=True)
class Speaker:
    """A resolved speaker: ``span`` is the mention at the cue."""

    span: Span
    name: str
    entity_id: str | None = None


def noun_phrase(token: Token) -> tuple[int, int]:
    """Char range (in the doc) of the noun phrase headed by ``token``, without
    relative clauses, appositions or trailing punctuation."""
    keep = [token]
    for child in token.children:
        if child.dep_ in CUT_DEPS or _place_phrase(child):
            continue
        keep.extend(child.subtree)
    start = min(t.idx for t in keep)
    end = max(t.idx + len(t.text) for t in keep)
    doc = token.doc
    while end > start and doc.text[end - 1] in " ,;:.":
        end -= 1
    return start, end


def _place_phrase(token: Token) -> bool:
    """A trailing "in Kabul" / "at the White House": where, not who."""
    if token.dep_ != "prep" or token.lower_ not in ("in", "at") or token.i < token.head.i:
        return False
    return any(c.dep_ == "pobj" and c.ent_type_ in ("GPE", "LOC", "FAC") for c in token.children)


class SpeakerResolver:
    """Resolves speaker mentions of one article against its entities."""

    def __init__(self, parsed: Parsed, mentions: list[Mention],
                 entity_of: dict[int, Entity], entities: tuple[Entity, ...]) -> None:
        self._text = parsed.article.text
        self._mentions = mentions
        self._starts = [m.span.start for m in mentions]
        self._entity_of = entity_of
        self._entities = entities
        # Names inside quotation marks are the quoted speaker's words, not
        # antecedents for the reporter's pronouns.
        quoted = [(s.inner_start, s.inner_end) for unit in parsed.units
                  for s in quoted_segments(unit.doc.text, unit.offset)]
        outside = [m for m in mentions if not _within(m.span.start, quoted)]
        self._outside = outside
        self._outside_starts = [m.span.start for m in outside]
        self._subjects = [m for m in outside
                          if m.head.dep_ in ("nsubj", "nsubjpass") or m.last.dep_ in ("nsubj",)]
        self._subject_starts = [m.span.start for m in self._subjects]
        self._speakers: list[tuple[int, Speaker]] = []

    def resolve(self, unit: Unit, token: Token) -> Speaker:
        if token.tag_ in ("WP", "WDT") and token.head.dep_ == "relcl" \
                and token.head.head is not token.head:
            # "Mr Sanders, who said ...": the mention at the cue is "who".
            noun = token.head.head
            lo, hi = noun_phrase(noun)
            named = self._resolve(unit.span(lo, hi, self._text), unit.offset + noun.idx,
                                  noun, unit.index)
            span = unit.span(token.idx, token.idx + len(token.text), self._text)
            speaker = Speaker(span=span, name=named.name, entity_id=named.entity_id)
            if not named.name.startswith("unresolved"):
                self._speakers.append((span.start, speaker))
            return speaker
        start, end = noun_phrase(token)
        span = unit.span(start, end, self._text)
        head_at = unit.offset + token.idx
        name = apposed_name(token)
        named = self._entity_at(unit.offset + name.idx) if name is not None else None
        if named is not None:
            speaker = Speaker(span=span, name=named.name, entity_id=named.id)
        else:
            speaker = self._resolve(span, head_at, token, unit.index)
        if speaker.entity_id is not None or speaker.name.lower() not in PRONOUNS:
            self._speakers.append((span.start, speaker))
        return speaker

    def first_name_in(self, span: Span) -> Span:
        """``span``, or its first entity mention when it runs several together
        ("Congress Gen Nicholson")."""
        i = bisect.bisect_left(self._starts, span.start)
        inside = []
        while i < len(self._mentions) and self._mentions[i].span.start < span.end:
            if self._mentions[i].span.end <= span.end:
                inside.append(self._mentions[i].span)
            i += 1
        return inside[0] if len(inside) >= 2 else span

    def _resolve(self, span: Span, head_at: int, token: Token, unit: int) -> Speaker:
        entity = self._entity_at(head_at)
        if entity is None or entity.kind is not EntityType.PERSON:
            entity = self._entity_within(span) or entity
        if entity is not None:
            return Speaker(span=span, name=entity.name, entity_id=entity.id)
        lower = token.lower_
        if token.pos_ == "PRON" or lower in PRONOUNS:
            found = self._antecedent(span.start, lower, unit)
            if found is not None:
                return Speaker(span=span, name=found.name, entity_id=found.entity_id)
            return Speaker(span=span, name=f"unresolved ({span.text})")
        organisation = organisation_head(token)
        if organisation is not None:
            found = self._organisation(organisation, span.start)
            if found is not None:
                return Speaker(span=span, name=found.name, entity_id=found.id)
        described = self._by_role(span.text) if token.pos_ == "NOUN" else None
        if described is not None:
            return Speaker(span=span, name=described.name, entity_id=described.id)
        return Speaker(span=span, name=_description(span.text))

    def _entity_at(self, position: int) -> Entity | None:
        i = bisect.bisect_right(self._starts, position) - 1
        while i >= 0 and self._mentions[i].span.end > position - 200:
            m = self._mentions[i]
            if m.span.start <= position < m.span.end:
                return self._entity_of.get(m.span.start)
            i -= 1
        return None

    def _entity_within(self, span: Span) -> Entity | None:
        i = bisect.bisect_left(self._starts, span.start)
        while i < len(self._mentions) and self._mentions[i].span.start < span.end:
            m = self._mentions[i]
            if m.span.end <= span.end and m.label is EntityType.PERSON:
                return self._entity_of.get(m.span.start)
            i += 1
        return None

    def _antecedent(self, position: int, pronoun: str, unit: int) -> Speaker | None:
        types = _types_for(pronoun)
        # 1. the nearest earlier subject of a fitting type in the same paragraph
        found = self._nearest(self._subjects, self._subject_starts, position, types,
                              lambda m: m.unit == unit, pronoun)
        if found is not None:
            return found
        # 2. the latest earlier speaker of a fitting type, if recent
        for at, speaker in reversed(self._speakers):
            if at >= position:
                continue
            if position - at > 1500:
                break
            entity = self._by_id(speaker.entity_id)
            if entity is not None and entity.kind in types and _gender_fits(entity, pronoun):
                return speaker
            if entity is None and pronoun in GROUP_PRONOUNS and speaker.name.endswith("s"):
                return speaker
            break
        # 3. a recent subject, 4. any earlier mention
        return (self._nearest(self._subjects, self._subject_starts, position, types,
                              lambda m: position - m.span.start < 1500, pronoun)
                or self._nearest(self._outside, self._outside_starts, position, types,
                                 lambda m: True, pronoun))

    def _nearest(self, pool: list[Mention], starts: list[int], position: int,
                 types: tuple[EntityType, ...], accept, pronoun: str = "") -> Speaker | None:
        i = bisect.bisect_left(starts, position) - 1
        while i >= 0:
            m = pool[i]
            if not accept(m):
                return None
            entity = self._entity_of.get(m.span.start)
            if entity is not None and entity.kind in types and m.span.end <= position \
                    and _gender_fits(entity, pronoun):
                return Speaker(span=m.span, name=entity.name, entity_id=entity.id)
            i -= 1
        return None

    def _organisation(self, head: str, position: int) -> Entity | None:
        """The organisation "the <head>" stands for: the nearest earlier one whose
        name holds the head noun, else (generic heads) the latest one that was
        the subject of a clause, if recent."""
        subject = None
        i = bisect.bisect_left(self._outside_starts, position) - 1
        while i >= 0:
            m = self._outside[i]
            entity = self._entity_of.get(m.span.start)
            if entity is not None and entity.kind is EntityType.ORG:
                if head in entity.name.lower().split():
                    return entity
                if subject is None and m.head.dep_ in ("nsubj", "nsubjpass") \
                        and position - m.span.start < RECENT:
                    subject = entity
            i -= 1
        return subject if head in GENERIC_ORG_NOUNS else None

    def _by_id(self, entity_id: str | None) -> Entity | None:
        if entity_id is None:
            return None
        return next((e for e in self._entities if e.id == entity_id), None)

    def _by_role(self, description: str) -> Entity | None:
        words = _content_words(description)
        if not words:
            return None
        best, best_score = None, 1
        for entity in self._entities:
            if entity.kind is not EntityType.PERSON:
                continue
            for role in entity.roles:
                score = len(words & _content_words(role))
                if score > best_score:
                    best, best_score = entity, score
        return best


MALE_TITLES = frozenset({"mr", "sir", "lord", "king", "prince"})
FEMALE_TITLES = frozenset({"mrs", "ms", "miss", "dame", "lady", "queen", "princess"})


def _gender_fits(entity: Entity, pronoun: str) -> bool:
    """False when the entity's own titles ("Mr", "Ms") contradict "she"/"he"."""
    if pronoun in ("he", "him"):
        clash = FEMALE_TITLES
    elif pronoun in ("she", "her"):
        clash = MALE_TITLES
    else:
        return True
    return not any(alias.split()[0].lower().rstrip(".") in clash
                   for alias in entity.aliases if alias.split())


def _within(position: int, ranges: list[tuple[int, int]]) -> bool:
    i = bisect.bisect_right(ranges, (position, float("inf"))) - 1
    return i >= 0 and ranges[i][0] <= position < ranges[i][1]


def _types_for(pronoun: str) -> tuple[EntityType, ...]:
    if pronoun in PERSON_PRONOUNS:
        return (EntityType.PERSON,)
    if pronoun in THING_PRONOUNS:
        return THING_TYPES
    return (*GROUP_TYPES, EntityType.PERSON)


def _content_words(text: str) -> set[str]:
    return {w.lower() for w in text.replace(",", " ").split() if w.lower() not in STOP}


def _description(text: str) -> str:
    for suffix in ("'s", "\u2019s"):
        if text.endswith(suffix):
            return text[: -len(suffix)]
    return text
