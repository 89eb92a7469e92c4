"""The article-stance model: does a body agree with, disagree with, discuss, or
ignore a claim?

One ``.npz`` file (numpy arrays only, no pickles) holds everything: the
model name, labels, feature names and per-class decision offsets (a JSON
string), the :class:`~.features.FeatureSpace` (vocabulary, IDF, LSA
projection) and the :class:`~.trees.TreeEnsemble`.  It is written by
``bench/train_stance.py`` (scikit-learn, training only) and read here with
numpy.

The label is the class with the highest ``log p + offset``; the offsets were
chosen by cross-validation on the training pairs to balance the FNC-1 score
with macro-F1.  The probabilities reported are those shifted scores
renormalised, so the label is always the most probable class.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from ...errors import ModelFormatError
from .features import FEATURE_NAMES, FeatureSpace
from .trees import TreeEnsemble

__all__ = ["BUNDLED_WEIGHTS", "LABELS", "ArticleStance", "ArticleStanceModel"]

LABELS = ("agree", "disagree", "discuss", "unrelated")
BUNDLED_WEIGHTS = Path(__file__).with_name("fnc-stance-v1.npz")


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleStance:
    """The stance of one body towards one claim, and the model that said so."""

    label: str
    probabilities: dict[str, float]
    model: str

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "probabilities": dict(self.probabilities),
                "model": self.model}


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class ArticleStanceModel:
    """Features, trees and decision offsets; load once, predict many."""

    name: str
    labels: tuple[str, ...]
    space: FeatureSpace
    trees: TreeEnsemble
    offsets: tuple[float, ...]

    @classmethod
    def load(cls, path: str | Path | None = None) -> ArticleStanceModel:
        """The model in ``path``, or the bundled ``fnc-stance-v1`` weights."""
        return _load(str(path) if path else "")

    def probabilities(self, pairs: Iterable[tuple[str, str]]) -> np.ndarray:
        """Decision probabilities, one row per (claim, body) pair, columns :attr:`labels`."""
        rows = self.space.rows(pairs)
        if not len(rows):
            return np.zeros((0, len(self.labels)))
        raw = self.trees.raw_scores(rows) + np.asarray(self.offsets)
        raw -= raw.max(axis=1, keepdims=True)
        e = np.exp(raw)
        return e / e.sum(axis=1, keepdims=True)

    def predict_many(self, pairs: Iterable[tuple[str, str]]) -> list[ArticleStance]:
        """The stance of each body towards its claim, in input order."""
        probs = self.probabilities(pairs)
        return [ArticleStance(label=self.labels[int(p.argmax())],
                              probabilities={lab: round(float(v), 6)
                                             for lab, v in zip(self.labels, p)},
                              model=self.name) for p in probs]

    def predict(self, claim: str, body: str) -> ArticleStance:
        """The stance of ``body`` towards ``claim`` (e.g. a headline)."""
        return self.predict_many([(claim, body)])[0]

    def save(self, path: str | Path) -> None:
        meta = {"model": self.name, "labels": list(self.labels),
                "features": list(FEATURE_NAMES), "offsets": list(self.offsets)}
        np.savez_compressed(
            path, meta=np.array(json.dumps(meta)),
            vocabulary=np.array(self.space.vocabulary, dtype=str),
            idf=self.space.idf.astype(np.float32),
            components=self.space.components.T.astype(np.float16),
            **self.trees.to_arrays())

    @classmethod
    def from_arrays(cls, data: Any) -> ArticleStanceModel:
        meta = json.loads(str(data["meta"]))
        if tuple(meta.get("features", ())) != FEATURE_NAMES:
            raise ModelFormatError("the stance weights were trained on other features; "
                                   "retrain them with bench/train_stance.py")
        space = FeatureSpace([str(w) for w in data["vocabulary"]], data["idf"],
                             data["components"])
        return cls(name=meta["model"], labels=tuple(meta["labels"]), space=space,
                   trees=TreeEnsemble.from_arrays(data),
                   offsets=tuple(float(x) for x in meta["offsets"]))


@lru_cache(maxsize=4)
def _load(path: str) -> ArticleStanceModel:
    file = Path(path) if path else BUNDLED_WEIGHTS
    try:
        with np.load(file, allow_pickle=False) as data:
            return ArticleStanceModel.from_arrays(data)
    except (OSError, ValueError, KeyError) as exc:
        if isinstance(exc, ModelFormatError):
            raise
        raise ModelFormatError(f"{file}: cannot be read as article-stance weights ({exc}); "
                               "write one with bench/train_stance.py") from exc
