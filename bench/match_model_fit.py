"""Fitting the learned pairwise claim-matching model (``analyze/corpus/pair_model.py``)
on the candidate links of a :class:`stored_claims.Graph`.

An edge (a candidate model link: a lead mention and a mention of another article
sharing a rare-word key) is a positive example when its two articles lie in one
claim component of the FNC-1 pairs.  The logistic weights are fitted by Newton's
method on standardised inputs (small L2); the link threshold is the probability
with the highest *pair* recall at pair precision >= the floor on the training
pairs, the claims made by union-find over the rule links and the model links.
"""

from __future__ import annotations

import numpy as np

from factdesk.analyze.corpus.pair_model import MatchModel

THRESHOLDS = tuple(round(0.3 + 0.05 * k, 2) for k in range(14))  # 0.3 .. 0.95


def logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 30):
    """Weights, bias, mean and scale of an L2-regularised logistic regression."""
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    z = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    w = np.zeros(z.shape[1])
    reg = np.full(z.shape[1], l2)
    reg[-1] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(z @ w, -50, 50)))
        grad = z.T @ (p - y) + reg * w
        hess = (z * (p * (1 - p))[:, None]).T @ z + np.diag(reg + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w[:-1], float(w[-1]), mean, scale


def probabilities(x: np.ndarray, weights, bias, mean, scale) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(((x - mean) / scale) @ weights + bias, -50, 50)))


def fit_model(x: np.ndarray, y: np.ndarray, train_edges: np.ndarray, pair_scores,
              min_precision: float, gate: np.ndarray) -> tuple[MatchModel, np.ndarray, dict]:
    """The model fitted on ``train_edges`` with its threshold chosen by
    ``pair_scores(active_edges) -> (precision, recall)`` on training pairs (an edge
    is active at or over the threshold where ``gate`` lets the model link it)."""
    weights, bias, mean, scale = logistic(x[train_edges], y[train_edges])
    probs = probabilities(x, weights, bias, mean, scale)
    best, best_key = THRESHOLDS[-1], (-1.0, -1.0, -1.0)
    for t in THRESHOLDS:
        p, r = pair_scores(list((probs >= t) & gate))
        f = 2 * p * r / (p + r) if p + r else 0.0
        ok = p >= min_precision
        key = (float(ok), r if ok else f, p)
        if key > best_key:
            best, best_key = t, key
    model = MatchModel(weights=tuple(round(float(v), 6) for v in weights), bias=round(bias, 6),
                       mean=tuple(round(float(v), 6) for v in mean),
                       scale=tuple(round(float(v), 6) for v in scale), threshold=best)
    return model, probs, {"threshold": best, "training_precision": round(100 * best_key[2], 2)}
