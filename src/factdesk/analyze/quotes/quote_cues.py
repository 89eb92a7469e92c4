"""Which cue a quoted segment belongs to: the rules of step 2 in :mod:`~factdesk.analyze.quotes.finder`.

Each function looks at one quoted segment of a paragraph (a :class:`Unit`) and
its cues from another side: the cue whose parse the quote hangs from, whose
content clause holds it, the nearest speech verb of its sentence, the clause
before a colon, the verb after a quote ending in a comma, or a transcript
label ("PENCE: ...") naming the speaker outright.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ...model import Span
from .cue_verbs import SEEM_VERBS
from .cues import Cue, subject_of
from .marks import Segment
from ..parse.nlp import doc_text
from ..speakers.people import PEOPLE_NOUNS
from ..speakers.resolve import Speaker

if TYPE_CHECKING:
    from spacy.tokens import Token

    from ..parse.nlp import Unit

__all__ = ["adjacent_subject", "colon_introducer", "colon_label", "governing_cue", "holding_cue", "inside",
           "nearest_speech_cue", "reported_by", "stands_alone", "trailing_cue",
           "transcript_label"]


TRANSCRIPT_LABEL = re.compile(r"([A-Z][A-Z'\u2019.-]+(?: [A-Z][A-Z'\u2019.-]+)?):\s")


def transcript_label(text: str, segment: Segment) -> Speaker | None:
    """The speaker label that opens a quoted transcript line ("PENCE: ...",
    "MR. SMITH: ..."): capital letters only, then a colon."""
    found = TRANSCRIPT_LABEL.match(text, segment.inner_start, segment.inner_end)
    if found is None or len(found.group(1)) < 3:
        return None
    start, end = found.span(1)
    span = Span(start=start, end=end, text=text[start:end])
    return Speaker(span=span, name=span.text.title())


# "Lynch: No outside influence on the probe": a short name before a colon opens
# a line that is that source's claim.  Labels of a news format are not sources.
LINE_LABEL = re.compile(r"([^:\n]{2,40}):\s+(?=\S)")
FORMAT_LABELS = frozenset("""
the latest|news guide|breaking|breaking news|update|updated|watch|video|photos|exclusive|live
|analysis|opinion|editorial|review|editor's note|editor’s note|note|correction|related|read more
|full text|abstract|transcript|timeline|q&a|fact check|here's the deal|listen|first take
""".replace("\n", "").split("|"))


LABEL_ENTITIES = ("PERSON", "ORG", "NORP", "GPE")
LABEL_NOUNS = PEOPLE_NOUNS | {"poll", "survey", "newspaper", "report", "study"}
WORDS = re.compile(r"[^\W\d_]+")


def colon_label(unit: Unit, segments: list[Segment]) -> tuple[Token, tuple[int, int]] | None:
    """(the source's head, the content range in the doc) of a line opened by a
    short name and a colon ("Trump: Cruz has a long way to go on ethanol"),
    when no double-quoted segment is in the line (those have their own rules)."""
    doc = unit.doc
    text = doc_text(doc)
    found = LINE_LABEL.match(text)
    if found is None or segments or found.group(1).strip().lower() in FORMAT_LABELS:
        return None
    label = doc.char_span(0, len(found.group(1).rstrip()), alignment_mode="expand")
    if label is None or not len(label) or len(label) > 6 \
            or any(t.pos_ in ("VERB", "AUX") for t in label):
        return None
    head = label.root
    if head.ent_type_ not in LABEL_ENTITIES and head.lemma_.lower() not in LABEL_NOUNS:
        return None
    end = len(text.rstrip())
    while end > found.end() and text[end - 1] in ".!?":
        end -= 1
    if len(WORDS.findall(text, found.end(), end)) < 3:
        return None  # "Clinton: 2,316", "Carson: A miracle"
    return head, (found.end(), end)


def stands_alone(cue: Cue) -> bool:
    """Whether a cue with content is an attribution of its own: it has a source,
    or is a noun ("claims that ..."), a verb of seeming or a passive ("it was
    reported that ..."), which need none."""
    return cue.subject is not None or cue.verb.pos_ == "NOUN" or cue.lemma in SEEM_VERBS \
        or cue.sourceless


def inside(position: int, segments: list[Segment]) -> bool:
    return any(s.inner_start <= position < s.inner_end for s in segments)


NOMINAL = ("PROPN", "NOUN", "PRON")


def adjacent_subject(verb: Token, segments: list[Segment], offset: int) -> Token | None:
    """When the parse took a word inside the quote for the subject: the noun
    right before the verb ("..., he said") or right after it ("..., said Smith")."""
    doc = verb.doc
    for i in (verb.i - 1, verb.i + 1, verb.i + 2):
        if 0 <= i < len(doc) and doc[i].pos_ in NOMINAL \
                and not inside(doc[i].idx + offset, segments):
            token = doc[i]
            while token.dep_ in ("compound", "poss") and token.head.i > token.i:
                token = token.head
            return token
    return None


def governing_cue(segment: Segment, cues: list[Cue], unit: Unit) -> Cue | None:
    """The nearest cue verb the quote's words hang from in the parse."""
    if not cues:
        return None
    doc = unit.doc
    span = doc.char_span(segment.inner_start - unit.offset, segment.inner_end - unit.offset,
                         alignment_mode="expand")
    if span is None or not len(span):
        return None
    verbs = {cue.verb.i: cue for cue in cues}
    found = [verbs[a.i] for a in span.root.ancestors if a.i in verbs]
    if not found:
        return None
    # "He said he believes his campaign has “the wind at its back”": a verb of
    # thinking inside reported speech hands the quote to the speech verb above.
    outer = next((c for c in found if c.speech), None)
    if not found[0].speech and outer is not None:
        return outer
    return _reporting_cue(found)


def _reporting_cue(found: list[Cue]) -> Cue:
    """Trump said Clinton once described the deal as “the gold standard”: a
    speech verb that is itself the reported clause of another speech verb
    hands the quote to the outer one, whose source the reporter names."""
    inner = found[0]
    for cue in found[1:]:
        if cue.verb.i == inner.verb.i:
            continue
        if inner.verb.dep_ != "ccomp" or inner.verb.head.i != cue.verb.i or not cue.speech \
                or cue.subject is None or inner.subject is None:
            break
        inner = cue
    return inner


def reported_by(cue: Cue, cues: list[Cue]) -> Cue | None:
    """“A,” Smith said, according to the Gazette: the whole report, quote and
    speech verb alike, is the content of "according to", whose source is the
    one the reporter names."""
    if cue.lemma == "according to":
        return None
    for outer in cues:
        if outer.lemma == "according to" and outer.content is not None \
                and outer.verb.sent.start == cue.verb.sent.start \
                and outer.content[0] <= cue.start < outer.content[1]:
            return outer
    return None


def colon_introducer(segment: Segment, unit: Unit) -> tuple[Cue | None, Token | None]:
    """A quote after a colon ("She then addressed them: “...”", "Continued
    Stone: “...”", "Bush: “...”"): the clause before the colon introduces it,
    whatever its verb.  Returns a cue built on that verb, or the bare noun."""
    doc = unit.doc
    at = segment.start - unit.offset
    before = doc_text(doc)[:at].rstrip()
    if not before.endswith(":"):
        return None, None
    colon = doc.char_span(len(before) - 1, len(before), alignment_mode="expand")
    if colon is None or not len(colon):
        return None, None
    head = colon[0].head
    sent = colon[0].sent
    if head.pos_ in ("VERB", "AUX") and head.i < colon[0].i:
        subject = subject_of(head)
        if subject is None or subject.i >= colon[0].i or subject.i < sent.start:
            return None, None
        cue = Cue(start=head.idx, end=head.idx + len(head.text), lemma=head.lemma_.lower(),
                  verb=head, subject=subject, addressee=None, content=None, speech=True)
        return cue, None
    if head.pos_ in ("PROPN", "NOUN") and head.i < colon[0].i and head.i - sent.start <= 4:
        return None, head
    return None, None


def trailing_cue(segment: Segment, unit: Unit, segments: list[Segment]) -> Cue | None:
    """“A,” an angry Hollande retaliated: a quote ending in a comma is followed
    by its attribution, whatever the verb; the verb with a subject right after."""
    doc = unit.doc
    inner = doc_text(doc)[segment.inner_start - unit.offset:segment.inner_end - unit.offset].rstrip()
    if not segment.closed or not inner.endswith(","):
        return None
    first = doc.char_span(segment.end - unit.offset, len(doc_text(doc)), alignment_mode="expand")
    if first is None or not len(first):
        return None
    start = first[0].i
    for token in doc[start:min(start + 6, len(doc))]:
        if token.is_punct or inside(token.idx + unit.offset, segments):
            return None
        if token.pos_ == "VERB":
            subject = subject_of(token)
            if subject is None or not start <= subject.i <= token.i + 3:
                return None
            return Cue(start=token.idx, end=token.idx + len(token.text),
                       lemma=token.lemma_.lower(), verb=token, subject=subject,
                       addressee=None, content=None, speech=True)
    return None


def holding_cue(segment: Segment, cues: list[Cue], unit: Unit) -> Cue | None:
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


def nearest_speech_cue(segment: Segment, cues: list[Cue], unit: Unit) -> Cue | None:
    doc = unit.doc
    first = doc.char_span(segment.start - unit.offset, segment.start - unit.offset + 1,
                          alignment_mode="expand")
    last = doc.char_span(max(segment.end - unit.offset - 1, 0), segment.end - unit.offset,
                         alignment_mode="expand")
    sents = set()
    for span in (first, last):
        if span is not None and len(span):
            sents.add(span[0].sent.start)
    # "“... AGAIN!” he tweeted": the parser may start a new sentence after the
    # closing mark; a cue opening the next sentence still belongs to the quote.
    after = None
    if last is not None and len(last) and last[-1].i + 1 < len(doc):
        following = doc[last[-1].i + 1]
        if following.sent.start == following.i:
            after = following.i
    best, best_distance = None, None
    for cue in cues:
        if not cue.speech:
            continue
        if cue.verb.sent.start not in sents and not (
                after is not None and cue.verb.sent.start == after
                and cue.verb.i - after <= 3):
            continue
        at = cue.start + unit.offset
        distance = segment.start - at if at < segment.start else at - segment.end
        if best_distance is None or distance < best_distance:
            best, best_distance = cue, distance
    return best
