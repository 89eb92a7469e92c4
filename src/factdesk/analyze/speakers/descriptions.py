"""Descriptions that name someone the text names elsewhere.

* an apposed name: "said its operations director, Kwame Mensah" -- the
  description's head has a proper-noun apposition; the speaker is the name;
  so does a naming participle: "the base chief known as Bob";
* a thing that says something ("a new ad ... It called"): an "it" after it
  is the thing, never a person or organisation (:func:`thing_noun`);
* a correction notice or a thread (``NOT_AGENTS``) is no source at all;
* a definite description of an organisation: "The company said", "the
  authority", "the trust" -- the nearest earlier organisation whose name holds
  the head noun ("the trust" -> "Tarne Rivers Trust"), else, for a generic
  head ("company", "firm", "group"), the most recent organisation that was the
  subject of a clause ("Ashdale Water said ...").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["GENERIC_ORG_NOUNS", "NOT_AGENTS", "ORG_NOUNS", "THING_NOUNS", "apposed_name", "organisation_head",
           "thing_author", "thing_noun"]

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
# Participles that introduce a description's name ("known as Bob").
NAMING_VERBS = frozenset({"know", "identify", "name", "call", "dub"})
# Things that "say" without being agents: an "it" after one of them is the thing
# ("The campaign released an ad. It called ..."), never a person or organisation.
THING_NOUNS = frozenset("""
ad advert advertisement commercial spot video clip report book film movie documentary letter
memo email e-mail article story poll survey study analysis document tweet post message website
column editorial review filing lawsuit indictment bill measure proposal ruling verdict motion
transcript recording footage photo image list chart map dossier
""".split())
# Sources that are no agents at all: a correction notice, a thread of comments.
NOT_AGENTS = re.compile(r"\b(earlier version|correction|editor'?s note|clarification|thread)\b",
                        re.I)
THING_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "attr", "appos", "conj"})


def apposed_name(token: Token) -> Token | None:
    """The proper-noun apposition of a common-noun head ("director, Kwame
    Mensah"), or the name it is introduced by ("the base chief known as Bob",
    "a man identified as Ivo Marsh", "an aide named Pia Brandt")."""
    if token.pos_ != "NOUN":
        return None
    for child in token.children:
        if child.dep_ == "appos" and child.pos_ == "PROPN" and child.i > token.i:
            return child
    for child in token.children:
        if child.dep_ != "acl" or child.i < token.i or child.lemma_.lower() not in NAMING_VERBS:
            continue
        for grand in child.children:
            if grand.dep_ in ("oprd", "dobj", "attr") and grand.pos_ == "PROPN":
                return grand
            if grand.dep_ == "prep" and grand.lower_ == "as":
                name = next((c for c in grand.children if c.dep_ == "pobj"), None)
                if name is not None and name.pos_ == "PROPN":
                    return name
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


def thing_noun(token: Token) -> bool:
    """Whether ``token`` heads a noun phrase for a thing that can "say" something
    ("a new ad", "the report") in a position an "it" can point back to."""
    return (token.pos_ == "NOUN" and token.lemma_.lower() in THING_NOUNS
            and token.dep_ in THING_DEPS)


def thing_author(token: Token) -> Token | None:
    """Who a thing noun says is by: "a court document filed by state attorney
    X", "a memo written by X" -- the thing only carries the words, as in "X
    released a video that says" (:mod:`.relatives`), so X is the source."""
    if token.pos_ != "NOUN" or token.lemma_.lower() not in THING_NOUNS:
        return None
    for participle in token.children:
        if participle.dep_ != "acl" or participle.tag_ != "VBN":
            continue
        for agent in participle.children:
            if agent.dep_ == "agent":
                return next((c for c in agent.children if c.dep_ == "pobj"), None)
    return None
