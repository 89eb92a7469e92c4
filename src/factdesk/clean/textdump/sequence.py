"""Sequence smoothing: body lines come in runs, chrome lines in runs.

A two-state Viterbi pass over the lines turns per-line body probabilities
into a labelling that only switches between body and non-body when the
evidence pays for the switch (``switch_cost``, in nats).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

__all__ = ["choose_body", "smooth"]


def smooth(probabilities: Sequence[float], switch_cost: float) -> list[bool]:
    """The most likely body/non-body labelling of the lines."""
    if not probabilities:
        return []
    eps = 1e-6
    emit = [(math.log(max(1 - p, eps)), math.log(max(p, eps))) for p in probabilities]
    score = [emit[0][0], emit[0][1] - switch_cost]
    back: list[tuple[int, int]] = []
    for out, body in emit[1:]:
        stay0, move0 = score[0], score[1] - switch_cost
        stay1, move1 = score[1], score[0] - switch_cost
        back.append((0 if stay0 >= move0 else 1, 1 if stay1 >= move1 else 0))
        score = [max(stay0, move0) + out, max(stay1, move1) + body]
    state = 0 if score[0] >= score[1] else 1
    labels = [state]
    for pointers in reversed(back):
        state = pointers[state]
        labels.append(state)
    labels.reverse()
    return [bool(s) for s in labels]


def choose_body(probabilities: Sequence[float], switch_cost: float) -> list[bool]:
    """The smoothed labelling; never empty when some line leans towards body.

    When smoothing drops everything (a page with two short paragraphs among
    much chrome), the lines the model itself calls body are kept.
    """
    labels = smooth(probabilities, switch_cost)
    if any(labels):
        return labels
    return [p >= 0.5 for p in probabilities]
