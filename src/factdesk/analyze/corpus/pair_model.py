"""A learned pairwise test for cross-article claim matching (logistic, pure Python).

:mod:`.matching` links a lead mention to a mention of another article when two
hand thresholds pass (IDF overlap of the two mentions and the share of the lead's
words among the other article's key terms).  This model reads more of the pair
and weighs it with logistic weights fitted on FNC-1 DEV by
``bench/claim_matching.py --fit-model`` (folds grouped by claim component):

* the overlap and context scores of :func:`.matching.scores`, both directions;
* how much of each mention the other covers (IDF share) and how many words they share;
* **numbers and dates**: numbers both mentions state, and numbers of one found
  nowhere in the other mention or its article (a different count, another year);
* **entities**: entity ids (``person:``/``org:``...) both name or only one names;
  same agent, same predicate class; and the share of the lead's words that are
  shared and *not* the name of an entity either mention names (a link needs at
  least one such word: two sentences about one person share her name, two
  statements of one claim share more);
* **negation-aware alignment**: negation words are left out of the compared words
  (:func:`.matching.match_words`), so "X did not happen" meets "X happened".

A link needs the probability at or over the model's ``threshold`` (chosen for
precision: a wrong merge misleads more than a missing one), one lead mention,
and no conflicting agents (checked by the caller).  The score depends on the two
mentions and their articles only, the same whichever comes first.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path

from .matching import Matchable, match_words, scores, weight

__all__ = ["FEATURES", "MODEL_PATH", "MatchModel", "names", "pair_features", "unnamed_shared"]

MODEL_PATH = Path(__file__).with_name("match-model.json")

#: The names of :func:`pair_features`' values, in order.
FEATURES = ("overlap", "context", "context_back", "cover_lead", "cover_other", "log_shared",
            "both_leads", "numbers_shared", "numbers_unmet", "entities_shared",
            "entities_unmet", "same_agent", "same_relation", "unnamed_shared")


def _numbers(words: frozenset[str]) -> frozenset[str]:
    return frozenset(w for w in words if any(c.isdigit() for c in w))


def _entities(parts: frozenset[str]) -> frozenset[str]:
    return frozenset(p for p in parts if ":" in p)


@functools.lru_cache(maxsize=65536)
def _name_words(entity: str) -> frozenset[str]:
    return match_words(entity.split(":", 1)[1].replace("-", " "))


def names(feats: tuple) -> frozenset[str]:
    """The stemmed words of the entity ids (``person:hillary-clinton``) a mention's
    features name as its agent or participants."""
    ids = [p for p in feats[2] if ":" in p]
    agent = (feats[0] or "").removeprefix("~")
    if ":" in agent:
        ids.append(agent)
    return frozenset().union(*(_name_words(e) for e in ids)) if ids else frozenset()


def unnamed_shared(a: tuple, b: tuple) -> frozenset[str]:
    """The words two mentions share that are not the name of an entity either names:
    two sentences about one person share her name, one claim shares more."""
    return (a[4].words & b[4].words) - names(a) - names(b)


def pair_features(a: tuple, b: tuple) -> list[float]:
    """The model's inputs for two mentions' linker features (``(agent, relation,
    parts, words, Matchable)``, one of them a lead); symmetric in ``a`` and ``b``
    when both are leads."""
    if not a[4].lead and b[4].lead or (a[4].lead and b[4].lead and a[4].article > b[4].article):
        a, b = b, a  # the lead (or, for two leads, a fixed one) first
    ma: Matchable = a[4]
    mb: Matchable = b[4]
    overlap, context = scores(ma, mb)
    wa, wb = weight(ma.words) or 1.0, weight(mb.words) or 1.0
    shared = ma.words & mb.words
    back = weight(mb.words & ma.context) / wb
    forth = weight(ma.words & mb.context) / wa
    both = ma.lead and mb.lead
    cover_a, cover_b = weight(shared) / wa, weight(shared) / wb
    if both:  # symmetric: the lesser and the greater of the two directions
        context, back = min(forth, back), max(forth, back)
        cover_a, cover_b = min(cover_a, cover_b), max(cover_a, cover_b)
    na, nb = _numbers(ma.words), _numbers(mb.words)
    unmet = len(na - mb.words - mb.context) + len(nb - ma.words - ma.context)
    ea, eb = _entities(a[2]), _entities(b[2])
    agent_a = (a[0] or "").removeprefix("~")
    agent_b = (b[0] or "").removeprefix("~")
    unnamed = weight(unnamed_shared(a, b)) / (weight(ma.words - names(a) - names(b)) or 1.0)
    return [overlap, context, back, cover_a, cover_b, math.log1p(len(shared)), float(both),
            float(len(na & nb)), float(unmet), float(len(ea & eb)), float(len(ea ^ eb)),
            float(bool(agent_a) and agent_a == agent_b), float(a[1] == b[1]), unnamed]


@dataclass(frozen=True, slots=True, kw_only=True)
class MatchModel:
    """Logistic weights over :data:`FEATURES` (inputs standardised by ``mean``/``scale``)
    and the probability a link needs."""

    weights: tuple[float, ...]
    bias: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    threshold: float
    features: tuple[str, ...] = FEATURES

    def probability(self, a: tuple, b: tuple) -> float:
        """The probability that mentions ``a`` and ``b`` (linker features) state one claim."""
        return self.probability_of(pair_features(a, b))

    def probability_of(self, row: list[float]) -> float:
        z = self.bias + sum(w * (x - m) / s for w, x, m, s
                            in zip(self.weights, row, self.mean, self.scale, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def links(self, a: tuple, b: tuple) -> bool:
        """Whether two mentions of different articles, one a lead, state one claim."""
        if a[4].article == b[4].article or not (a[4].lead or b[4].lead):
            return False
        if len(a[4].words & b[4].words) < 2 or not unnamed_shared(a, b):
            return False  # sharing only the names of the people in it is not one claim
        return self.probability(a, b) >= self.threshold

    def to_dict(self) -> dict:
        return {"features": list(self.features), "weights": list(self.weights),
                "bias": self.bias, "mean": list(self.mean), "scale": list(self.scale),
                "threshold": self.threshold}

    @classmethod
    def from_dict(cls, data: dict) -> MatchModel:
        if tuple(data["features"]) != FEATURES:
            raise ValueError(f"match model features {data['features']} are not {FEATURES}")
        return cls(weights=tuple(data["weights"]), bias=float(data["bias"]),
                   mean=tuple(data["mean"]), scale=tuple(data["scale"]),
                   threshold=float(data["threshold"]))

    @classmethod
    def load(cls, path: str | Path | None = None) -> MatchModel:
        return _load(str(path or MODEL_PATH))


@functools.lru_cache(maxsize=4)
def _load(path: str) -> MatchModel:
    return MatchModel.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
