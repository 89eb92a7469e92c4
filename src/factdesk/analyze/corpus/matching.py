"""Cross-article claim matching: do two mentions in different articles state one claim?

Outlets word one claim differently ("Jihadi John named as Mohammed Emwazi" /
"The masked militant has been identified as Mohammed Emwazi"), so the frame
and wording rules of :mod:`~factdesk.analyze.corpus.clusters` rarely meet across articles.  This
pairwise model looks at meaning through what both mentions are *about*:

* **lexical overlap weighted by rarity**: the IDF-weighted cosine of the two
  mentions' stemmed content words (IDF from the article-stance model's
  vocabulary, :mod:`.article_stance`), negation words left out, so "X did
  not happen" meets "X happened" (one claim, two stances: negation-aware
  alignment);
* **article context**: the share of one mention's word weight found among the
  other article's key terms (its :func:`article_context`), the article-stance
  model's "does this body discuss this claim" signal, so a common sentence
  shape in two unrelated stories does not link;
* **entities**: two mentions whose agents are known and differ never link.

One of the two must be a *lead* mention (the headline or standfirst: what an
article is about).  Body mentions of two articles are joined by the rules only:
a model link between any two body sentences would chain one story's claims
into the next (measured on FNC-1: a third of the pairs it called related were
not).

With hand thresholds (:class:`MatchParams`), a link needs both the mention
overlap and the article context over them; by default the linker asks the
learned model of :mod:`.pair_model` instead, which weighs these scores with
number, entity and name-only-overlap signals (both fitted on FNC-1 DEV with
folds grouped by claim component: ``bench/claim_matching.py``), and only mentions of
*different* articles are compared.  Candidates come from keys (a mention's
rarest words), never from all pairs; the test depends on the two
mentions and their articles only, so the claims do not depend on arrival order.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ..article_stance import ArticleStanceModel
from ..article_stance.text import NEGATION, content_words, words

__all__ = ["DEFAULT_PARAMS", "MatchParams", "Matchable", "article_context", "idf", "match_keys",
           "match_words", "matches", "ranked_terms", "scores", "weight"]

#: Key terms kept per article (by count times IDF).
CONTEXT_TERMS = 40
#: Content words two mentions must share.
MIN_SHARED = 2
#: A mention's rarest words, each a candidate key (10: FNC-1 DEV candidate links that
#: are related 7,814 -> 8,998 against 6; a change re-keys the store, migration 0027).
KEY_WORDS = 10


@dataclass(frozen=True, slots=True, kw_only=True)
class MatchParams:
    """Thresholds of the pairwise test: mention overlap and article context, and the
    overlap two articles' leads need (headlines are short: their words are their
    context)."""

    overlap: float
    context: float
    lead_overlap: float = 0.5


#: The hand thresholds (``ClaimLinker(DEFAULT_PARAMS)``; the linker's default is the
#: learned :mod:`.pair_model`), as an earlier ``bench/claim_matching.py`` fitted them on
#: all of FNC-1 DEV; its ``factdesk_thresholds`` row refits them on the other folds.
DEFAULT_PARAMS = MatchParams(overlap=0.4, context=0.55, lead_overlap=0.3)


@dataclass(frozen=True, slots=True, kw_only=True)
class Matchable:
    """What the pairwise test reads of one mention: its article, words and context."""

    article: str
    words: frozenset[str]
    context: frozenset[str]
    lead: bool = False


@functools.lru_cache(maxsize=1)
def _space():
    return ArticleStanceModel.load().space


@functools.lru_cache(maxsize=65536)
def _idf(word: str) -> float:
    return _space().idf_of(word)


def match_words(text: str) -> frozenset[str]:
    """Stemmed content words of ``text``, negations left out."""
    return frozenset(w for w in content_words(words(text)) if w not in NEGATION and len(w) > 1)


def ranked_terms(text: str, limit: int) -> tuple[str, ...]:
    """The ``limit`` content words of ``text`` of highest count times IDF, highest first."""
    counts = Counter(w for w in content_words(words(text)) if w not in NEGATION and len(w) > 1)
    ranked = sorted(counts, key=lambda w: (-(1 + math.log(counts[w])) * _idf(w), w))
    return tuple(ranked[:limit])


def article_context(text: str, limit: int = CONTEXT_TERMS) -> frozenset[str]:
    """An article's key terms: its ``limit`` content words of highest count times IDF."""
    return frozenset(ranked_terms(text, limit))


def idf(word: str) -> float:
    """The inverse document frequency of a stemmed word (the article-stance vocabulary's;
    words it does not know count as rare)."""
    return _idf(word)


def match_keys(words_: frozenset[str]) -> list[str]:
    """Candidate keys: the mention's ``KEY_WORDS`` rarest words."""
    return sorted(sorted(words_, key=lambda w: (-_idf(w), w))[:KEY_WORDS])


def weight(items: Iterable[str]) -> float:
    """The summed IDF of ``items`` (stemmed words): how much of a mention they carry."""
    return sum(_idf(w) for w in items)


def scores(a: Matchable, b: Matchable) -> tuple[float, float]:
    """``(overlap, context)``: IDF cosine of the two mentions' words, and the share of
    the lead mention's word weight among the other article's key terms (does the
    other article discuss the lead's claim?)."""
    wa, wb = weight(a.words), weight(b.words)
    if not wa or not wb:
        return 0.0, 0.0
    shared = a.words & b.words
    if len(shared) < MIN_SHARED:
        return 0.0, 0.0
    overlap = weight(shared) / math.sqrt(wa * wb)
    a_in_b = weight(a.words & b.context) / wa
    b_in_a = weight(b.words & a.context) / wb
    if a.lead and b.lead:  # two articles' leads: each in the other's article
        return overlap, min(a_in_b, b_in_a)
    return overlap, a_in_b if a.lead else b_in_a


def matches(a: Matchable, b: Matchable, params: MatchParams = DEFAULT_PARAMS) -> bool:
    """Whether mentions ``a`` and ``b`` of two different articles state one claim."""
    if a.article == b.article or not (a.lead or b.lead):
        return False
    overlap, context = scores(a, b)
    least = params.lead_overlap if a.lead and b.lead else params.overlap
    return overlap >= least and context >= params.context
