"""Stories: articles about one event, grouped as they arrive.

An article's *story features* are its key terms (the content words of highest
count times IDF, names included: :func:`~.claim_match.ranked_terms`) and
its publication date.  Two articles are of one story when their key terms
overlap strongly (IDF-weighted cosine at least :data:`SIMILARITY`) and, where
both are dated, they appeared within :data:`WINDOW_DAYS` of each other.  A
story is a connected component of that relation, so it does not depend on the
order articles arrive in; candidates come from keys (pairs of an article's
most salient terms), never from all pairs.  The store keeps the features and
keys of each article (:mod:`factdesk.store.stories`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from itertools import combinations

from .matching import idf, ranked_terms

__all__ = ["MIN_TERMS", "SIMILARITY", "WINDOW_DAYS", "StoryFeatures", "StoryGrouper"]

#: Key terms per article, and how many of the most salient make its keys.
TERMS = 20
KEY_TERMS = 5
SIMILARITY = 0.3
#: An article with fewer key terms (a headline alone, a one-paragraph brief) says
#: too little about its event to be grouped: it is a story of its own.  Chosen on
#: FNC-1 DEV (in-sample), where headline-only articles bridged stories: body pairs
#: put in one story that share a claim component, 49 % with every article grouped,
#: 75 % with fewer than 8 terms left alone (long headlines still bridged), 98.5 %
#: at 16 (recall 27 %: ``bench/results/claim-matching.json``).
MIN_TERMS = 16
WINDOW_DAYS = 4


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryFeatures:
    """What story grouping reads of one article."""

    terms: tuple[str, ...]          # most salient first
    published: datetime | None = None


class StoryGrouper:
    """Features, keys and the pairwise test for stories (the store's side is
    :func:`factdesk.store.stories.regroup`)."""

    def features(self, text: str, published: datetime | None) -> StoryFeatures:
        return StoryFeatures(terms=ranked_terms(text, TERMS), published=published)

    def encode(self, feats: StoryFeatures) -> str:
        when = feats.published.isoformat() if feats.published else ""
        return when + "|" + " ".join(feats.terms)

    def decode(self, text: str) -> StoryFeatures:
        when, _, terms = text.partition("|")
        return StoryFeatures(terms=tuple(terms.split()),
                             published=datetime.fromisoformat(when) if when else None)

    def keys(self, feats: StoryFeatures) -> list[str]:
        if len(feats.terms) < MIN_TERMS:
            return []
        return [f"{a} {b}" for a, b in combinations(sorted(feats.terms[:KEY_TERMS]), 2)]

    def same_story(self, a: StoryFeatures, b: StoryFeatures) -> bool:
        if min(len(a.terms), len(b.terms)) < MIN_TERMS:
            return False
        if a.published and b.published:
            try:
                apart = abs((a.published - b.published).total_seconds())
            except TypeError:  # one naive, one aware: compare the dates
                apart = abs((a.published.replace(tzinfo=None)
                             - b.published.replace(tzinfo=None)).total_seconds())
            if apart > WINDOW_DAYS * 86400:
                return False
        return similarity(a.terms, b.terms) >= SIMILARITY


def similarity(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """IDF-weighted cosine of two term sets."""
    wa = sum(idf(w) ** 2 for w in a)
    wb = sum(idf(w) ** 2 for w in b)
    if not wa or not wb:
        return 0.0
    return sum(idf(w) ** 2 for w in set(a) & set(b)) / math.sqrt(wa * wb)


