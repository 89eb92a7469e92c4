"""Noun cues: attributions carried by a noun ("claims made by X that ...",
"his warning that ...", "the senator's comments that ...").

A noun of saying or thinking is a cue when a "that" clause follows it: either
the parser hangs the clause on the noun (``acl``/``ccomp`` with a "that"
mark), or the "that" comes right after the noun's own phrase ("claims made to
media by an official in Kabul earlier that day that Russia had ...", where the
parser often attaches the clause elsewhere).  The source is the agent ("by X"),
the possessor ("X's", "his"), or none: PolNeAR keeps such relations without a
source.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .cues import Cue, clause_range

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["NOUNS", "find_noun_cues"]

NOUNS = frozenset("""
claim comment statement remark suggestion warning assertion allegation accusation
announcement argument promise pledge insistence prediction testimony admission
assurance contention declaration denial speculation rumor rumour report belief
view assessment notion concern fear hope threat vow charge complaint message
acknowledgment acknowledgement conclusion finding proposal recommendation
""".split())
CLAUSE_DEPS = ("acl", "ccomp", "relcl", "advcl")


def find_noun_cues(doc: Doc) -> list[Cue]:
    """Every noun cue of ``doc`` that has a "that" clause."""
    out = []
    for token in doc:
        if token.pos_ == "NOUN" and token.lemma_.lower() in NOUNS:
            cue = _noun_cue(token)
            if cue is not None:
                out.append(cue)
    return out


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
