"""Accusation frames: "accused X of doing Y", "blamed X for doing Y".

News reports most accusations in this frame rather than as a clause after
"said": the book "accuses Bob of treating the contractors like guards", the
report "accused the agency of trying to cover up the hacks".  The accused is
the agent of the gerund clause, and the proposition is that the accused did
it: a claim the accuser asserts.  Only a gerund counts ("blamed the storm for
the delay" names a cause, no deed of an agent), and a passive ("was accused
of") has no accuser in the frame, so it is left to the other finders.

In: a verb of a parsed sentence.  Out: ``(accused, gerund)`` tokens, or ``None``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["ACCUSATION_VERBS", "accusation"]

#: verb lemma -> the preposition that introduces the deed
ACCUSATION_VERBS = {"accuse": "of", "blame": "for", "fault": "for", "criticize": "for",
                    "criticise": "for", "condemn": "for", "suspect": "of"}


def accusation(verb: Token) -> tuple[Token, Token] | None:
    """``(accused, gerund)`` when ``verb`` accuses its object of a deed in a
    gerund clause, else ``None``."""
    prep = ACCUSATION_VERBS.get(verb.lemma_.lower())
    if prep is None or verb.pos_ != "VERB" or verb.tag_ == "VBN" and any(
            c.dep_ in ("auxpass", "nsubjpass") for c in verb.children):
        return None
    accused = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if accused is None or accused.pos_ not in ("NOUN", "PROPN", "PRON"):
        return None
    # the parser hangs "of doing" on the verb or on the accused ("accused another
    # reporter of misrepresenting herself")
    for child in (*verb.children, *accused.children):
        if child.dep_ != "prep" or child.lower_ != prep or child.i < accused.i:
            continue
        gerund = next((g for g in child.children
                       if g.dep_ in ("pcomp", "pobj") and g.tag_ == "VBG"), None)
        if gerund is not None:
            return accused, gerund
    return None
