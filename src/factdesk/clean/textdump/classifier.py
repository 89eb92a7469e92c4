"""The line model: two stages of gradient-boosted trees read from a small JSON file.

The first stage scores each line from its own features
(:func:`~.features.line_features`); the second re-scores it from those
features plus its neighbours' first-stage scores and the block it falls in
(:func:`~.context.context_features`).  Training (``bench/train_textdump.py``,
scikit-learn) exports each regression tree as flat arrays; inference here is
plain Python, so the library does not need scikit-learn.  The file records
the model name, both feature orders, the smoothing cost the second stage
reads its context through, and the body decision's log-odds bias and
switch cost.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ...boosted_trees import leaf_node, leaf_nodes, sigmoid
from ...errors import ModelFormatError
from .context import CONTEXT_NAMES, context_features
from .features import FEATURE_NAMES
from .sequence import choose_body, smooth

__all__ = ["BUNDLED_WEIGHTS", "Ensemble", "LineModel", "Tree", "load_model", "shift_log_odds"]

BUNDLED_WEIGHTS = Path(__file__).with_name("weights.json")


@dataclass(frozen=True, slots=True, kw_only=True)
class Tree:
    """One regression tree; a node with ``left == -1`` is a leaf holding ``value``."""

    feature: tuple[int, ...]
    threshold: tuple[float, ...]
    left: tuple[int, ...]
    right: tuple[int, ...]
    value: tuple[float, ...]

    def predict(self, row: Sequence[float]) -> float:
        return self.value[leaf_node(row, self.feature, self.threshold, self.left, self.right)]


@dataclass(frozen=True, slots=True, kw_only=True)
class Ensemble:
    """A boosted sum of trees: P(body) = sigmoid(init + rate * sum(tree(row)))."""

    init: float
    learning_rate: float
    trees: tuple[Tree, ...]
    # every tree's nodes in one set of arrays, child indices tree-local, and the
    # trees' roots: what :func:`~factdesk.boosted_trees.leaf_nodes` walks
    _flat: tuple = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        feature: list[int] = []
        threshold: list[float] = []
        left: list[int] = []
        right: list[int] = []
        value: list[float] = []
        starts: list[int] = []
        for t in self.trees:
            starts.append(len(feature))
            feature += t.feature
            threshold += t.threshold
            left += t.left
            right += t.right
            value += t.value
        object.__setattr__(self, "_flat", (feature, threshold, left, right, value, starts))

    def probability(self, row: Sequence[float]) -> float:
        feature, threshold, left, right, value, starts = self._flat
        leaves = leaf_nodes(row, feature, threshold, left, right, starts)
        return sigmoid(self.init + self.learning_rate * sum(value[n] for n in leaves))

    def to_dict(self) -> dict[str, Any]:
        return {"init": self.init, "learning_rate": self.learning_rate,
                "trees": [{"feature": list(t.feature), "threshold": list(t.threshold),
                           "left": list(t.left), "right": list(t.right),
                           "value": list(t.value)} for t in self.trees]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Ensemble:
        trees = tuple(Tree(feature=tuple(t["feature"]), threshold=tuple(t["threshold"]),
                           left=tuple(t["left"]), right=tuple(t["right"]),
                           value=tuple(t["value"])) for t in data["trees"])
        return cls(init=data["init"], learning_rate=data["learning_rate"], trees=trees)


@dataclass(frozen=True, slots=True, kw_only=True)
class LineModel:
    """Body probabilities for the lines of a page, and the smoothing cost."""

    name: str
    first: Ensemble
    second: Ensemble | None = None
    switch_cost: float = 1.0
    #: Added to each line's body log-odds before the final body decision
    #: (a positive bias favours recall); learned on the training items.
    body_bias: float = 0.0
    #: The switch cost of the final body decision's smoothing (``None``: the
    #: same as ``switch_cost``); learned on the training items with the bias.
    decision_cost: float | None = None

    def first_stage(self, rows: Sequence[Sequence[float]]) -> list[float]:
        return [self.first.probability(r) for r in rows]

    def probabilities(self, rows: Sequence[Sequence[float]]) -> list[float]:
        """P(body) of each line, given every line's feature row in page order."""
        probs = self.first_stage(rows)
        if self.second is None:
            return probs
        context = context_features(probs, smooth(probs, self.switch_cost))
        return [self.second.probability([*r, *c]) for r, c in zip(rows, context)]

    def decision_probabilities(self, rows: Sequence[Sequence[float]]) -> list[float]:
        """What the body decision reads: :meth:`probabilities` shifted by ``body_bias``."""
        probs = self.probabilities(rows)
        if not self.body_bias:
            return probs
        return [shift_log_odds(p, self.body_bias) for p in probs]

    def body_labels(self, probabilities: Sequence[float]) -> list[bool]:
        """The body decision for lines of these :meth:`probabilities`: shifted by
        ``body_bias``, smoothed with ``decision_cost``."""
        shifted = ([shift_log_odds(p, self.body_bias) for p in probabilities]
                   if self.body_bias else list(probabilities))
        cost = self.switch_cost if self.decision_cost is None else self.decision_cost
        return choose_body(shifted, cost)

    def to_dict(self) -> dict[str, Any]:
        return {"model": self.name, "features": list(FEATURE_NAMES),
                "context_features": list(CONTEXT_NAMES), "switch_cost": self.switch_cost,
                "body_bias": self.body_bias, "decision_cost": self.decision_cost,
                "first": self.first.to_dict(),
                "second": self.second.to_dict() if self.second else None}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LineModel:
        if (tuple(data.get("features", ())) != FEATURE_NAMES
                or tuple(data.get("context_features", ())) != CONTEXT_NAMES):
            raise ModelFormatError(
                "the weights were trained on other features; retrain them with "
                "bench/train_textdump.py")
        second = data.get("second")
        return cls(name=data["model"], first=Ensemble.from_dict(data["first"]),
                   second=Ensemble.from_dict(second) if second else None,
                   switch_cost=data.get("switch_cost", 1.0),
                   body_bias=data.get("body_bias", 0.0),
                   decision_cost=data.get("decision_cost"))


def shift_log_odds(p: float, bias: float) -> float:
    """``p`` with ``bias`` added to its log-odds."""
    p = min(max(p, 1e-9), 1 - 1e-9)
    return 1.0 / (1.0 + math.exp(-(math.log(p / (1 - p)) + bias)))


@lru_cache(maxsize=8)
def load_model(path: str = "") -> LineModel:
    """The model in ``path``, or the bundled weights when ``path`` is empty."""
    file = Path(path) if path else BUNDLED_WEIGHTS
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelFormatError(f"text_model {file}: cannot be read as line-model weights "
                               f"({exc}); point the setting at a file written by "
                               "bench/train_textdump.py, or leave it empty") from exc
    if not isinstance(data, dict):
        raise ModelFormatError(f"text_model {file}: not a line-model weights file")
    return LineModel.from_dict(data)
