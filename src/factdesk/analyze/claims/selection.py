"""Which of an article's clustered propositions are claims worth tracking.

A claim is kept when

* some source contests it: a mention's stance is not a plain assertion
  (denies, does not deny, hedged, believes, questions, conditional), or an
  anaphor points to it ("denied the charge"); or
* a source other than the reporter puts it forward (a quote, a claim noun,
  the headline) and it is checkable: some mention's check-worthiness is at
  least ``MIN_WORTH``.

The reporter's own narration ("report" mentions) stays reporting unless it
restates a kept claim: such a mention is kept only inside a claim that
qualifies without it.  A quote stays a quote either way; only its claim
mentions go.
"""

from __future__ import annotations

import dataclasses

from ...model import Claim, ClaimMention, Stance

__all__ = ["MIN_CLAUSE_WORDS", "MIN_WORTH", "clauses_only", "select_claims"]

MIN_WORTH = 0.4
#: A label shorter than this is a fragment ("happened"), not a clause.
MIN_CLAUSE_WORDS = 3


def clauses_only(mentions: tuple[ClaimMention, ...]) -> tuple[ClaimMention, ...]:
    """The mentions whose label reads as a clause (an anaphor takes its
    antecedent's label); a mention pointing to a dropped one points nowhere."""
    kept = tuple(m for m in mentions if len(m.label.split()) >= MIN_CLAUSE_WORDS)
    ids = {m.id for m in kept}
    return tuple(m if m.refers_to is None or m.refers_to in ids
                 else dataclasses.replace(m, refers_to=None) for m in kept)


def select_claims(mentions: tuple[ClaimMention, ...], claims: tuple[Claim, ...]
                  ) -> tuple[tuple[ClaimMention, ...], tuple[Claim, ...]]:
    """The claims worth tracking and their mentions (both in their given order)."""
    by_id = {m.id: m for m in mentions}
    kept = tuple(c for c in claims if _worth_tracking([by_id[i] for i in c.mention_ids
                                                        if i in by_id]))
    ids = {i for c in kept for i in c.mention_ids}
    return tuple(m for m in mentions if m.id in ids), kept


def _worth_tracking(members: list[ClaimMention]) -> bool:
    voiced = [m for m in members if m.origin != "report"]
    if not voiced:
        return False
    if any(m.stance is not Stance.ASSERTS or m.refers_to for m in voiced):
        return True
    return any(m.check_worthiness >= MIN_WORTH for m in voiced)
