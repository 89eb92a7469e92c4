"""Stances whose object points back: "denied the charge", "They are all false".

A denial is rarely spelled out with the proposition it denies.  This module
finds such anaphoric objects and ties each to the claim it refers to.

Finding (``object_anaphor``, ``counter_kind``):

* **claim nouns with a determiner** as the object of a stance verb: "denied
  the charge", "disputed these allegations", "declined to confirm the
  report" (a claim noun followed by its own "that" clause is no anaphor: the
  clause is the claim);
* **pronouns**: "denied it", "rejected that";
* **implicit accusations**: "denied wrongdoing", "denied any involvement":
  the accused is whoever takes the stance;
* **counter-statements**: "They are all false", "That is not true", "100
  percent fabricated", "It never happened", and "I did nothing wrong" (the
  speaker's innocence: an implicit accusation again).

Resolving (:func:`resolve`): every earlier mention of another source is a
candidate, scored by recency, the anaphor's noun against the candidate's cue
("the charge" / "charged", "the report" / "reported"), the accused as the
candidate's agent or patient, shared words and the candidate's
check-worthiness; the best one above ``MIN_SCORE`` wins.  A possessed claim
noun names whose words it means ("rejected Trump's remarks", "dismissed his
accusation"): only a mention that owner said, or whose agent the owner is,
can be its antecedent, and it may come later ("Netanyahu rejects Trump's
remarks" in a lead, the remarks quoted further down).  A pronoun looks only
a few sentences back, an implicit accusation needs the accused in the
candidate.  The resolved mention takes the antecedent's label and frame and
records ``refers_to``; an anaphor with nothing to refer to is dropped.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from ...model import ClaimMention, Stance

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["ANAPHOR_NOUNS", "IMPLICIT_NOUNS", "OWNED_NOUNS", "counter_kind", "object_anaphor",
           "resolve"]

ANAPHOR_NOUNS = frozenset("""charge allegation accusation claim report story assertion
    suggestion rumor rumour account characterization characterisation notion idea article
    reporting narrative contention theory speculation criticism attack smear assessment
    statement remark comment description version finding conclusion scene depiction
    portrayal portrait determination ruling verdict judgment judgement estimate explanation
    argument testimony prediction forecast interpretation""".split())
#: Nouns of a proposal or demand: anaphoric only with their owner in front
#: ("rejected Trump's offer", "condemned his proposal to ban ..."), whose
#: words they name; "rejected the offer" alone could be anyone's.
OWNED_NOUNS = frozenset("""offer proposal call plan promise pledge demand request threat
    vow""".split())
IMPLICIT_NOUNS = frozenset("""wrongdoing involvement link connection knowledge role
    responsibility impropriety guilt collusion coordination wrong misconduct""".split())
DETERMINERS = frozenset("""the this that these those such his her their its your my our
    any all both either""".split())
PRONOUNS = frozenset({"it", "this", "that", "them", "these", "those"})
DEMONSTRATIVES = frozenset({"this", "that", "these", "those"})
FALSE_WORDS = frozenset("""false untrue baseless unfounded groundless fabricated fabrication
    inaccurate misleading unsupported bogus fake ridiculous absurd nonsense lie lies fiction
    garbage smear hoax falsehood invented preposterous laughable wrong erroneous incorrect
    outrageous libelous defamatory mischaracterization distortion fabricate invent
    concoct""".split())
TRUE_WORDS = frozenset({"true", "accurate", "correct", "right", "real", "fair"})
HAPPEN_VERBS = frozenset({"happen", "occur", "exist", "take"})
#: noun of the anaphor -> cue lemmas of a mention it readily points back to
NOUN_CUES = {
    "charge": {"charge", "accuse", "allege", "claim"},
    "allegation": {"allege", "accuse", "charge", "claim", "allegation", "accusation"},
    "accusation": {"accuse", "allege", "charge", "claim"},
    "report": {"report", "say", "write", "reveal"},
    "story": {"report", "write", "say", "reveal"},
    "article": {"report", "write"},
    "claim": {"claim", "say", "assert", "allege", "insist", "suggest"},
    "suggestion": {"suggest", "imply", "hint"},
    "characterization": {"call", "describe", "characterize", "label"},
}
DISTANCE = 700          # characters at which recency has halved
PRONOUN_REACH = 500     # a pronoun looks back at most this far
MIN_SCORE = 0.9
#: A candidate that the possessor of "Trump's remarks" said is that much likelier.
OWNER_BONUS = 1.0
#: Per word the anaphoric phrase shares with a candidate beyond its noun, and the cap.
TOPIC_WEIGHT = 0.5
TOPIC_CAP = 1.0
WORD = re.compile(r"[a-z][a-z'-]+")
SMALL = frozenset("the a an of to in on and or that this it is was be he she they his her".split())


def object_anaphor(verb: Token) -> tuple[Token, str] | None:
    """``(token, kind)`` when the object of stance verb ``verb`` points back
    (kind ``noun``, ``pronoun`` or ``implicit``), else ``None``."""
    for child in verb.children:
        if child.dep_ != "dobj" or child.i < verb.i:
            continue
        lemma = child.lemma_.lower()
        if child.lower_ in PRONOUNS and child.pos_ in ("PRON", "DET"):
            return child, "pronoun"
        if lemma in IMPLICIT_NOUNS:
            return child, "implicit"
        if lemma in OWNED_NOUNS and child.pos_ == "NOUN" and any(
                c.dep_ == "poss" for c in child.children):
            return child, "noun"
        if lemma in ANAPHOR_NOUNS and child.pos_ in ("NOUN", "PROPN"):
            if _has_complement(child):
                return None
            if any(c.dep_ in ("det", "poss") and (c.lower_ in DETERMINERS or c.dep_ == "poss")
                   for c in child.children):
                return child, "noun"
            if child.tag_ in ("NNS", "NNPS") and lemma in ("allegation", "accusation", "charge"):
                return child, "implicit"  # "denied allegations": bare plural accusations
    return None


def _has_complement(noun: Token) -> bool:
    return any(c.dep_ in ("acl", "relcl", "ccomp") and c.pos_ in ("VERB", "AUX")
               and any(m.lower_ == "that" for m in c.children) for c in noun.children) or \
        any(c.dep_ == "prep" and c.lower_ in ("that",) for c in noun.children)


def counter_kind(head: Token, agent: Token | None,
                 participants: tuple[Token, ...] = ()) -> str | None:
    """``false``/``true``/``happen`` when the clause headed by ``head`` is a
    counter-statement about an anaphoric subject ("They are all false", "That
    is not true", "It never happened"), ``innocent`` for "I did nothing
    wrong"; else ``None``."""
    lemma = head.lemma_.lower()
    if agent is None:  # "That is not true": a demonstrative subject is no agent of its own
        agent = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if lemma == "do" and _nothing_wrong(head):
        return "innocent"
    if agent is None or not _points_back(agent):
        return None
    if lemma in HAPPEN_VERBS and (lemma != "take" or any(c.lower_ == "place"
                                                          for c in head.children)):
        return "happen"
    words = _predicate_words(head, participants)
    if lemma in FALSE_WORDS or head.lower_ in FALSE_WORDS or words & FALSE_WORDS:
        return "false"
    if lemma == "be" and words & TRUE_WORDS:
        return "true"
    return None


def _points_back(subject: Token) -> bool:
    """"they", "all", "this", "these claims", "the allegation": a subject that
    points back to something said before."""
    return (subject.lower_ in PRONOUNS | {"they", "all", "none", "both", "each", "neither"}
            or (subject.lemma_.lower() in ANAPHOR_NOUNS
                and any(c.lower_ in DETERMINERS or c.dep_ == "poss" for c in subject.children))
            or any(c.dep_ == "det" and c.lower_ in DEMONSTRATIVES for c in subject.children))


def _predicate_words(head: Token, participants: tuple[Token, ...]) -> set[str]:
    """Lemmas of what the clause says of its subject: complements, adverbs, the
    object, the content words of a complement and, for a small clause, its
    participants."""
    words = {t.lemma_.lower() for t in head.children
             if t.dep_ in ("acomp", "attr", "oprd", "advmod", "dobj")}
    words |= {t.lemma_.lower() for c in head.children if c.dep_ in ("acomp", "attr")
              for t in c.subtree if t.pos_ in ("ADJ", "NOUN", "VERB")}
    if head.pos_ in ("NOUN", "PROPN"):  # "called the report false": a small clause
        words |= {t.lemma_.lower() for p in participants for t in p.subtree}
    return words


def _nothing_wrong(head: Token) -> bool:
    """"did nothing wrong", "did not do anything wrong"."""
    for child in head.children:
        if child.dep_ == "dobj" and child.lower_ in ("nothing", "anything"):
            return any(c.lower_ in ("wrong", "illegal", "improper", "unethical")
                       for c in child.children) or any(
                c.lower_ in ("wrong", "illegal", "improper") for c in head.children)
    return False


_FLIP = {Stance.ASSERTS: Stance.DENIES, Stance.DENIES: Stance.ASSERTS,
         Stance.DOES_NOT_DENY: Stance.QUESTIONS}


def counter_stance(stance: Stance, kind: str) -> Stance:
    """The stance toward the antecedent of a source holding a counter-statement
    with ``stance``: saying "it is false" denies it, "it is not true" too
    (the negation is already in ``stance``), "I did nothing wrong" denies the
    accusation."""
    if kind in ("false", "innocent"):
        return _FLIP.get(stance, stance)
    return stance


Owner = tuple[str | None, str] | None


def resolve(anaphors: list[tuple[ClaimMention, str, str, Owner]],
            mentions: list[ClaimMention]) -> list[ClaimMention]:
    """The anaphoric mentions ``(mention, kind, noun, owner)`` that find their
    antecedent among ``mentions`` (text order), each pointing to it; ``owner``
    is ``(entity id, name)`` of a possessed noun's possessor, or ``None``."""
    out = []
    roots = {m.id: m for m in mentions}
    for mention, kind, noun, owner in anaphors:
        best, best_score = None, MIN_SCORE
        for cand in mentions:
            ahead = cand.span.start >= mention.span.start and cand.origin not in (
                "headline", "standfirst")
            if ahead and owner is None:  # only an owned noun may point ahead
                continue
            if owner is not None and not _owned_by(cand, owner):
                continue
            score = _score(mention, kind, noun, cand) + (OWNER_BONUS if owner else 0.0)
            if score > best_score:
                best, best_score = cand, score
        if best is None:
            continue
        while best.refers_to and best.refers_to in roots:
            best = roots[best.refers_to]
        out.append(dataclasses.replace(
            mention, refers_to=best.id, label=best.label, agent=best.agent,
            agent_id=best.agent_id, predicate=best.predicate, patient=best.patient,
            patient_id=best.patient_id, check_worthiness=max(best.check_worthiness,
                                                             mention.check_worthiness)))
    return out


def _score(mention: ClaimMention, kind: str, noun: str, cand: ClaimMention) -> float:
    if cand.refers_to or cand.span.start == mention.span.start:
        return 0.0
    same = (mention.source_id and mention.source_id == cand.source_id) or (
        mention.source and cand.source and mention.source.lower() == cand.source.lower())
    if same:
        return 0.0
    distance = max(0, mention.span.start - cand.span.end, cand.span.start - mention.span.end)
    if cand.origin in ("headline", "standfirst"):
        distance = min(distance, DISTANCE)
    if kind == "pronoun" and distance > PRONOUN_REACH:
        return 0.0
    score = 1.0 / (1.0 + distance / DISTANCE)
    accused = _accused(mention, cand)
    if kind in ("implicit", "innocent") and not accused:
        return 0.0
    if accused:
        score += 1.5
    if noun and cand.cue_lemma in NOUN_CUES.get(noun, {noun}):
        score += 0.6
    if cand.stance is not Stance.ASSERTS or cand.cue_lemma in ("accuse", "allege", "charge"):
        score += 0.2
    score += 0.5 * cand.check_worthiness
    cand_words = _words(cand.span.text)
    shared = _words(mention.evidence.text) & cand_words
    score += min(0.6, 0.15 * len(shared))
    # an anaphoric object's own modifiers name its topic ("remarks about Muslims");
    # a counter-statement's span is its whole clause ("... are false"), no topic
    if kind == "noun":
        score += min(TOPIC_CAP, TOPIC_WEIGHT * len(_topic_words(mention, noun) & cand_words))
    return score


def _topic_words(mention: ClaimMention, noun: str) -> set[str]:
    """Words of the anaphoric phrase beyond its noun and its possessor: what
    the charge or the remarks are about."""
    words = {w.removesuffix("'s").removesuffix("’s") for w in _words(mention.span.text)}
    return {w for w in words if not w.startswith(noun)} - DETERMINERS


def _owned_by(cand: ClaimMention, owner: tuple[str | None, str]) -> bool:
    """Whether ``cand`` is what ``owner`` said or did: the owner is its source
    or its agent, by entity id or by surname."""
    owner_id, name = owner
    if owner_id and owner_id in (cand.source_id, cand.agent_id):
        return True
    surname = name.split()[-1].lower() if name.split() else ""
    if len(surname) <= 2:
        return False
    return any(surname in (who or "").lower().split() for who in (cand.source, cand.agent))


def _accused(mention: ClaimMention, cand: ClaimMention) -> bool:
    who = mention.source_id
    if who and who in (cand.agent_id, cand.patient_id):
        return True
    name = (mention.source or "").split()
    return bool(name) and len(name[-1]) > 2 and name[-1].lower() in _words(cand.span.text)


def _words(text: str) -> set[str]:
    return {w for w in WORD.findall(text.lower()) if w not in SMALL}
