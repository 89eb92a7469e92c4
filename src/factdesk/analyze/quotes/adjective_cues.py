"""Adjective cues: a stance told with "be" and an adjective ("Holm is confident
that the pier will open", "the union is critical of the plan", "voters are
tired of the delays", "she is eager to run").

The adjective is a cue when it is the complement of its clause's verb ("is",
"feels", "remains") and takes a "that" clause, an infinitive or a preposition;
what follows is the content, the clause's subject the source (someone, not a
thing: :func:`~.intent_cues.counts_people`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .clause_edges import clause_range
from .cues import Cue
from .intent_cues import counts_people

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["STANCE_ADJECTIVES", "find_adjective_cues"]

# Adjectives of certainty, hope, fear, approval and will.
STANCE_ADJECTIVES = frozenset("""
confident sure certain convinced optimistic pessimistic hopeful doubtful skeptical sceptical
critical supportive opposed worried concerned afraid fearful wary aware eager keen determined
willing reluctant unwilling happy glad pleased proud angry upset furious frustrated
disappointed unhappy appreciative grateful tired upbeat enthusiastic comfortable
uncomfortable adamant insistent split divided
""".split())
CONTENT_PREPS = frozenset({"of", "about", "on", "with", "over", "toward", "towards", "for"})


def find_adjective_cues(doc: Doc) -> list[Cue]:
    """Every adjective cue of ``doc``, in text order."""
    out = []
    for token in doc:
        if token.pos_ != "ADJ" or token.dep_ != "acomp" \
                or token.lower_ not in STANCE_ADJECTIVES:
            continue
        subject = next((c for c in token.head.children if c.dep_ == "nsubj"), None)
        content = _content(token)
        if subject is None or content is None or not counts_people(subject):
            continue
        out.append(Cue(start=token.idx, end=token.idx + len(token.text),
                       lemma=token.lower_, verb=token, subject=subject, addressee=None,
                       content=content, speech=False))
    return out


def _content(adjective: Token) -> tuple[int, int] | None:
    for child in adjective.children:
        if child.i < adjective.i:
            continue
        if child.dep_ in ("ccomp", "xcomp"):
            return clause_range(child)
        if child.dep_ == "prep" and child.lower_ in CONTENT_PREPS:
            obj = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
            if obj is not None:
                return clause_range(obj)
    return None
