"""Quotes: direct, mixed and indirect attributions with their speakers.

Rules (``quotes.rules.v9``), paragraph by paragraph:

0. A quoted title of a work ("NBC's “Meet the Press”", :mod:`~factdesk.analyze.quotes.work_titles`)
   is not a quote.
1. Cues come from the parse (:mod:`~factdesk.analyze.quotes.cues`, verbs; :mod:`~factdesk.analyze.quotes.noun_cues`, nouns
   with a "that" clause; :mod:`~factdesk.analyze.quotes.attitude_cues`, passives and
   stances; :mod:`~factdesk.analyze.quotes.intent_cues`, wanting, backing, judging and
   showing; :mod:`~factdesk.analyze.quotes.adjective_cues`, "is confident that");
   cues inside quotation marks are the quoted speaker's own words and are
   skipped, and so is a verb cue other than a verb of saying that lies inside
   what another cue reports ("Holm said he wants a pier": one attribution; new
   in v5, with the intent and adjective cues).
   New in v6: a verb the rules did not take, with a subject and a complement,
   inside no rule cue's content, is a cue when the learned model of
   :mod:`~factdesk.analyze.quotes.learned_cues` accepts it ("the council
   distrusts the ferry company"; trained by ``bench/train_attribution.py``).
   New in v8: the learned model also reads verbs on the rules' lists that the
   rules made no cue of (``learned-cues.v2``), and a verb of saying with no
   content clause reports its object or topic
   (:mod:`~factdesk.analyze.quotes.speech_fallbacks`).
2. A quoted segment belongs (:mod:`~factdesk.analyze.quotes.quote_cues`) to the cue whose content clause holds it (a mixed
   quote, or a direct quote the parser put under the verb; a verb of thinking
   inside reported speech hands it to the speech verb above); else to the
   nearest speech cue of its sentence, or of the sentence the parser started
   right after the closing mark ("“A,” he said, “B.”" gives both parts to
   "said", one quote); else to the clause before a colon; else to the verb
   right after a quote ending in a comma; else, when it opens a sentence (new
   in v8: not a quoted name inside the writer's sentence), to the paragraph's
   previous attribution (its content then runs on: "“A,” he said. “B.”" is one unit);
   else, when the paragraph opens with it, to the last direct speaker of the
   previous paragraph (a quote that continues).  A transcript line
   ("“PENCE: Well, ...") is the labelled speaker's, whatever the cues.
3. A subject the parser found inside the quote is replaced by the noun next
   to the cue verb.
4. A cue with a content clause and no quoted segment is an indirect quote.
5. The kind follows the share of the content inside quotation marks: at least
   all (but a leading "that") direct, some mixed, none indirect.
6. Fragments and scare quotes are kept but marked not worth listing on their
   own (:mod:`~factdesk.analyze.quotes.listing`; new in v4).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ...model import Quote, QuoteKind, Span, content_id
from .adjective_cues import find_adjective_cues
from .attitude_cues import find_attitude_cues
from .cues import Cue, find_cues
from .intent_cues import find_intent_cues
from .learned_cues import find_learned_cues
from .listing import is_listable
from .marks import Segment, quoted_segments
from .noun_cues import find_noun_cues
from ..parse.nlp import doc_text
from .quote_cues import (
    adjacent_subject,
    colon_introducer,
    colon_label,
    governing_cue,
    holding_cue,
    inside,
    nearest_speech_cue,
    reported_by,
    stands_alone,
    trailing_cue,
    transcript_label,
)
from ..speakers.resolve import Speaker, SpeakerResolver, noun_phrase
from .work_titles import is_work_title

if TYPE_CHECKING:
    from spacy.tokens import Token

    from ..parse.nlp import Parsed, Unit

__all__ = ["ANALYZER", "find_quotes", "rule_cues"]

ANALYZER = "quotes.rules.v9"  # v9: a thing "filed/written by X" speaks for X (claim26)
WORD = re.compile(r"\w+")
CLOSING_MARKS = "\u201d\"'\u2019"
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
            # A quote opening the next paragraph continues the last direct speaker.
            quoting = [a for a in spoken if a.segments]
            previous, previous_unit = (quoting or spoken)[-1], unit.index
    quotes = [q for a in attributions if (q := _quote(a, parsed, text, resolver)) is not None]
    quotes.sort(key=lambda q: (q.span.start, q.span.end))
    return tuple(quotes)


def _unit_attributions(unit: Unit, text: str, resolver: SpeakerResolver,
                       previous: _Attribution | None,
                       pending: _Attribution | None) -> list[_Attribution]:
    """The attributions of one paragraph (rules 1 to 4 of the module docstring)."""
    return _Paragraph(unit, text, resolver, previous, pending).attributions()


class _Paragraph:
    """One paragraph's attributions as they are found, in the order of the steps:
    a colon label; cues that stand alone (in text order, so a pronoun can point
    back to an earlier clause's speaker); each quoted segment given to its
    attribution; a cue ending the paragraph whose quote is the next paragraph."""

    def __init__(self, unit: Unit, text: str, resolver: SpeakerResolver,
                 previous: _Attribution | None, pending: _Attribution | None) -> None:
        self.unit, self.text, self.resolver = unit, text, resolver
        self.previous, self.pending = previous, pending
        self.segments = quoted_segments(doc_text(unit.doc), unit.offset)
        found = rule_cues(unit.doc)
        found += find_learned_cues(unit.doc, found)
        self.cues = [c for c in found if not inside(c.start + unit.offset, self.segments)]
        self.by_cue: dict[int, _Attribution] = {}
        self.out: list[_Attribution] = []
        self.last: _Attribution | None = None

    def attributions(self) -> list[_Attribution]:
        self._colon_label()
        for cue in self.cues:
            if cue.content is not None and stands_alone(cue):
                self._of(cue)
        for segment in self.segments:
            if self._is_quote(segment):
                self._place(segment)
        self._cue_before_next_paragraph()
        self.out.sort(key=lambda a: _extent(a)[0])
        return self.out

    def _new(self, speaker: Speaker | None, **fields) -> _Attribution:
        made = _Attribution(cue=None, unit=self.unit, speaker=speaker, **fields)
        self.out.append(made)
        return made

    def _of(self, cue: Cue) -> _Attribution:
        """The attribution of ``cue``, made on first use with its speaker resolved."""
        if cue.start not in self.by_cue:
            unit = self.unit
            subject = cue.subject
            if subject is not None and inside(subject.idx + unit.offset, self.segments):
                subject = adjacent_subject(cue.verb, self.segments, unit.offset)
            speaker = self.resolver.resolve(unit, subject) if subject is not None else None
            made = _Attribution(cue=cue, unit=unit, speaker=speaker,
                                content=_shift(cue.content, unit.offset))
            self.by_cue[cue.start] = made
            self.out.append(made)
        return self.by_cue[cue.start]

    def _colon_label(self) -> None:
        labelled = colon_label(self.unit, self.segments)
        if labelled is not None:
            # "Lynch: No outside influence on the probe".
            head, content = labelled
            self._new(self.resolver.resolve(self.unit, head),
                      content=_shift(content, self.unit.offset))

    def _is_quote(self, segment: Segment) -> bool:
        """A quoted segment with a word in it that is not the title of a work."""
        text = self.text
        return bool(WORD.search(text, segment.inner_start, segment.inner_end)) and not is_work_title(
            text, segment.start, segment.inner_start, segment.inner_end)

    def _cue_of(self, segment: Segment) -> tuple[Cue | None, Token | None]:
        """The cue a segment belongs to (rule 2, up to the verb after a trailing
        comma), or the name before a colon that introduces it."""
        cues, unit = self.cues, self.unit
        cue = (governing_cue(segment, cues, unit) or holding_cue(segment, cues, unit)
               or nearest_speech_cue(segment, cues, unit))
        if cue is not None:
            return reported_by(cue, cues) or cue, None
        cue, introducer = colon_introducer(segment, unit)
        if cue is None:
            cue = trailing_cue(segment, unit, self.segments)
        return cue, introducer

    def _place(self, segment: Segment) -> None:
        """Give a quoted segment to its attribution (rule 2's order of fallbacks)."""
        label = transcript_label(self.text, segment)
        if label is not None:
            # "“PENCE: Well, look ...": a transcript line names its speaker.
            target = self._new(label)
        else:
            target = self._target(segment)
            if target is None:
                return
        target.segments.append(segment)
        self.last = target

    def _target(self, segment: Segment) -> _Attribution | None:
        cue, introducer = self._cue_of(segment)
        opening = segment.start - self.unit.offset <= 1
        last, previous = self.last, self.previous
        if cue is None and introducer is not None:
            # "Bush: “...”" -- a name before a colon, no verb.
            return self._new(self.resolver.resolve(self.unit, introducer))
        if cue is not None:
            target = self._of(cue)
            if target.speaker is None:
                # "Adding, “...”": a cue without a subject keeps the last speaker.
                fallback = previous.speaker if previous is not None else None
                target.speaker = last.speaker if last is not None and last.speaker else fallback
            return target
        if opening and self.pending is not None:
            return self.pending
        if last is not None and last.speaker is not None \
                and _opens_sentence(self.text, segment.start, self.unit.offset):
            # "“A,” he said. “B.”": a later quote with no cue of its own goes on
            # the same attribution (PolNeAR's content runs from A to B); a quoted
            # phrase inside the writer's next sentence ("a group called “X”") does not.
            return last
        if previous is not None and opening:
            return self._new(previous.speaker)
        if not self.unit.doc.has_annotation("DEP"):
            # No dependency parse (a pipeline without a parser): the quote
            # marks still make a direct quote, with no speaker.
            return self._new(None)
        return None

    def _cue_before_next_paragraph(self) -> None:
        # "Stated Stone:" -- the quote is the next paragraph.
        if doc_text(self.unit.doc).rstrip().endswith((":", ",")) and self.cues:
            cue = self.cues[-1]
            if cue.speech and cue.subject is not None and cue.content is None \
                    and cue.start not in self.by_cue:
                self._of(cue)


def rule_cues(doc) -> list[Cue]:
    """The cues the rules find in one paragraph (rule 1), before the learned ones."""
    found = find_cues(doc) + find_noun_cues(doc) + find_attitude_cues(doc) \
        + find_adjective_cues(doc)
    found += find_intent_cues(doc, found)
    return [c for c in found if c.speech or c.verb.pos_ == "NOUN"
            or not _reported_within(c, found)]


def _reported_within(cue: Cue, cues: list[Cue]) -> bool:
    """Whether ``cue`` lies inside what another cue reports: "Holm said he
    wants a pier" is one attribution, the wanting part of what was said (a
    noun cue names its own source and stays: "rejected claims by X that ...")."""
    return any(other.content is not None and other.start != cue.start
               and other.content[0] <= cue.start < other.content[1] for other in cues)


def _opens_sentence(text: str, at: int, floor: int) -> bool:
    """Whether the quote mark at ``at`` opens a sentence: nothing but space before
    it back to ``floor`` (the paragraph start), or the end of a sentence (".",
    "?", "!", with or without a closing quote mark)."""
    i = at
    while i > floor and text[i - 1].isspace():
        i -= 1
    if i <= floor:
        return True
    if text[i - 1] in CLOSING_MARKS and i - 1 > floor:
        i -= 1
    return text[i - 1] in ".?!"


def _shift(rng: tuple[int, int] | None, offset: int) -> tuple[int, int] | None:
    return None if rng is None else (rng[0] + offset, rng[1] + offset)


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
    quoted = [Span(start=s.inner_start, end=s.inner_end, text=text[s.inner_start:s.inner_end])
              for s in a.segments]
    return Quote(
        id=content_id(parsed.article.id, str(start), str(end), ANALYZER),
        kind=kind, span=span, parts=parts,
        speaker=speaker.name if speaker else None,
        speaker_id=speaker.entity_id if speaker else None,
        speaker_span=speaker.span if speaker else None,
        cue=cue_span, cue_lemma=cue_lemma,
        addressee=addressee, addressee_span=addressee_span,
        listable=is_listable(kind, span, quoted, cue_lemma), analyzer=ANALYZER)


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
