"""Inference for gradient-boosted regression trees stored as flat node arrays,
the one copy the line model (``clean.textdump``) and the article-stance model
(``analyze.article_stance``) share.

Training scripts (scikit-learn, ``bench/train_*.py``) export each tree as
parallel arrays: per node a ``feature`` index, a ``threshold``, ``left`` and
``right`` child indices (``-1`` in ``left`` marks a leaf) and a leaf
``value``.  Child indices are local to their tree; several trees may share
one set of arrays, each starting at its own ``start``.  A row goes left when
its feature is ``<= threshold``; when ``missing_left`` is given, a missing
(NaN) feature goes where it says instead.  Plain Python: the library needs
neither scikit-learn nor, for one row at a time, numpy.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

__all__ = ["leaf_node", "leaf_nodes", "sigmoid"]


def leaf_nodes(row: Sequence[float], feature: Sequence[int], threshold: Sequence[float],
               left: Sequence[int], right: Sequence[int], starts: Sequence[int], *,
               missing_left: Sequence[bool] | None = None) -> list[int]:
    """The index of the leaf ``row`` reaches in each tree, the trees rooted at ``starts``.

    One call walks every tree: this loop is the models' hot path, so it stays inline.
    """
    out = []
    if missing_left is None:
        for start in starts:
            node = start
            while left[node] != -1:
                node = start + (left[node] if row[feature[node]] <= threshold[node]
                                else right[node])
            out.append(node)
        return out
    for start in starts:
        node = start
        while left[node] != -1:
            x = row[feature[node]]
            go_left = missing_left[node] if math.isnan(x) else x <= threshold[node]
            node = start + (left[node] if go_left else right[node])
        out.append(node)
    return out


def leaf_node(row: Sequence[float], feature: Sequence[int], threshold: Sequence[float],
              left: Sequence[int], right: Sequence[int], *, start: int = 0,
              missing_left: Sequence[bool] | None = None) -> int:
    """The index of the leaf ``row`` reaches in the tree rooted at ``start``."""
    return leaf_nodes(row, feature, threshold, left, right, (start,),
                      missing_left=missing_left)[0]


def sigmoid(raw: float) -> float:
    """The logistic function, clipped to ``[-30, 30]`` so it never overflows."""
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, raw))))
