"""Second-stage features of each line of a dump, from the first stage's probabilities.

The line model (:mod:`.classifier`) scores each line from its own features
(:mod:`.features`), then scores it again from these: its probability, its
neighbours' probabilities, and how the run of body lines it sits in compares
with the page's largest one.  The order is :data:`CONTEXT_NAMES`; the weights
file records it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

__all__ = ["CONTEXT_NAMES", "context_features"]

#: Features of the second stage, computed from the first stage's probabilities.
CONTEXT_NAMES: tuple[str, ...] = (
    "p", "p_win1", "p_win3", "p_win8", "p_max_before", "p_max_after", "segment_body",
    "segment_share", "segment_is_largest", "segment_rank", "segment_lines", "p_page_mean",
    "before_largest", "after_largest", "sandwich", "gap_lines", "gap_inside",
)


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _segments(labels: Sequence[bool]) -> list[tuple[int, int]]:
    """The runs of body-labelled lines, as [start, end) pairs."""
    out, start = [], None
    for i, label in enumerate(list(labels) + [False]):
        if label and start is None:
            start = i
        elif not label and start is not None:
            out.append((start, i))
            start = None
    return out


def context_features(probs: Sequence[float], labels: Sequence[bool]) -> list[list[float]]:
    """Second-stage rows: each line's first-stage probability and its neighbourhood's.

    ``labels`` is the smoothed first-stage labelling; its runs of body lines
    are the candidate text blocks, and a line learns how its block compares
    with the page's largest one.
    """
    count = len(probs)
    segments = _segments(labels)
    mass = [sum(probs[a:b]) for a, b in segments]
    largest = max(range(len(segments)), key=mass.__getitem__) if segments else -1
    order = sorted(range(len(segments)), key=lambda s: -mass[s])
    rank = {s: r for r, s in enumerate(order)}
    owner = [-1] * count
    for s, (a, b) in enumerate(segments):
        for i in range(a, b):
            owner[i] = s
    big_start, big_end = segments[largest] if segments else (count, count)
    page_mean = _mean(probs)
    gaps = _gaps(labels, segments)
    rows = []
    for i, p in enumerate(probs):
        s = owner[i]
        rows.append([
            p,
            _mean(probs[max(0, i - 1):i + 2]),
            _mean(probs[max(0, i - 3):i + 4]),
            _mean(probs[max(0, i - 8):i + 9]),
            max(probs[max(0, i - 5):i], default=0.0),
            max(probs[i + 1:i + 6], default=0.0),
            1.0 if s >= 0 else 0.0,
            mass[s] / mass[largest] if s >= 0 else 0.0,
            1.0 if s >= 0 and s == largest else 0.0,
            min(rank[s], 5) if s >= 0 else 6.0,
            math.log1p(segments[s][1] - segments[s][0]) if s >= 0 else 0.0,
            page_mean,
            math.log1p(big_start - i) if i < big_start else 0.0,
            math.log1p(i - big_end + 1) if i >= big_end else 0.0,
            min(max(probs[max(0, i - 3):i], default=0.0), max(probs[i + 1:i + 4], default=0.0)),
            math.log1p(gaps[i][0]),
            gaps[i][1],
        ])
    return rows


def _gaps(labels: Sequence[bool], segments: Sequence[tuple[int, int]]
          ) -> list[tuple[int, float]]:
    """Per non-body line: the length of its run of non-body lines, and 1.0 when
    body runs sit on both sides of it (a list or table cut out of the text)."""
    count = len(labels)
    out = [(0, 0.0)] * count
    ends = [(a, b) for a, b in segments]
    for (_, left_end), (right_start, _) in zip(ends, ends[1:]):
        for i in range(left_end, right_start):
            out[i] = (right_start - left_end, 1.0)
    first = ends[0][0] if ends else count
    last = ends[-1][1] if ends else 0
    for i in range(0, min(first, count)):
        out[i] = (first, 0.0)
    for i in range(last, count):
        out[i] = (count - last, 0.0)
    return out
