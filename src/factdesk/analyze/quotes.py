"""Quotes: direct, mixed and indirect attributions with their speakers.

Rules (``quotes.rules.v1``), paragraph by paragraph:

1. Cues come from the parse (:mod:`.cues`); cues inside quotation marks are
   the quoted speaker's own words and are skipped.
2. A quoted segment belongs to the cue whose content clause holds it (a mixed
   quote, or a direct quote the parser put under the verb); else to the
   nearest speech cue of its sentence ("“A,” he said, “B.”" gives both parts
   to "said", one quote); else to the speaker of the paragraph's previous
   quote; else, when the paragraph opens with it, to the last speaker of the
   previous paragraph (a quote that continues).
3. A cue with a content clause and no quoted segment is an indirect quote.
4. The kind follows the share of the content inside quotation marks: at least
   all (but a leading "that") direct, some mixed, none indirect.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..model import Quote, QuoteKind, Span, content_id
from .cues import Cue, find_cues
from .marks import Segment, quoted_segments
from .speakers import Speaker, SpeakerResolver, noun_phrase

if TYPE_CHECKING:
    from spacy.tokens import Token

    from .nlp import Parsed, Unit

__all__ = ["ANALYZER", "find_quotes"]

ANALYZER = "quotes.rules.v1"
WORD = re.compile(r"\w+")
ADDRESS_NOUNS = frozenset({"comment", "remark", "testimony", "interview", "statement",
                           "speech", "letter", "message", "briefing", "email"})


@dataclass(slots=True)
class _Attribution:
    cue: Cue | None
    unit: Unit
    speaker: Speaker | None
    content: tuple[int, int] | None = None
    segments: list[Segment] = field(default_factory=list)


def find_quotes(parsed: Parsed, resolver: SpeakerResolver) -> tuple[Quote, ...]:
    """Every quote of ``parsed``, in text order."""
    text = parsed.article.text
    attributions: list[_Attribution] = []
    previous: _Attribution | None = None
    previous_unit = -2
    pending: _Attribution | None = None
    for unit in parsed.units:
        found = _unit_attributions(unit, text, resolver,
                                   previous if previous_unit == unit.index - 1 else None,
                                   pending)
        attributions.extend(found)
        pending = None
        pending = next((a for a in reversed(found)
                        if a.cue is not None and not a.segments and a.content is None), None)
        spoken = [a for a in found if a.speaker is not None]
        if spoken:
            previous, previous_unit = spoken[-1], unit.index
    quotes = [q for a in attributions if (q := _quote(a, parsed, text, resolver)) is not None]
    quotes.sort(key=lambda q: (q.span.start, q.span.end))
    return tuple(quotes)


def _unit_attributions(unit: Unit, text: str, resolver: SpeakerResolver,
                       previous: _Attribution | None,
                       pending: _Attribution | None) -> list[_Attribution]:
    doc = unit.doc
    segments = quoted_segments(doc.text, unit.offset)
    cues = [c for c in find_cues(doc) if not _inside(c.start + unit.offset, segments)]
    by_cue: dict[int, _Attribution] = {}
    out: list[_Attribution] = []

    def attribution_of(cue: Cue) -> _Attribution:
        if cue.start not in by_cue:
            speaker = resolver.resolve(unit, cue.subject) if cue.subject is not None else None
            content = _shift(cue.content, unit.offset)
            by_cue[cue.start] = _Attribution(cue=cue, unit=unit, speaker=speaker, content=content)
            out.append(by_cue[cue.start])
        return by_cue[cue.start]

    last: _Attribution | None = None
    fallback = previous.speaker if previous is not None else None
    for segment in segments:
        if not WORD.search(text, segment.inner_start, segment.inner_end):
            continue
        cue = (_governing_cue(segment, cues, unit) or _holding_cue(segment, cues, unit)
               or _nearest_speech_cue(segment, cues, unit))
        opening = segment.start - unit.offset <= 1
        if cue is not None:
            target = attribution_of(cue)
            if target.speaker is None:
                # "Adding, “...”": a cue without a subject keeps the last speaker.
                target.speaker = last.speaker if last is not None and last.speaker else fallback
        elif opening and pending is not None:
            target = pending
        elif last is not None and last.speaker is not None:
            target = _Attribution(cue=None, unit=unit, speaker=last.speaker)
            out.append(target)
        elif previous is not None and opening:
            target = _Attribution(cue=None, unit=unit, speaker=previous.speaker)
            out.append(target)
        else:
            continue
        target.segments.append(segment)
        last = target
    for cue in cues:
        if cue.content is not None and cue.start not in by_cue and cue.subject is not None:
            attribution_of(cue)
    if doc.text.rstrip().endswith((":", ",")) and cues:
        # "Stated Stone:" -- the quote is the next paragraph.
        cue = cues[-1]
        if cue.speech and cue.subject is not None and cue.content is None \
                and cue.start not in by_cue:
            attribution_of(cue)
    out.sort(key=lambda a: _extent(a)[0])
    return out


def _inside(position: int, segments: list[Segment]) -> bool:
    return any(s.inner_start <= position < s.inner_end for s in segments)


def _shift(rng: tuple[int, int] | None, offset: int) -> tuple[int, int] | None:
    return None if rng is None else (rng[0] + offset, rng[1] + offset)


def _governing_cue(segment: Segment, cues: list[Cue], unit: Unit) -> Cue | None:
    """The nearest cue verb the quote's words hang from in the parse."""
    if not cues:
        return None
    doc = unit.doc
    span = doc.char_span(segment.inner_start - unit.offset, segment.inner_end - unit.offset,
                         alignment_mode="expand")
    if span is None or not len(span):
        return None
    verbs = {cue.verb.i: cue for cue in cues}
    for ancestor in span.root.ancestors:
        if ancestor.i in verbs:
            return verbs[ancestor.i]
    return None


def _holding_cue(segment: Segment, cues: list[Cue], unit: Unit) -> Cue | None:
    best, best_size = None, None
    size = segment.inner_end - segment.inner_start
    for cue in cues:
        if cue.content is None:
            continue
        start, end = cue.content[0] + unit.offset, cue.content[1] + unit.offset
        overlap = min(end, segment.inner_end) - max(start, segment.inner_start)
        if overlap * 2 >= size and (best_size is None or end - start < best_size):
            best, best_size = cue, end - start
    return best


def _nearest_speech_cue(segment: Segment, cues: list[Cue], unit: Unit) -> Cue | None:
    doc = unit.doc
    first = doc.char_span(segment.start - unit.offset, segment.start - unit.offset + 1,
                          alignment_mode="expand")
    last = doc.char_span(max(segment.end - unit.offset - 1, 0), segment.end - unit.offset,
                         alignment_mode="expand")
    sents = set()
    for span in (first, last):
        if span is not None and len(span):
            sents.add(span[0].sent.start)
    best, best_distance = None, None
    for cue in cues:
        if not cue.speech or cue.verb.sent.start not in sents:
            continue
        at = cue.start + unit.offset
        distance = segment.start - at if at < segment.start else at - segment.end
        if best_distance is None or distance < best_distance:
            best, best_distance = cue, distance
    return best


def _extent(a: _Attribution) -> tuple[int, int]:
    starts = [s.inner_start for s in a.segments]
    ends = [s.inner_end for s in a.segments]
    if a.content is not None:
        starts.append(a.content[0])
        ends.append(a.content[1])
    if not starts:
        at = a.cue.start + a.unit.offset if a.cue else a.unit.offset
        return at, at
    return min(starts), max(ends)


def _kind(a: _Attribution, text: str) -> QuoteKind:
    if not a.segments:
        return QuoteKind.INDIRECT
    if a.content is None:
        return QuoteKind.DIRECT
    start, end = _extent(a)
    words = [m.span() for m in WORD.finditer(text, start, end)]
    if a.cue is not None:
        # The attribution between two parts ("“A,” he said, “B.”") is not content.
        cue_at = a.cue.start + a.unit.offset
        ordered = sorted(a.segments, key=lambda s: s.start)
        for left, right in zip(ordered, ordered[1:]):
            if left.inner_end <= cue_at < right.inner_start:
                words = [w for w in words if not left.inner_end <= w[0] < right.inner_start]
    if not words:
        return QuoteKind.DIRECT
    unquoted = [w for w in words if not any(s.inner_start <= w[0] < s.inner_end for s in a.segments)]
    if unquoted and text[unquoted[0][0]:unquoted[0][1]].lower() == "that" \
            and unquoted[0] == words[0]:
        unquoted = unquoted[1:]
    return QuoteKind.MIXED if unquoted else QuoteKind.DIRECT


def _quote(a: _Attribution, parsed: Parsed, text: str,
           resolver: SpeakerResolver) -> Quote | None:
    start, end = _extent(a)
    start, end = _strip(text, start, end)
    if end <= start or not WORD.search(text, start, end):
        return None
    kind = _kind(a, text)
    span = Span(start=start, end=end, text=text[start:end])
    parts = tuple(Span(start=s.inner_start, end=s.inner_end, text=text[s.inner_start:s.inner_end])
                  for s in a.segments) if kind is QuoteKind.DIRECT else (span,)
    cue_span = cue_lemma = None
    addressee = addressee_span = None
    if a.cue is not None:
        cue_span = a.unit.span(a.cue.start, a.cue.end, text)
        cue_lemma = a.cue.lemma
        token = a.cue.addressee or _address_noun_target(a.cue.verb)
        if token is not None:
            lo, hi = noun_phrase(token)
            addressee_span = resolver.first_name_in(a.unit.span(lo, hi, text))
            addressee = addressee_span.text
    speaker = a.speaker
    return Quote(
        id=content_id(parsed.article.id, str(start), str(end), ANALYZER),
        kind=kind, span=span, parts=parts,
        speaker=speaker.name if speaker else None,
        speaker_id=speaker.entity_id if speaker else None,
        speaker_span=speaker.span if speaker else None,
        cue=cue_span, cue_lemma=cue_lemma,
        addressee=addressee, addressee_span=addressee_span,
        analyzer=ANALYZER)


def _address_noun_target(verb: Token) -> Token | None:
    """"In comments to Congress, X said": the addressee of the comments."""
    for child in verb.children:
        if child.dep_ != "prep":
            continue
        for noun in child.children:
            if noun.dep_ == "pobj" and noun.lemma_.lower() in ADDRESS_NOUNS:
                for prep in noun.children:
                    if prep.dep_ == "prep" and prep.lower_ == "to":
                        return next((c for c in prep.children if c.dep_ == "pobj"), None)
    return None


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in ",;:"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return start, end
