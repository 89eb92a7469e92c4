"""Who a speaker mention refers to.

The mention at the cue may be a name ("Mr Mattis"), a pronoun ("he", "It") or a
description ("The leader of US and international forces in Afghanistan",
"analysts").  :class:`SpeakerResolver` turns it into a :class:`Speaker`:

* a name -> the entity it belongs to;
* "it" after a thing that speaks ("a new ad ... It called") -> that thing,
  described ("the ad"), never a person or organisation;
* a pronoun -> an earlier entity that agrees with it (:mod:`~factdesk.analyze.speakers.pronouns`:
  people of a fitting gender for "he"/"she", organisations, places and groups
  for "it"/"they"): the nearest earlier subject of the paragraph, else the
  latest speaker, subject or mention at most two paragraphs back, else the
  only candidate of the article, else the latest earlier speaker or mention
  that agrees; with none, the quote has no speaker (a bare pronoun is never a
  final speaker);
* a relative pronoun ("who", "that", "which") -> the noun its clause hangs
  on, or, for a thing that "says" (:mod:`~factdesk.analyze.speakers.relatives`), whoever put it out;
* a description with an apposed name ("its operations director, Kwame
  Mensah") -> the named entity;
* a definite description of an organisation ("The company", "the trust") ->
  the organisation it stands for (:mod:`~factdesk.analyze.speakers.descriptions`);
* another definite description -> the person whose recorded role shares at
  least two content words with it; otherwise it stays an unnamed source, kept
  as its text.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...model import Entity, EntityType, Span
from .descriptions import (GENERIC_ORG_NOUNS, NOT_AGENTS, apposed_name, organisation_head,
                           thing_author, thing_noun)
from ..entities.mentions import Mention
from ..quotes.marks import quoted_segments
from ..parse.nlp import doc_text
from .pronouns import GROUP_PRONOUNS, Genders
from .relatives import relative_source

if TYPE_CHECKING:
    from spacy.tokens import Token

    from ..parse.nlp import Parsed, Unit

__all__ = ["Speaker", "SpeakerResolver", "noun_phrase"]

PRONOUNS = frozenset({"he", "she", "him", "her", "i", "me", "it", "they", "them", "we", "us",
                      "who", "you", "which", "that"})
STOP = frozenset("the a an of in on for and to at by with from its his her their".split())
CUT_DEPS = frozenset({"relcl", "appos", "punct", "acl", "advcl", "cc", "prep_"})
RECENT = 1500
PARAGRAPHS_BACK = 2


@dataclass(frozen=True, slots=True, kw_only=True)
class Speaker:
    """A resolved speaker: ``span`` is the mention at the cue."""

    span: Span
    name: str | None
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
    while end > start and doc_text(doc)[end - 1] in " ,;:.":
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
        self._units = parsed.units
        self._mentions = mentions
        self._starts = [m.span.start for m in mentions]
        self._entity_of = entity_of
        self._entities = entities
        # Names inside quotation marks are the quoted speaker's words, not
        # antecedents for the reporter's pronouns.
        quoted = [(s.inner_start, s.inner_end) for unit in parsed.units
                  for s in quoted_segments(doc_text(unit.doc), unit.offset)]
        outside = [m for m in mentions if not _within(m.span.start, quoted)]
        self._outside = outside
        self._outside_starts = [m.span.start for m in outside]
        self._subjects = [m for m in outside
                          if m.head.dep_ in ("nsubj", "nsubjpass") or m.last.dep_ in ("nsubj",)]
        self._subject_starts = [m.span.start for m in self._subjects]
        self._speakers: list[tuple[int, int, Speaker]] = []
        self._genders = Genders()

    def resolve(self, unit: Unit, token: Token) -> Speaker:
        if token.tag_ in ("WP", "WDT") and token.head.dep_ == "relcl" \
                and token.head.head is not token.head:
            # "Mr Sanders, who said ...": the mention at the cue is "who";
            # "Trump released a video that said ...": the video's publisher.
            source = relative_source(token)
            if source.i != token.head.head.i:
                return self.resolve(unit, source)
            lo, hi = noun_phrase(source)
            named = self._resolve(unit.span(lo, hi, self._text), unit.offset + source.idx,
                                  source, unit.index)
            span = unit.span(token.idx, token.idx + len(token.text), self._text)
            speaker = Speaker(span=span, name=named.name, entity_id=named.entity_id)
            if named.name is not None:
                self._remember(unit.index, speaker)
            return speaker
        author = thing_author(token)
        if author is not None:  # "according to a court document filed by X"
            return self.resolve(unit, author)
        start, end = noun_phrase(token)
        span = unit.span(start, end, self._text)
        if NOT_AGENTS.search(span.text):  # "An earlier version of this article said"
            return Speaker(span=span, name=None)
        head_at = unit.offset + token.idx
        name = apposed_name(token)
        named = self._entity_at(unit.offset + name.idx) if name is not None else None
        if named is not None:
            speaker = Speaker(span=span, name=named.name, entity_id=named.id)
        else:
            speaker = self._resolve(span, head_at, token, unit.index)
        if speaker.entity_id is not None or (
                speaker.name is not None and speaker.name.lower() not in PRONOUNS):
            self._remember(unit.index, speaker)
        return speaker

    def _remember(self, unit: int, speaker: Speaker) -> None:
        self._speakers.append((speaker.span.start, unit, speaker))

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
            entity = self._entity_within(span, token) or entity
        if entity is not None:
            return Speaker(span=span, name=entity.name, entity_id=entity.id)
        lower = token.lower_
        bare = _description(span.text).lower()
        if bare in PRONOUNS and lower not in PRONOUNS:
            # "he’s said ...": the parser took the "’s" for the subject.
            lower = bare
        if token.pos_ == "PRON" or lower in PRONOUNS:
            found = self._antecedent(span.start, lower, unit)
            thing = self._thing_before(span.start, unit) if lower == "it" else None
            if thing is not None and (found is None or thing[0] > found.span.start
                                      or not self._subject_at(found.span.start)):
                # "a new ad ... It called": the ad, not whoever was named before it
                return Speaker(span=span, name=f"the {thing[1]}")
            if found is not None:
                self._genders.record(found.entity_id, lower)
                return Speaker(span=span, name=found.name, entity_id=found.entity_id)
            # No antecedent that agrees: the mention is kept, the speaker is unknown.
            return Speaker(span=span, name=None)
        organisation = organisation_head(token)
        if organisation is not None:
            found = self._organisation(organisation, span.start)
            if found is not None:
                return Speaker(span=span, name=found.name, entity_id=found.id)
        described = self._by_role(span.text) if token.pos_ == "NOUN" else None
        if described is not None:
            return Speaker(span=span, name=described.name, entity_id=described.id)
        return Speaker(span=span, name=_description(span.text))

    def _subject_at(self, position: int) -> bool:
        """Whether the entity mention starting at ``position`` is a clause's subject
        (a better antecedent for "it" than a thing; a place in "in Ohio" is not)."""
        i = bisect.bisect_left(self._starts, position)
        return i < len(self._mentions) and self._mentions[i].span.start == position and (
            self._mentions[i].head.dep_ in ("nsubj", "nsubjpass"))

    def _thing_before(self, position: int, unit: int) -> tuple[int, str] | None:
        """``(position, noun)`` of the latest thing noun ("ad", "report") before
        ``position`` in this paragraph or the one before."""
        for index in (unit, unit - 1):
            if not 0 <= index < len(self._units):
                continue
            u = self._units[index]
            found = [t for t in u.doc if thing_noun(t) and u.offset + t.idx < position]
            if found:
                return u.offset + found[-1].idx, found[-1].lower_
        return None

    def _entity_at(self, position: int) -> Entity | None:
        i = bisect.bisect_right(self._starts, position) - 1
        while i >= 0 and self._mentions[i].span.end > position - 200:
            m = self._mentions[i]
            if m.span.start <= position < m.span.end:
                return self._entity_of.get(m.span.start)
            i -= 1
        return None

    def _entity_within(self, span: Span, token: Token) -> Entity | None:
        """A person named inside the speaker's phrase ("Defence Secretary James
        Mattis"), but not one named in a prepositional phrase on a common noun:
        "A spokesperson for Mr Fyfe" is the spokesperson, speaking for Fyfe."""
        principal = _principal_tokens(token)
        i = bisect.bisect_left(self._starts, span.start)
        while i < len(self._mentions) and self._mentions[i].span.start < span.end:
            m = self._mentions[i]
            if m.span.end <= span.end and m.label is EntityType.PERSON \
                    and not (m.head.doc is token.doc and m.head.i in principal):
                return self._entity_of.get(m.span.start)
            i += 1
        return None

    def _antecedent(self, position: int, pronoun: str, unit: int) -> Speaker | None:
        near = unit - PARAGRAPHS_BACK
        # 1. the nearest earlier subject that agrees, in the same paragraph
        found = self._nearest(self._subjects, self._subject_starts, position, pronoun,
                              lambda m: m.unit == unit)
        if found is not None:
            return found
        # 2. the latest earlier speaker, if it agrees and is at most two paragraphs back
        for at, spoke_in, speaker in reversed(self._speakers):
            if at >= position:
                continue
            if spoke_in < near or position - at > RECENT:
                break
            entity = self._by_id(speaker.entity_id)
            if entity is not None and self._genders.agrees(entity, pronoun):
                return speaker
            if entity is None and pronoun in GROUP_PRONOUNS and (speaker.name or "").endswith("s"):
                return speaker
            break
        # 3. a subject, 4. any mention, at most two paragraphs back
        found = (self._nearest(self._subjects, self._subject_starts, position, pronoun,
                               lambda m: m.unit >= near)
                 or self._nearest(self._outside, self._outside_starts, position, pronoun,
                                  lambda m: m.unit >= near))
        if found is not None:
            return found
        # 5. further back: the one entity of the article that agrees, else the
        # latest earlier speaker that agrees, else the nearest mention that does
        found = self._only_candidate(position, pronoun)
        if found is not None:
            return found
        for at, _, speaker in reversed(self._speakers):
            entity = self._by_id(speaker.entity_id)
            if at < position and entity is not None and self._genders.agrees(entity, pronoun):
                return speaker
        return self._nearest(self._outside, self._outside_starts, position, pronoun,
                             lambda m: True)

    def _nearest(self, pool: list[Mention], starts: list[int], position: int,
                 pronoun: str, accept) -> Speaker | None:
        i = bisect.bisect_left(starts, position) - 1
        while i >= 0:
            m = pool[i]
            if not accept(m):
                return None
            entity = self._entity_of.get(m.span.start)
            if entity is not None and m.span.end <= position \
                    and self._genders.agrees(entity, pronoun):
                return Speaker(span=m.span, name=entity.name, entity_id=entity.id)
            i -= 1
        return None

    def _only_candidate(self, position: int, pronoun: str) -> Speaker | None:
        found: dict[str, tuple[Mention, Entity]] = {}
        for m in self._outside[:bisect.bisect_left(self._outside_starts, position)]:
            entity = self._entity_of.get(m.span.start)
            if entity is not None and self._genders.agrees(entity, pronoun):
                found[entity.id] = (m, entity)
        if len(found) != 1:
            return None
        ((m, entity),) = found.values()
        return Speaker(span=m.span, name=entity.name, entity_id=entity.id)

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


def _principal_tokens(token: Token) -> set[int]:
    """Tokens of the prepositional phrases on a common-noun head ("for Mr
    Fyfe" in "a spokesperson for Mr Fyfe"): whom the speaker acts for."""
    if token.pos_ != "NOUN":
        return set()
    return {t.i for child in token.children if child.dep_ == "prep" and child.i > token.i
            for t in child.subtree}


def _within(position: int, ranges: list[tuple[int, int]]) -> bool:
    i = bisect.bisect_right(ranges, (position, float("inf"))) - 1
    return i >= 0 and ranges[i][0] <= position < ranges[i][1]


def _content_words(text: str) -> set[str]:
    return {w.lower() for w in text.replace(",", " ").split() if w.lower() not in STOP}


def _description(text: str) -> str:
    for suffix in ("'s", "\u2019s"):
        if text.endswith(suffix):
            return text[: -len(suffix)]
    return text
