"""Fallbacks for a verb of saying the cue rules (:mod:`.cues`) left half-read:
the subject the parser missed ("About 4 in 10 say ...": the number hung on the
verb) and the content of a verb of saying with no clause of its own ("said yes",
"asked whether ...", "commented on the delay").  New in ``quotes.rules.v8``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .clause_edges import clause_range
from .cue_verbs import ADDRESSEE_VERBS, SPEECH_VERBS, SUBJECT_DEPS, lemma_of

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["loose_subject", "plain_complement"]

# Prepositions whose object is what a verb of saying is about ("commented on
# the delay", "railed against the tax", "asked for a recount").
TOPIC_PREPS = frozenset({"on", "about", "against", "for", "over"})


def plain_complement(verb: Token, lemma: str) -> tuple[int, int] | None:
    """What a verb of saying with a subject is about when no rule gave it content:
    its object ("said yes"), a question clause ("asked whether ..."), or the object
    of a topic preposition after it ("commented on the delay")."""
    if not any(c.dep_ in SUBJECT_DEPS for c in verb.children):
        return None
    for child in verb.rights:
        if child.dep_ in ("ccomp", "xcomp"):
            return clause_range(child)
        if child.dep_ == "advcl" and any(
                c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in child.children):
            return clause_range(child)
        if child.dep_ == "dobj" and lemma not in ADDRESSEE_VERBS:
            return clause_range(child)
        if child.dep_ == "prep" and child.lower_ in TOPIC_PREPS:
            obj = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
            if obj is not None:
                return clause_range(obj)
    return None


# Labels the parser gives a subject it did not recognise as one ("About 4 in 10
# say ...": "10" a number hung on "say").
LOOSE_SUBJECT_DEPS = frozenset({"nummod", "dep", "npadvmod", "nmod", "quantmod"})


def loose_subject(verb: Token) -> Token | None:
    """The subject the parser missed before a verb of saying that heads its
    sentence: the nearest noun or number hung on the verb before it, with nothing
    but its own words between ("About 4 in 10 say they want ...")."""
    if verb.dep_ not in ("ROOT", "dep") or lemma_of(verb) not in SPEECH_VERBS:
        return None
    before = [c for c in verb.lefts if c.dep_ in LOOSE_SUBJECT_DEPS
              and c.pos_ in ("NUM", "NOUN", "PROPN") and c.ent_type_ not in ("DATE", "TIME")]
    if not before or before[-1].right_edge.i != verb.i - 1:
        return None
    return before[-1]
