"""Gradient-boosted trees for several classes, evaluated without scikit-learn.

Training (``bench/train_stance.py``) fits scikit-learn's
HistGradientBoostingClassifier and exports every tree as flat node arrays,
all trees concatenated; ``offsets[t]`` is where tree ``t`` starts and
``tree_class[t]`` the class whose raw score it adds to.  A node with
``left == -1`` is a leaf holding ``value``; otherwise a row goes left when
its feature is ``<= threshold`` (a missing value goes where
``missing_left`` says).  Class probabilities are the softmax of
``baseline + sum of leaf values`` (the learning rate is already in the
leaves).  Batches are evaluated level by level with numpy; a few rows go
node by node in plain Python, which is faster for them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from ...boosted_trees import leaf_nodes

__all__ = ["TreeEnsemble"]

_ARRAYS = ("feature", "threshold", "left", "right", "value", "missing_left", "offsets",
           "tree_class")
_SMALL_BATCH = 8


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class TreeEnsemble:
    """Boosted regression trees whose summed leaves are per-class log-scores."""

    baseline: np.ndarray      # (n_classes,)
    feature: np.ndarray       # int32, per node
    threshold: np.ndarray     # float64, per node
    left: np.ndarray          # int32, per node, tree-local; -1 at a leaf
    right: np.ndarray         # int32, per node, tree-local
    value: np.ndarray         # float64, per node (used at leaves)
    missing_left: np.ndarray  # bool, per node
    offsets: np.ndarray       # int64, (n_trees + 1,)
    tree_class: np.ndarray    # int32, (n_trees,)
    _nodes: tuple = field(init=False, repr=False)  # the arrays as lists, for single rows

    def __post_init__(self) -> None:
        object.__setattr__(self, "_nodes", tuple(getattr(self, n).tolist() for n in _ARRAYS))

    @property
    def n_trees(self) -> int:
        return len(self.tree_class)

    def raw_scores(self, rows: np.ndarray) -> np.ndarray:
        """Per-class log-scores, shape (n_rows, n_classes)."""
        rows = np.asarray(rows, dtype=np.float64)
        if len(rows) <= _SMALL_BATCH:
            return np.array([self._raw_one(r.tolist()) for r in rows]).reshape(
                len(rows), len(self.baseline))
        out = np.tile(self.baseline, (len(rows), 1))
        at = np.arange(len(rows))
        nan = np.isnan(rows)
        for t in range(self.n_trees):
            start = self.offsets[t]
            node = np.full(len(rows), start, dtype=np.int64)
            while True:
                left = self.left[node]
                inner = left != -1
                if not inner.any():
                    break
                f = self.feature[node]
                go_left = np.where(nan[at, f], self.missing_left[node],
                                   rows[at, f] <= self.threshold[node])
                step = np.where(go_left, left, self.right[node]) + start
                node = np.where(inner, step, node)
            out[:, self.tree_class[t]] += self.value[node]
        return out

    def _raw_one(self, row: list[float]) -> list[float]:
        feature, threshold, left, right, value, missing, offsets, tree_class = self._nodes
        scores = self.baseline.tolist()
        leaves = leaf_nodes(row, feature, threshold, left, right, offsets[:len(tree_class)],
                            missing_left=missing)
        for cls, node in zip(tree_class, leaves):
            scores[cls] += value[node]
        return scores

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        raw = self.raw_scores(rows)
        raw = raw - raw.max(axis=1, keepdims=True)
        e = np.exp(raw)
        return e / e.sum(axis=1, keepdims=True)

    def to_arrays(self, prefix: str = "trees_") -> dict[str, np.ndarray]:
        return {prefix + n: getattr(self, n) for n in ("baseline", *_ARRAYS)}

    @classmethod
    def from_arrays(cls, data: Mapping[str, np.ndarray], prefix: str = "trees_") -> TreeEnsemble:
        a = {n: np.asarray(data[prefix + n]) for n in ("baseline", *_ARRAYS)}
        return cls(baseline=a["baseline"].astype(np.float64),
                   feature=a["feature"].astype(np.int64),
                   threshold=a["threshold"].astype(np.float64),
                   left=a["left"].astype(np.int64), right=a["right"].astype(np.int64),
                   value=a["value"].astype(np.float64),
                   missing_left=a["missing_left"].astype(bool),
                   offsets=a["offsets"].astype(np.int64),
                   tree_class=a["tree_class"].astype(np.int64))

