"""Claim frames: the relation a claim mention states, in words that match across
wording and outlets.

* predicate classes: verbs that state the same relation ("arm", "provide",
  "supply", "step up assistance" are all *supply*);
* noun classes ("weapons" and "rifles" are *ARMS*; a named group is *GROUP*);
* a mention's agent (an entity id or its normalised name, and whether it was
  borrowed from the speaker) and its ``agent|relation|patient`` frame key;
* content words: lower-cased, stop words out, plurals and possessives folded.

In: one :class:`~factdesk.model.ClaimMention`.  Out: strings and word sets that
:mod:`~factdesk.analyze.corpus.clusters` turns into link keys and features.
"""

from __future__ import annotations

import re

from ...model import ClaimMention

__all__ = ["NOUN_CLASSES", "PREDICATE_CLASSES", "STOP", "content_words", "frame_key",
           "normal_words", "noun_classes_of", "predicate_class", "proposition_agent"]

# Predicate classes: verbs that state the same relation.
_CLASSES = {
    "supply": """arm provide supply give send deliver funnel ship fund finance equip sell
        transfer assist aid help support back furnish channel smuggle""",
    "attack": """attack strike bomb shell raid target kill shoot assault hit invade""",
    "meet": """meet talk negotiate discuss""",
    "accuse": """accuse blame charge""",
}
PREDICATE_CLASSES = {w: c for c, ws in _CLASSES.items() for w in ws.split()}
# Light verbs that take their relation from their object ("stepped up its assistance").
LIGHT_VERBS = frozenset("""step increase boost offer extend expand ramp intensify
    provide give send continue resume stop halt cut""".split())
# Nouns normalised to one word class.
_NOUN_CLASSES = {
    "ARMS": "weapon weaponry arm gun rifle missile ammunition munition",
    "AID": "aid assistance funding fund money support help supply finance",
    "GROUP": """militant insurgent fighter rebel belligerent extremist jihadist guerrilla
        gunman terrorist""",
}
NOUN_CLASSES = {w: c for c, ws in _NOUN_CLASSES.items() for w in ws.split()}
SUPPLY_NOUNS = frozenset({"ARMS", "AID"})
STOP = frozenset("""a an the of to in on at for with by from and or but that this these those
    its it his her their our your my is are was were be been being has have had do does did
    will would could should may might can must not no any some all more most other such than
    over under into about as which who whom whose what when where while last first new also
    very so up out there here yet he she they we you i him them us me mr mrs ms dr only even
    just still now many much""".split())
WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")


def predicate_class(mention: ClaimMention) -> str:
    """The relation a mention states ("supply" for "arm", "provide", "step up aid")."""
    verb, _, particle = mention.predicate.partition(" ")
    if verb in PREDICATE_CLASSES:
        return PREDICATE_CLASSES[verb]
    if verb in LIGHT_VERBS and SUPPLY_NOUNS & noun_classes_of(mention):
        return "supply"
    if not any(c.isalpha() for c in mention.predicate):
        return "-"  # junk predicates ("’") say nothing about the relation
    return mention.predicate


def proposition_agent(mention: ClaimMention) -> tuple[str | None, bool]:
    """The proposition's agent (entity id or normalised name) and whether it was
    *borrowed* from the speaker: "I would call for calm" has whoever the speaker
    was resolved to (a name in one outlet, "the governor" in another), and so
    does "Norland denied supplying arms".  A borrowed agent still makes frames,
    but is never part of a claim's key and never keeps two mentions apart."""
    agent = mention.agent_id or normal_words(mention.agent)
    if agent is None:
        return None, False
    borrowed = (mention.agent == mention.source and mention.agent_id == mention.source_id
                and not content_words(mention.agent or "") <= content_words(mention.span.text))
    return agent, borrowed


def frame_key(mention: ClaimMention) -> str:
    """``agent|relation|patient`` for a mention, with entity ids where known (never the
    speaker: an agent borrowed from the speaker is ``-``)."""
    agent, borrowed = proposition_agent(mention)
    agent = "-" if borrowed or agent is None else agent
    patient = mention.patient_id or normal_words(mention.patient) or "-"
    relation = predicate_class(mention)
    if agent == relation == patient == "-":  # no frame (a headline phrase): its words
        patient = " ".join(sorted(content_words(mention.span.text))[:4]) or "-"
    return f"{agent}|{relation}|{patient}"


def noun_classes_of(mention: ClaimMention) -> set[str]:
    return {NOUN_CLASSES[w] for w in content_words(mention.span.text) if w in NOUN_CLASSES}


def content_words(text: str) -> frozenset[str]:
    return frozenset(_stem(w) for w in WORD.findall(text.lower()) if w not in STOP)


def _stem(word: str) -> str:
    word = word.removesuffix("'s").removesuffix("’s")
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def normal_words(text: str | None) -> str | None:
    if not text:
        return None
    words = sorted(content_words(text))
    return " ".join(words) or None
