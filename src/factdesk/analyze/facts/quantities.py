"""Facts: quantities, what they count, and the place and date of their event.

A quantity is a number in the text that is not a date ("More than 140", "around
9,800", "18 months").  Its count is the noun it modifies with that noun's own
modifiers ("Afghan troops"), plus the verb when the noun is what the event
happened to ("Afghan troops killed"); a measure of time ("18 months") counts
the event it spans ("Russia had stepped up its assistance to insurgents").
The place is a place name inside the event's clause ("in Balkh province"), the
date a resolved date inside it ("last week").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ...model import DateMention, EntityType, Fact, Span
from ..entities.index import EntityIndex
from ..parse.nlp import Parsed, Unit

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["ANALYZER", "find_facts"]

ANALYZER = "facts.rules.v1"
QUALIFIERS = [
    ("more_than", ("more than", "over", "above", "upwards of", "in excess of", "greater than")),
    ("at_least", ("at least", "no fewer than", "no less than", "a minimum of")),
    ("less_than", ("less than", "fewer than", "under", "below")),
    ("up_to", ("up to", "as many as", "as much as", "at most", "no more than")),
    ("about", ("around", "about", "approximately", "roughly", "some", "nearly", "almost",
               "close to", "an estimated", "estimated", "circa", "around about")),
]
SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
WORD_NUMBERS = {w: float(i) for i, w in enumerate(
    """zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty""".split())}
WORD_NUMBERS |= {"thirty": 30.0, "forty": 40.0, "fifty": 50.0, "sixty": 60.0, "seventy": 70.0,
                 "eighty": 80.0, "ninety": 90.0, "dozen": 12.0, "dozens": 24.0}
TIME_UNITS = frozenset({"second", "minute", "hour", "day", "week", "month", "year", "decade",
                        "century"})
MEASURE_UNITS = TIME_UNITS | frozenset({"percent", "per", "cent", "%", "km", "kilometre",
                                        "kilometer", "mile", "metre", "meter", "kg", "ton",
                                        "tonne", "dollar", "pound", "euro", "barrel"})
PLACE_TYPES = frozenset({EntityType.GPE, EntityType.LOC, EntityType.FAC})
PLACE_PREPS = frozenset({"in", "at", "near", "across", "inside", "throughout", "outside", "into",
                         "around", "on"})
NUMBER = re.compile(r"^\d[\d,]*(?:\.\d+)?$")
YEAR = re.compile(r"^(1[5-9]|20)\d\d$")


def find_facts(parsed: Parsed, index: EntityIndex,
               dates: tuple[DateMention, ...]) -> tuple[Fact, ...]:
    """Every counted quantity of the article, in text order."""
    out = []
    for unit in parsed.units:
        in_dates = {t.i for e in unit.doc.ents if e.label_ in ("DATE", "TIME", "ORDINAL")
                    for t in e}
        durations = {t.i for e in unit.doc.ents if e.label_ == "DATE" for t in e
                     if t.head.lemma_.lower() in TIME_UNITS and t.like_num}
        for token in unit.doc:
            if not _is_number(token) or (token.i in in_dates and token.i not in durations):
                continue
            if token.i + 1 < len(unit.doc) and _is_number(unit.doc[token.i + 1]):
                continue  # "9 million": the last word of a number stands for it
            fact = _fact(parsed, unit, token, index, dates)
            if fact is not None:
                out.append(fact)
    return tuple(out)


def _is_number(token: Token) -> bool:
    lower = token.lower_
    if NUMBER.match(lower):
        return not (YEAR.match(lower) and token.ent_type_ in ("DATE", ""))
    if lower in WORD_NUMBERS:  # "one" is a number only when it counts something
        return token.dep_ in ("nummod", "compound", "quantmod") or _is_scale(token, 1)
    if lower in SCALES:  # "a thousand troops", "9 million", not "a few more thousand"
        prev = token.doc[token.i - 1] if token.i > 0 else None
        return prev is not None and (NUMBER.match(prev.lower_) is not None
                                     or prev.lower_ in WORD_NUMBERS or prev.lower_ == "a")
    return False


def _is_scale(token: Token, step: int) -> bool:
    i = token.i + step
    return 0 <= i < len(token.doc) and token.doc[i].lower_ in SCALES


def _fact(parsed: Parsed, unit: Unit, token: Token, index: EntityIndex,
          dates: tuple[DateMention, ...]) -> Fact | None:
    text = parsed.article.text
    first = token
    while first.i > 0 and _is_number(first.doc[first.i - 1]):
        first = first.doc[first.i - 1]
    value = _value(first, token)
    if value is None:
        return None
    qualifier, qual_start = _qualifier(first)
    noun = token.head if token.dep_ in ("nummod", "quantmod", "compound", "amod") else None
    unit_word = None
    counts = counts_span = None
    verb = _governing_verb(token)
    if noun is not None and noun.pos_ in ("NOUN", "PROPN") and noun.i > token.i:
        if noun.lemma_.lower() in MEASURE_UNITS:
            unit_word = noun.text
            if noun.lemma_.lower() in TIME_UNITS and verb is not None:
                counts_span = _event_core(unit, verb, token, text)
                counts = counts_span.text if counts_span else None
        else:
            counts_span, counts = _counted(unit, noun, text)
    elif token.dep_ in ("nsubj", "nsubjpass", "dobj"):  # "a few more thousand were ..."
        counts = None
    start = qual_start if qual_start is not None else first.idx
    last = noun if unit_word is not None and noun is not None else token
    span = unit.span(start, last.idx + len(last.text), text)
    event = _clause(unit, verb, text) if verb is not None else None
    place, place_id, place_span = _place(unit, verb, noun, index, text)
    date = _date_in(event, dates) if event is not None else None
    return Fact(span=span, value=value, qualifier=qualifier, unit=unit_word, counts=counts,
                counts_span=counts_span, event=event, place=place, place_id=place_id,
                place_span=place_span, date=date, analyzer=ANALYZER)


def _value(first: Token, last: Token) -> float | None:
    words = [t.lower_ for t in first.doc[first.i:last.i + 1]]
    total = None
    for word in words:
        if NUMBER.match(word):
            total = float(word.replace(",", ""))
        elif word in WORD_NUMBERS:
            total = WORD_NUMBERS[word] if total is None else total + WORD_NUMBERS[word]
        elif word in SCALES:
            total = SCALES[word] if total is None else total * SCALES[word]
    if total is not None and words[0] in SCALES and first.i > 0 and \
            first.doc[first.i - 1].lower_ in ("few", "several"):
        return None  # "a few thousand": no number to count with
    return total


def _qualifier(first: Token) -> tuple[str, int | None]:
    doc = first.doc
    before = doc[max(0, first.i - 4):first.i]
    words = " ".join(t.lower_ for t in before)
    for name, phrases in QUALIFIERS:
        for phrase in phrases:
            if words == phrase or words.endswith(" " + phrase):
                n = len(phrase.split())
                return name, doc[first.i - n].idx
    return "exact", None


def _governing_verb(token: Token) -> Token | None:
    current = token
    for _ in range(8):
        if current.pos_ in ("VERB", "AUX") and current.i != token.i:
            return current
        if current.head.i == current.i:
            return None
        current = current.head
    return None


def _counted(unit: Unit, noun: Token, text: str) -> tuple[Span | None, str | None]:
    mods = [t for t in noun.children if t.dep_ in ("amod", "compound", "nmod") and t.i < noun.i]
    start = min([noun.idx] + [m.left_edge.idx for m in mods])
    span = unit.span(start, noun.idx + len(noun.text), text)
    words = span.text
    if noun.dep_ in ("nsubjpass",) or (noun.dep_ == "nsubj" and not any(
            c.dep_ in ("dobj", "attr", "acomp") for c in noun.head.children)):
        if noun.head.pos_ == "VERB":
            words = f"{words} {noun.head.text}"
    return span, words


def _event_core(unit: Unit, verb: Token, number: Token, text: str) -> Span | None:
    """Subject, verb, particle and object of the event a period spans (without
    the period's own phrase)."""
    phrase = number
    while phrase.dep_ != "prep" and phrase.head.i not in (phrase.i, verb.i):
        phrase = phrase.head
    own = {t.i for t in phrase.subtree}
    keep = [verb]
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "prt", "dobj", "neg"):
            keep.extend(child.subtree)
        elif child.dep_ in ("prep", "dative") and child.lower_ in ("to", "with") and \
                child.i > verb.i:
            keep.extend(child.subtree)
    keep = sorted((t for t in keep if t.i not in own), key=lambda t: t.i)
    run = [keep[0]]
    for t in keep[1:]:
        if t.i != run[-1].i + 1:
            break
        run.append(t)
    if verb not in run:
        run = [t for t in keep if t.i >= verb.i]
    return unit.span(run[0].idx, run[-1].idx + len(run[-1].text), text)


def _clause(unit: Unit, verb: Token, text: str) -> Span:
    sent = verb.sent
    tokens = sorted((t for t in verb.subtree if sent.start <= t.i < sent.end), key=lambda t: t.i)
    while tokens and tokens[-1].is_punct:
        tokens.pop()
    return unit.span(tokens[0].idx, tokens[-1].idx + len(tokens[-1].text), text)


def _place(unit: Unit, verb: Token | None, noun: Token | None, index: EntityIndex,
           text: str) -> tuple[str | None, str | None, Span | None]:
    scopes = [t for t in (noun, verb) if t is not None]
    for scope in scopes:
        for t in scope.subtree:
            if t.ent_type_ not in ("GPE", "LOC", "FAC") or not _in_place_phrase(t):
                continue
            position = t.idx + unit.offset
            entity = index.at(position, position + len(t.text))
            if entity is not None and entity.kind in PLACE_TYPES:
                return entity.name, entity.id, unit.span(t.idx, t.idx + len(t.text), text)
    return None, None, None


def _in_place_phrase(token: Token) -> bool:
    """"in Balkh province", "at the base in Kabul": a place named after a preposition."""
    head = token.head if token.dep_ == "compound" else token
    return head.dep_ == "pobj" and head.head.lower_ in PLACE_PREPS


def _date_in(event: Span, dates: tuple[DateMention, ...]) -> DateMention | None:
    for mention in dates:
        if event.start <= mention.span.start and mention.span.end <= event.end \
                and mention.granularity != "duration":
            return mention
    return None
