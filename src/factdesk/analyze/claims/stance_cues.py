"""Stance cues: which words say how a source stands on what it reports.

A claim is usually wrapped in a chain of stance-bearing words between the
source and the proposition: "he said [cue] he is not refuting [deny, negated]
reports [carrier] that Russia is providing weapons".  Each link has a kind;
:func:`compose` folds a chain, outermost first, into one :class:`Stance`.

* ``assert`` verbs pass the claim on as true ("said", "confirmed");
* ``hedge`` words weaken it ("suggest", "indicate");
* ``deny`` words reject it ("denied", "refute", "dismissed");
* ``believe`` words hold it as an opinion ("analysts believe");
* ``question`` words put it in doubt ("questioned", "doubts");
* ``refuse`` verbs negate the link inside them ("refuses to refute",
  "declined to deny");
* ``recall`` verbs vouch for what they recall, and "does not recall" is a
  non-denial;
* ``carrier`` nouns only hold the claim ("reports that", "claims that").
"""

from __future__ import annotations

from dataclasses import dataclass

from ...model import Stance

__all__ = ["CARRIER_NOUNS", "CLAIM_NOUNS", "MODAL_HEDGES", "Link", "compose", "link_kind", "noun_stance"]

_KINDS: dict[str, str] = {}
for _kind, _words in {
    "assert": """say tell claim state assert add insist report write note announce declare
        confirm argue warn accuse call describe explain maintain stress emphasize emphasise
        reiterate reaffirm allege testify reveal acknowledge admit concede charge contend
        according to tweet post label brand dub term characterize characterise show prove
        demonstrate find conclude""",
    "hedge": """suggest indicate imply hint signal speculate appear seem""",
    "deny": """deny refute dispute reject dismiss rebut contradict disavow debunk disprove
        contest repudiate""",
    "believe": """believe think suspect fear feel estimate expect assume guess reckon
        predict hope worry consider""",
    "question": """question doubt ask wonder query challenge""",
    "refuse": """refuse decline fail""",
    "recall": """recall remember""",
}.items():
    for _word in _words.split():
        _KINDS[_word] = _kind
_KINDS["according to"] = "assert"

# Nouns that only hold a claim ("reports that", "claims Moscow has ...").
CARRIER_NOUNS = frozenset("""
report claim allegation accusation suggestion rumor rumour assertion speculation
statement story account charge contention idea notion suspicion indication sign
""".split())

# Nouns that carry a stance of their own when they introduce a claim
# ("US suggestions that ...", "the denial that ...").
_NOUN_STANCE = {
    "suggestion": Stance.HEDGED, "indication": Stance.HEDGED, "sign": Stance.HEDGED,
    "hint": Stance.HEDGED, "speculation": Stance.HEDGED, "rumor": Stance.HEDGED,
    "rumour": Stance.HEDGED,
    "denial": Stance.DENIES, "rejection": Stance.DENIES,
    "belief": Stance.BELIEVES, "fear": Stance.BELIEVES, "suspicion": Stance.BELIEVES,
    "view": Stance.BELIEVES, "assessment": Stance.BELIEVES, "concern": Stance.BELIEVES,
    "hope": Stance.BELIEVES, "estimate": Stance.BELIEVES,
    "question": Stance.QUESTIONS, "doubt": Stance.QUESTIONS,
}

# Nouns that can introduce a claim of their own.
CLAIM_NOUNS = CARRIER_NOUNS | frozenset(_NOUN_STANCE) | frozenset({"comment", "warning"})

# Modal auxiliaries that hedge an asserted proposition.
MODAL_HEDGES = frozenset({"may", "might", "could", "possibly", "perhaps", "probably",
                          "likely", "allegedly", "reportedly", "apparently"})

#: Hedges about what is so (not what can be): negated, they still hedge ("she
#: might not win" doubts it), where a negated "could" denies ("he could not
#: have known").
EPISTEMIC_HEDGES = MODAL_HEDGES - {"could"}


@dataclass(frozen=True, slots=True)
class Link:
    """One stance-bearing word on the way from source to proposition."""

    lemma: str
    kind: str
    negated: bool = False


def link_kind(lemma: str) -> str | None:
    """The kind of a stance word, or ``None`` when it bears no stance."""
    return _KINDS.get(lemma.lower())


def noun_stance(lemma: str) -> Stance:
    """The stance a claim-introducing noun gives its source."""
    return _NOUN_STANCE.get(lemma.lower(), Stance.ASSERTS)


def compose(links: list[Link], *, negated: bool = False, modality: str | None = None,
            conditional: bool = False) -> Stance:
    """Fold a chain of links (outermost first) and the proposition's own polarity
    and modality into one stance toward the proposition read positively.

    Every combination has a defined result, stacked negations included: "did not
    deny that he had not ..." is ``does_not_deny`` of a negated proposition,
    which toward the positive claim is ``questions``.
    """
    stance = Stance.ASSERTS
    flip = False  # set by a refuse-verb: the next link is negated
    for link in links:
        neg = link.negated != flip
        flip = False
        kind = link.kind
        if kind == "refuse":  # "did not refuse to confirm" leaves the chain as it is
            flip = not neg
            continue
        if kind == "deny":
            stance = Stance.DOES_NOT_DENY if neg else Stance.DENIES
        elif kind == "assert":
            if neg:
                stance = Stance.QUESTIONS
        elif kind == "hedge":
            stance = Stance.QUESTIONS if neg else Stance.HEDGED
        elif kind == "believe":
            stance = Stance.DENIES if neg else Stance.BELIEVES
        elif kind == "question":
            stance = Stance.DOES_NOT_DENY if neg else Stance.QUESTIONS
        elif kind == "recall" and neg:
            stance = Stance.DOES_NOT_DENY
    if flip:  # "refused to [say]" with nothing after it: no stance taken
        stance = Stance.QUESTIONS
    if negated and stance is Stance.ASSERTS and modality in EPISTEMIC_HEDGES:
        return Stance.HEDGED  # "might not have won": doubt, not a denial
    if negated:
        stance = _NEGATED.get(stance, stance)
    if conditional and stance is Stance.ASSERTS:
        return Stance.CONDITIONAL
    if modality and stance is Stance.ASSERTS:
        return Stance.HEDGED
    return stance


# Toward the positive reading of a proposition that is itself negated.
_NEGATED = {
    Stance.ASSERTS: Stance.DENIES,
    Stance.DENIES: Stance.ASSERTS,
    Stance.DOES_NOT_DENY: Stance.QUESTIONS,
}
