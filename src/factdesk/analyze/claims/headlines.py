"""Headlinese: the proposition of a headline or standfirst the clause rules miss.

Headlines drop what a sentence needs: the auxiliary of a passive ("Soldier
shot at war memorial"), the copula, the future's "will" ("Agency to cut 300
jobs"), and often open with a kicker ("Update:", "Video:", "Breaking:").  The
body rules read a clause with a verb at its root and a subject; on a sample of
200 FNC-1 DEV headlines that left half of them with no claim mention, and a
headline with no mention cannot be matched to the other articles that report
the same claim.

:func:`headline_proposition` reads, after a short kicker:

* the stretch as a clause (:func:`~.propositions.proposition_in`), when it has
  a verb and a subject;
* else a noun modified by a participle or an infinitive ("campus guarded by
  robots", "agency to cut jobs"): the participle or the infinitive's verb is
  the predicate and the noun its subject.

A stretch with no verb ("More weapons for rebels") or whose verb is a stance
verb (the attribution rules read "X says Y") gives nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..parse.ranges import tokens_starting_in
from .propositions import Proposition, _extent, proposition_at, proposition_in
from .stance_cues import link_kind

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["headline_proposition", "kicker_end"]

#: Words before a colon that a kicker may have ("Update:", "Video:", "This week:").
MAX_KICKER_WORDS = 3
#: How a participle or an infinitive hangs on the noun it tells about.
_MODIFIER_DEPS = frozenset({"acl", "relcl", "amod"})


def kicker_end(doc: Doc, start: int, end: int) -> int:
    """Where the headline proper starts in ``doc.text[start:end]``: after a
    colon that follows at most ``MAX_KICKER_WORDS`` words, else ``start``."""
    words = 0
    for t in tokens_starting_in(doc, start, end):
        if t.text == ":" and 0 < words <= MAX_KICKER_WORDS:
            after = t.i + 1
            return doc[after].idx if after < len(doc) and doc[after].idx < end else start
        if not t.is_punct:
            words += 1
        if words > MAX_KICKER_WORDS:
            break
    return start


def headline_proposition(doc: Doc, start: int, end: int) -> Proposition | None:
    """The proposition of a headline in ``doc.text[start:end]``, or ``None``."""
    start = kicker_end(doc, start, end)
    prop = proposition_in(doc, start, end)
    if prop is not None and prop.agent is not None and prop.head.pos_ in ("VERB", "AUX"):
        return None if prop.links else prop
    for verb in tokens_starting_in(doc, start, end):
        subject = _described(verb)
        if subject is None or not start <= subject.idx < end:
            continue
        if link_kind(verb.lemma_.lower()):
            return None  # "X says ...": an attribution, the quote rules' to read
        first, last = _extent(verb, start, end)
        if first is None:
            return None
        return proposition_at(verb, max(start, min(first, subject.left_edge.idx)), last,
                              agent=subject)
    return None


def _described(verb: Token) -> Token | None:
    """The noun a headline's participle or infinitive tells about: "campus
    [guarded]", "agency [to cut]"; ``None`` when ``verb`` is neither."""
    if verb.pos_ != "VERB" or verb.dep_ not in _MODIFIER_DEPS:
        return None
    noun = verb.head
    if noun.pos_ not in ("NOUN", "PROPN") or noun.i > verb.i:
        return None
    participle = verb.tag_ in ("VBN", "VBG")
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    return noun if participle or infinitive else None
