"""The line model: gradient-boosted trees read from a small JSON file.

Training (``bench/train_textdump.py``, scikit-learn) exports each regression
tree as flat arrays; inference here is plain Python, so the library does not
need scikit-learn.  The file also records the model name, the feature order
and the sequence-smoothing parameters chosen at training time.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .features import FEATURE_NAMES

__all__ = ["BUNDLED_WEIGHTS", "LineModel", "Tree", "load_model"]

BUNDLED_WEIGHTS = Path(__file__).with_name("weights.json")


class ModelFormatError(ValueError):
    """The weights file does not fit this version of the features."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Tree:
    """One regression tree; a node with ``left == -1`` is a leaf holding ``value``."""

    feature: tuple[int, ...]
    threshold: tuple[float, ...]
    left: tuple[int, ...]
    right: tuple[int, ...]
    value: tuple[float, ...]

    def predict(self, row: list[float]) -> float:
        node = 0
        while self.left[node] != -1:
            if row[self.feature[node]] <= self.threshold[node]:
                node = self.left[node]
            else:
                node = self.right[node]
        return self.value[node]


@dataclass(frozen=True, slots=True, kw_only=True)
class LineModel:
    """P(body) of a line from its feature row, plus the smoothing parameters."""

    name: str
    init: float
    learning_rate: float
    trees: tuple[Tree, ...]
    switch_cost: float = 3.0

    def probability(self, row: list[float]) -> float:
        raw = self.init + self.learning_rate * sum(t.predict(row) for t in self.trees)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, raw))))

    def to_dict(self) -> dict:
        return {
            "model": self.name,
            "features": list(FEATURE_NAMES),
            "init": self.init,
            "learning_rate": self.learning_rate,
            "switch_cost": self.switch_cost,
            "trees": [{"feature": list(t.feature), "threshold": list(t.threshold),
                       "left": list(t.left), "right": list(t.right), "value": list(t.value)}
                      for t in self.trees],
        }

    @classmethod
    def from_dict(cls, data: dict) -> LineModel:
        if tuple(data.get("features", ())) != FEATURE_NAMES:
            raise ModelFormatError(
                "the weights were trained on other features; retrain them with "
                "bench/train_textdump.py")
        trees = tuple(Tree(feature=tuple(t["feature"]), threshold=tuple(t["threshold"]),
                           left=tuple(t["left"]), right=tuple(t["right"]),
                           value=tuple(t["value"])) for t in data["trees"])
        return cls(name=data["model"], init=data["init"], learning_rate=data["learning_rate"],
                   trees=trees, switch_cost=data.get("switch_cost", 3.0))


@lru_cache(maxsize=8)
def load_model(path: str = "") -> LineModel:
    """The model in ``path``, or the bundled weights when ``path`` is empty."""
    file = Path(path) if path else BUNDLED_WEIGHTS
    return LineModel.from_dict(json.loads(file.read_text(encoding="utf-8")))
