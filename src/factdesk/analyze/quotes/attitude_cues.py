"""Cues beyond verbs of saying: passives and verbs of stance toward an object.

* Passives of reporting, expecting and believing:
  "it was reported that the plant would close" (the "that" clause is the
  content), "The mayor is expected to resign" (the whole clause is: the
  expectation is held by nobody named).  The source is the agent ("by X") or
  none, as for a verb of seeming.
* Verbs of stance toward an object ("Olga Brandt condemned the ruling",
  "disputed the figures", "mocked his rival"): a cue when the subject is
  someone who can hold a stance (a person, an organisation, a people noun,
  a personal pronoun); the content is the verb's complements after it.

Each is measured on PolNeAR (``bench/quotes.py --task attribution``): a verb
of stance is listed when its attributions were mostly right on the ``train/``
compartment, and checked on the ``dev/`` compartment.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .clause_edges import clause_range, strip_final, trim
from .cues import Cue
from ..speakers.people import PEOPLE_NOUNS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["PASSIVE_VERBS", "STANCE_VERBS", "can_hold_stance", "find_attitude_cues"]

# "It was reported that ...", "X is expected to ...".
PASSIVE_VERBS = frozenset("""
report reveal announce expect believe think say rumor rumour project predict estimate
allege understand consider know suspect fear
""".split())

# Verbs whose object is the target of a stance the subject takes.
STANCE_VERBS = frozenset("""
dispute question condemn denounce decry mock challenge congratulate express
order attack compare offer discuss lay slam ridicule applaud hail seek talk issue view
recognize cast block voice encourage remember allow blast tout
""".split())

# Verbs whose passive with an agent ("was reported by X") is an attribution
# to the agent, of the subject.
AGENT_PASSIVE_VERBS = STANCE_VERBS | frozenset("""
report reveal announce mention confirm deny describe criticize criticise praise endorse
support back oppose reject accuse blame cite question dismiss nominate name
""".split())

AGENT_PRONOUNS = frozenset({"he", "she", "they", "we", "i", "you"})
AGENT_ENTITIES = ("PERSON", "ORG", "NORP", "GPE")
COMPLEMENT_DEPS = ("dobj", "ccomp", "xcomp", "prep", "dative", "acomp", "oprd", "attr")


def find_attitude_cues(doc: Doc) -> list[Cue]:
    """Every passive or stance cue of ``doc``, in text order."""
    out = []
    for token in doc:
        if token.pos_ != "VERB":
            continue
        lemma = token.lemma_.lower()
        cue = None
        if lemma in PASSIVE_VERBS:
            cue = _passive_cue(token, lemma)
        elif lemma in STANCE_VERBS:
            cue = _stance_cue(token, lemma)
        if cue is None and lemma in AGENT_PASSIVE_VERBS:
            cue = _agent_passive_cue(token, lemma)
        if cue is not None:
            out.append(cue)
    return out


def _passive_cue(verb: Token, lemma: str) -> Cue | None:
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if subject is None or not any(c.dep_ == "auxpass" for c in verb.children):
        return None
    agent = _agent(verb)
    if subject.lower_ == "it":
        # "It was reported that ...": the clause is the content.
        clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
        content = clause_range(clause) if clause is not None else None
    else:
        # "The mayor is expected to resign": the whole clause.
        clause = next((c for c in verb.children if c.dep_ == "xcomp"), None)
        if clause is None or subject.i > verb.i:
            return None
        content = strip_final(verb.doc, trim(
            verb.doc, subject.left_edge.idx, clause.right_edge.idx + len(clause.right_edge.text)))
    if content is None:
        return None
    return Cue(start=verb.idx, end=verb.idx + len(verb.text), lemma=lemma, verb=verb,
               subject=agent, addressee=None, content=content, speech=False, sourceless=True)


def _agent_passive_cue(verb: Token, lemma: str) -> Cue | None:
    """"The meeting was first reported by Politico", "Holm was endorsed by the
    union": the subject is what the agent reported, backed or attacked."""
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    agent = _agent(verb)
    if subject is None or agent is None or subject.i > verb.i or subject.lower_ == "it" \
            or not any(c.dep_ == "auxpass" for c in verb.children):
        return None
    content = clause_range(subject)
    if content is None:
        return None
    return Cue(start=verb.idx, end=verb.idx + len(verb.text), lemma=lemma, verb=verb,
               subject=agent, addressee=None, content=content, speech=False)


def _agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _stance_cue(verb: Token, lemma: str) -> Cue | None:
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if not can_hold_stance(subject):
        return None
    complements = [c for c in verb.children if c.dep_ in COMPLEMENT_DEPS and c.i > verb.i]
    if not complements:
        return None
    last = complements[-1].right_edge
    content = trim(verb.doc, complements[0].left_edge.idx, last.idx + len(last.text))
    if content is None:
        return None
    return Cue(start=verb.idx, end=verb.idx + len(verb.text), lemma=lemma, verb=verb,
               subject=subject, addressee=None, content=content, speech=False)


def can_hold_stance(token: Token | None) -> bool:
    """A person, organisation, people noun or personal pronoun."""
    if token is None:
        return False
    if token.lower_ in AGENT_PRONOUNS or token.ent_type_ in AGENT_ENTITIES:
        return True
    return token.pos_ == "NOUN" and token.lemma_.lower() in PEOPLE_NOUNS

