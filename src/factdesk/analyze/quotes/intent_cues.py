"""Cues of wanting, backing, judging and showing: attributions with no verb of
saying, as news reports carry a source's aims and positions.

* Verbs of wanting and intending ("Holm wants to rebuild the pier", "the board
  hopes to reopen by May", "she expected him to resign", "voters want lower
  fares"): the infinitive, with the object before it, or the object alone.
* Verbs of backing or opposing someone or something ("Brandt endorsed Holm",
  "the union opposes the plan", "most voters would vote for Holm"): the object,
  without the time and place phrases after it (they are the reporter's).
* Verbs of judging something as something ("she sees the pier as a waste",
  "the board regards the ferry as essential"): the object and its "as" phrase.
* Verbs of showing with a record as subject ("a poll shows Holm leading",
  "the audit found errors in the accounts"): a poll, survey, study or record
  is its own source, and what it shows is the object with its complements.

Each family needs a subject (the source): without one the verb is too often
the reporter's own narration.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .cue_verbs import SUBJECT_DEPS, lemma_of
from .attitude_cues import can_hold_stance
from .clause_edges import trim
from .cues import Cue, subject_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["BACKING_VERBS", "JUDGING_VERBS", "SHOWING_VERBS", "WANTING_VERBS", "counts_people",
           "find_intent_cues"]

# Wanting, hoping, intending, expecting: the infinitive or object is the aim.
WANTING_VERBS = frozenset("""
want hope wish expect intend plan aim seek prefer
""".split())

# Backing or opposing: the object is the one backed or opposed.
BACKING_VERBS = frozenset("""
support back endorse oppose favor favour embrace champion
""".split())
# Backing through a preposition: "vote for Holm", "side with the union".
BACKING_PREPS = {"vote": ("for", "against"), "side": ("with", "against"),
                 "campaign": ("for", "against"), "argue": ("for", "against")}

# Judging: the object and the "as" phrase ("sees the plan as a mistake").
JUDGING_VERBS = frozenset({"see", "view", "regard", "consider", "portray", "paint", "cast"})

# Showing, when the subject is a record: "the poll shows ...", "records show ...".
SHOWING_VERBS = frozenset({"show", "find", "suggest", "indicate", "reveal"})
RECORD_NOUNS = frozenset("""
poll survey study report record data figure number analysis research result
document filing audit review investigation tally count census estimate
""".split())


def find_intent_cues(doc: Doc, others: Sequence[Cue] = ()) -> list[Cue]:
    """Every cue of the four families in ``doc``.  A verb that is a cue of
    another kind already is skipped, and so is one inside what another cue
    reports ("Holm said he wants a new pier": the wanting is part of what he
    said, not an attribution of its own)."""
    taken = {c.start for c in others}
    reported = [c.content for c in others if c.content is not None]
    out = []
    for token in doc:
        if token.pos_ != "VERB" or token.idx in taken or _passive(token) \
                or any(start <= token.idx < end for start, end in reported):
            continue
        lemma = lemma_of(token)
        if lemma in WANTING_VERBS:
            content = _aim(token)
        elif lemma in BACKING_VERBS:
            content = _backed(token)
        elif lemma in BACKING_PREPS:
            content = _backed_through(token, BACKING_PREPS[lemma])
        elif lemma in JUDGING_VERBS:
            content = _judged(token)
        elif lemma in SHOWING_VERBS:
            content = _shown(token)
        else:
            continue
        subject = _holder(token) if content is not None else None
        if subject is None or (lemma not in SHOWING_VERBS and not counts_people(subject)):
            continue
        out.append(Cue(start=token.idx, end=token.idx + len(token.text), lemma=lemma,
                       verb=token, subject=subject, addressee=None, content=content,
                       speech=False))
    return out


RELATIVES = frozenset({"who", "that", "which", "whom"})
# "56 percent would vote for Holm", "most back the plan": shares of people.
SHARES = frozenset({"percent", "majority", "most", "half", "third", "quarter", "many",
                    "some", "few", "plurality"})


def _holder(verb: Token) -> Token | None:
    """The verb's subject; for "voters who back Holm" the noun the clause is on."""
    subject = subject_of(verb)
    if subject is not None and subject.lower_ in RELATIVES and verb.dep_ == "relcl":
        return verb.head
    return subject


def counts_people(subject: Token) -> bool:
    """Not a thing: a common noun subject must name people ("voters", "the
    union") or a share of them ("56 percent", "most of the delegates"); a
    name or a pronoun is taken as it is ("the pier supports two cranes" is
    no attribution)."""
    if subject.pos_ != "NOUN":
        return True
    return can_hold_stance(subject) or subject.lower_ in SHARES \
        or subject.ent_type_ == "PERCENT"


def _passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def _after(verb: Token, deps: tuple[str, ...]) -> Token | None:
    return next((c for c in verb.children if c.dep_ in deps and c.i > verb.i), None)


def _span(first: Token, last: Token) -> tuple[int, int] | None:
    end = last.right_edge
    return trim(first.doc, first.left_edge.idx, end.idx + len(end.text))


def _aim(verb: Token) -> tuple[int, int] | None:
    """"wants to win" / "expected him to resign" / "wants lower fares"."""
    clause = _after(verb, ("xcomp", "ccomp"))
    obj = _after(verb, ("dobj",))
    if clause is not None:
        first = obj if obj is not None and obj.i < clause.i else clause
        return _span(first, clause)
    if obj is not None:
        return _span(obj, obj)
    return None


def _backed(verb: Token) -> tuple[int, int] | None:
    obj = _after(verb, ("dobj",))
    return _span(obj, obj) if obj is not None else None


def _backed_through(verb: Token, preps: tuple[str, ...]) -> tuple[int, int] | None:
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in preps and prep.i > verb.i:
            obj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
            if obj is not None:
                return _span(obj, obj)
    return None


def _judged(verb: Token) -> tuple[int, int] | None:
    """"sees the plan as a mistake", "considers him naive"."""
    obj = _after(verb, ("dobj",))
    if obj is None:
        return None
    for child in verb.children:
        if child.i > obj.i and (child.dep_ in ("oprd", "ccomp", "xcomp")
                                or (child.dep_ == "prep" and child.lower_ == "as")):
            return _span(obj, child)
    return None


def _shown(verb: Token) -> tuple[int, int] | None:
    """"the poll shows Holm leading": only with a record as the subject."""
    subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
    if subject is None or subject.lemma_.lower() not in RECORD_NOUNS:
        return None
    obj = _after(verb, ("dobj",))
    if obj is None:
        return None
    last = obj
    for child in verb.children:
        if child.i > last.i and child.dep_ in ("prep", "advcl", "xcomp", "ccomp", "oprd"):
            last = child
    return _span(obj, last)
