"""Noun cues: attributions carried by a noun ("claims made by X that ...",
"his warning that ...", "the senator's comments that ...").

A noun of saying or thinking is a cue when a "that" clause follows it: either
the parser hangs the clause on the noun (``acl``/``ccomp`` with a "that"
mark), or the "that" comes right after the noun's own phrase ("claims made to
media by an official in Kabul earlier that day that Russia had ...", where the
parser often attaches the clause elsewhere).  The source is the agent ("by X"),
the possessor ("X's", "his"), or none: PolNeAR keeps such relations without a
source.

A few nouns are cues after "in" ("In a Gazette poll, Holm leads"; "in her
view, the plan is dead"): a poll or survey is the source itself, a view,
words or statement is its possessor's.  The content is the rest of the
sentence, as for "according to".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .cue_verbs import CUE_VERBS
from .clause_edges import clause_range
from .cues import Cue, beside_phrase

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["IN_NOUNS", "NOUNS", "find_noun_cues"]

NOUNS = frozenset("""
claim comment statement remark suggestion warning assertion allegation accusation
announcement argument promise pledge insistence prediction testimony admission
assurance contention declaration denial speculation rumor rumour report belief
view assessment notion concern fear hope threat vow charge complaint message
acknowledgment acknowledgement conclusion finding proposal recommendation
""".split())
CLAUSE_DEPS = ("acl", "ccomp", "relcl", "advcl")
# "In a poll, ...": the noun is the source.
IN_SOURCES = frozenset({"poll", "survey", "study"})
# "In his view, ...": the noun's possessor is the source.
IN_POSSESSED = frozenset({"view", "opinion", "word", "estimation", "judgment", "judgement",
                          "statement", "interview", "letter", "book", "tweet", "speech"})
IN_NOUNS = IN_SOURCES | IN_POSSESSED


def find_noun_cues(doc: Doc) -> list[Cue]:
    """Every noun cue of ``doc`` that has a "that" clause."""
    out = []
    for token in doc:
        if token.pos_ == "NOUN" and token.lemma_.lower() in NOUNS:
            cue = _noun_cue(token)
        elif token.pos_ == "NOUN" and token.lemma_.lower() in OBJECT_NOUNS:
            cue = _object_noun_cue(token)
        elif token.lower_ == "in" and token.dep_ == "prep":
            cue = _in_cue(token)
        else:
            continue
        if cue is not None:
            out.append(cue)
    return out


# Nouns of stance whose target follows a preposition or an infinitive, with the
# holder as possessor ("Holm's attack on the board", "the board's decision to
# close the pier"); kept where PolNeAR train/ agreed at least half the time.
OBJECT_NOUNS = frozenset({"attack", "decision", "criticism"})
OBJECT_PREPS = frozenset({"for", "of", "on", "against", "to", "about"})


def _object_noun_cue(noun: Token) -> Cue | None:
    holder = next((c for c in noun.children if c.dep_ == "poss"), None)
    if holder is None:
        return None
    target = None
    for child in noun.children:
        if child.i < noun.i:
            continue
        if child.dep_ == "prep" and child.lower_ in OBJECT_PREPS:
            target = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
        elif child.dep_ in ("acl", "relcl") and child.tag_ == "VB":
            target = child  # "decision to close the pier"
        if target is not None:
            break
    content = clause_range(target) if target is not None else None
    if content is None:
        return None
    return Cue(start=noun.idx, end=noun.idx + len(noun.text), lemma=noun.lemma_.lower(),
               verb=noun, subject=holder, addressee=None, content=content, speech=False)


def _in_cue(prep: Token) -> Cue | None:
    """"In a Gazette poll, ...", "in her view, ...": the rest of the sentence, unless
    the phrase hangs on a cue verb of its own ("said in a statement that")."""
    noun = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if noun is None or noun.lemma_.lower() not in IN_NOUNS:
        return None
    if prep.head.lemma_.lower() in CUE_VERBS or not _opens_sentence(prep, noun):
        return None
    if noun.lemma_.lower() in IN_SOURCES:
        source = noun
    else:
        source = next((c for c in noun.children if c.dep_ == "poss"), None)
        if source is None:
            return None
    content = beside_phrase(prep.doc, prep.sent, prep.idx,
                            noun.right_edge.idx + len(noun.right_edge.text))
    if content is None:
        return None
    return Cue(start=prep.idx, end=prep.idx + len(prep.text), lemma="in", verb=prep,
               subject=source, addressee=None, content=content, speech=False)


def _noun_cue(noun: Token) -> Cue | None:
    clause = _that_clause(noun)
    if clause is None:
        return None
    that, verb = clause
    content = clause_range(verb, start_at=that.i)
    if content is None:
        return None
    source, addressee = _source(noun)
    return Cue(start=noun.idx, end=noun.idx + len(noun.text), lemma=noun.lemma_.lower(),
               verb=noun, subject=source, addressee=addressee, content=content, speech=False)


def _opens_sentence(prep: Token, noun: Token) -> bool:
    """"In a poll, ..." / "But in her view, ...": the phrase opens its sentence
    and a comma closes it (elsewhere "in a poll" is mostly where, not who)."""
    doc = prep.doc
    after = noun.right_edge.i + 1
    first = prep.sent.start
    while first < prep.i and (doc[first].is_punct or doc[first].dep_ in ("cc", "advmod")):
        first += 1
    return first == prep.i and after < len(doc) and doc[after].text == ","


def _that_clause(noun: Token) -> tuple[Token, Token] | None:
    """("that", the clause's verb) for the clause the noun introduces."""
    # On the noun, or on its participle ("claims made ... that").
    holders = [noun, *(c for c in noun.children if c.dep_ == "acl" and c.tag_ == "VBN")]
    for holder in holders:
        for child in holder.children:
            if child.dep_ in CLAUSE_DEPS and child.i > noun.i and child is not holder:
                that = next((t for t in child.children
                             if t.dep_ == "mark" and t.lower_ == "that"), None)
                if that is not None:
                    return that, child
    doc = noun.doc
    after = noun.right_edge.i + 1
    if after < len(doc) and doc[after].lower_ == "that" and doc[after].dep_ in ("mark", "advmod") \
            and doc[after].head.pos_ in ("VERB", "AUX") and doc[after].head.i > after \
            and doc[after].sent.start == noun.sent.start:
        return doc[after], doc[after].head
    return None


def _source(noun: Token) -> tuple[Token | None, Token | None]:
    """(source, addressee): "by X" on the noun or on a participle ("made by X"),
    "X's"/"his" before it; "to Y" as the addressee."""
    source = addressee = None
    holders = [noun, *(c for c in noun.children if c.dep_ == "acl" and c.tag_ == "VBN")]
    for holder in holders:
        for child in holder.children:
            if child.dep_ in ("agent", "prep") and child.lower_ == "by" and source is None:
                source = next((c for c in child.children if c.dep_ == "pobj"), None)
            elif child.dep_ == "prep" and child.lower_ == "to" and addressee is None:
                addressee = next((c for c in child.children if c.dep_ == "pobj"), None)
    if source is None:
        source = next((c for c in noun.children if c.dep_ == "poss"), None)
    return source, addressee
