"""Descriptions that name someone the text names elsewhere.

* an apposed name: "said its operations director, Kwame Mensah" -- the
  description's head has a proper-noun apposition; the speaker is the name;
* a definite description of an organisation: "The company said", "the
  authority", "the trust" -- the nearest earlier organisation whose name holds
  the head noun ("the trust" -> "Tarne Rivers Trust"), else, for a generic
  head ("company", "firm", "group"), the most recent organisation that was the
  subject of a clause ("Ashdale Water said ...").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["GENERIC_ORG_NOUNS", "ORG_NOUNS", "apposed_name", "organisation_head"]

# Heads that name an organisation by its kind ("the authority said").
ORG_NOUNS = frozenset("""
company firm authority trust agency council department ministry committee board bank
organisation organization union party commission corporation institute association
foundation charity society university hospital service group operator utility regulator
""".split())
# Heads general enough to stand for whichever organisation the text is about.
GENERIC_ORG_NOUNS = frozenset({"company", "firm", "group", "corporation", "operator",
                               "utility", "organisation", "organization"})
DEFINITE = frozenset({"the", "this", "that"})


def apposed_name(token: Token) -> Token | None:
    """The proper-noun apposition of a common-noun head ("director, Kwame Mensah")."""
    if token.pos_ != "NOUN":
        return None
    for child in token.children:
        if child.dep_ == "appos" and child.pos_ == "PROPN" and child.i > token.i:
            return child
    return None


def organisation_head(token: Token) -> str | None:
    """The head noun of a definite description of an organisation ("The company"
    -> "company"), or None when ``token`` heads no such description."""
    if token.pos_ != "NOUN" or token.lemma_.lower() not in ORG_NOUNS:
        return None
    determiners = [c.lower_ for c in token.children if c.dep_ in ("det", "poss")]
    if not determiners or determiners[0] not in DEFINITE:
        return None
    if any(c.dep_ in ("compound", "amod") and c.pos_ == "PROPN" for c in token.children):
        return None  # "the Tarne company": a name of its own
    return token.lemma_.lower()
