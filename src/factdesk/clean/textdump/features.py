"""Numeric features of each line of a dump, for the line model.

A feature row describes the line itself (length, sentence shape, end
punctuation, stop-word density, case, digits), its neighbourhood (how long
and how sentence-like the lines around it are, how far it is from the densest
run of prose on the page, the run of alike short rows it sits in, as the
rows of a list or table do, how much comment-thread furniture sits just
above it) and its repetition (seen twice on this page, seen
on other pages of the same site, matched by the chrome lexicon).  The order
is :data:`FEATURE_NAMES`; the weights file records it, so a model trained on
another order is refused.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from collections.abc import Sequence

from ...model import ChromeReason
from ..chrome import chrome_reason
from ..published import DATE_SHAPE

__all__ = ["CONTEXT_NAMES", "FEATURE_NAMES", "context_features", "line_features", "prose_score"]

# Function words of the languages news pages most often come in; a line of
# prose has many of them, a menu or a headline few.
STOP_WORDS = frozenset("""
a an the and or but of to in on at for with by from as is are was were be been has have had
it its this that these those he she they we you i his her their our not no will would can could
said says about after over into than then there which who what when where how also more
der die das und ist nicht ein eine zu den mit von sich des auf für im dem auch es an als wie
le la les et est un une des du dans pour pas que qui sur au par ce il elle sont avec plus
el los las y es en por con para una lo se del al su que más como pero sus
il lo gli e di che non per una sono con del della nel alla anche come ma si
o os as e um uma do da em no na que não com por para se mais
de het een en van is dat op te zijn niet met voor
""".split())

_SENTENCE_END = re.compile(r"[.!?。！？…]['\"”’»)\]]*$")
_INNER_SENTENCE = re.compile(r"[.!?。！？][\"”’»)]*\s+\S")
_GLUED = re.compile(r"[a-z\u00e0-\u00ff)?!'’][A-Z][a-z]")
_BYLINE = re.compile(r"^(?:by|von|par|por|di|door|from)\s+\S", re.IGNORECASE)
_LINKISH = re.compile(r"https?://|www\.|@\w|#\w|\S+@\S+\.\w+")
_SEPARATORS = re.compile(r"\s[|•·/»›]\s|\s[|•·]\s?|^[|•·»›]")

FEATURE_NAMES: tuple[str, ...] = (
    "log_chars", "log_words", "ends_sentence", "ends_colon", "inner_sentences",
    "stop_ratio", "comma_ratio", "upper_ratio", "title_ratio", "digit_ratio",
    "alpha_ratio", "starts_upper", "position", "chrome_hit", "chrome_related",
    "chrome_appeal", "site_repeated", "page_repeats", "date_shaped", "byline_shaped",
    "separators", "linkish", "ends_ellipsis", "avg_word_len",
    "win2_chars", "win5_chars", "win5_prose", "win10_prose", "gap_prose",
    "prev_prose", "next_prose", "in_block", "block_distance", "block_position",
    "page_prose_share", "rel_length", "log_page_lines", "prefix_of_neighbour",
    "prev_chars", "next_chars", "prose", "lines_since_prose_start", "lines_to_prose_end",
    "title_prefix", "glued", "row_run", "row_run_prose", "list_marker", "label_value",
    "comment_marks_before",
)

#: Features of the second stage, computed from the first stage's probabilities.
CONTEXT_NAMES: tuple[str, ...] = (
    "p", "p_win1", "p_win3", "p_win8", "p_max_before", "p_max_after", "segment_body",
    "segment_share", "segment_is_largest", "segment_rank", "segment_lines", "p_page_mean",
    "before_largest", "after_largest", "sandwich", "gap_lines", "gap_inside",
)

_APPEALS = {ChromeReason.DONATION_APPEAL, ChromeReason.NOTIFICATION_PROMPT,
            ChromeReason.LOGIN_NOTICE, ChromeReason.COMMENT_WIDGET,
            ChromeReason.NEWSLETTER_PROMPT, ChromeReason.SUBSCRIPTION_PROMPT,
            ChromeReason.COOKIE_NOTICE}


def prose_score(text: str) -> float:
    """How much a line looks like a paragraph of prose: 0 (menu item) to about 1."""
    n = len(text)
    if n < 40:
        return 0.0
    score = min(n, 400) / 400
    if _SENTENCE_END.search(text):
        score += 0.5
    tokens = text.lower().split()
    if tokens:
        score += min(1.0, 4 * sum(t.strip(".,;:!?\"'”“’") in STOP_WORDS for t in tokens)
                     / len(tokens)) * 0.5
    return min(score, 2.0) / 2.0


def _densest_block(scores: Sequence[float]) -> tuple[int, int]:
    """The run of lines with the largest total of (score - 0.35): [start, end)."""
    best, best_span = 0.0, (0, 0)
    total, start = 0.0, 0
    for i, s in enumerate(scores):
        total += s - 0.35
        if total <= 0:
            total, start = 0.0, i + 1
        elif total > best:
            best, best_span = total, (start, i + 1)
    return best_span


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _gap(prose_idx: Sequence[int], i: int, count: int) -> int:
    """Lines from ``i`` to the nearest other prose line (``count`` when none)."""
    at = bisect.bisect_left(prose_idx, i)
    candidates = [prose_idx[j] for j in (at - 1, at, at + 1) if 0 <= j < len(prose_idx)]
    return min((abs(j - i) for j in candidates if j != i), default=count)


def _own_features(text: str) -> list[float]:
    n = len(text)
    tokens = text.split()
    nw = len(tokens)
    letters = [c for c in text if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    stop = sum(t.lower().strip(".,;:!?\"'”“’()") in STOP_WORDS for t in tokens)
    title = sum(t[:1].isupper() for t in tokens)
    return [
        math.log1p(n), math.log1p(nw),
        1.0 if _SENTENCE_END.search(text) else 0.0,
        1.0 if text.endswith(":") else 0.0,
        min(len(_INNER_SENTENCE.findall(text)), 10) / 10,
        stop / nw if nw else 0.0,
        text.count(",") / nw if nw else 0.0,
        upper / len(letters) if letters else 0.0,
        title / nw if nw else 0.0,
        sum(c.isdigit() for c in text) / n,
        len(letters) / n,
        1.0 if text[:1].isupper() or text[:1] in "\"“'‘" else 0.0,
    ]


# The furniture of a comment thread: "Jo on May 1, 2019 at 6:34 am said:",
# "2 days ago", "Reply", "12 likes", "Rating: 9 Votes".
_COMMENT_MARK = re.compile(
    r"(?:\d:\d\d|\d{4})\D{0,30}\b(?:said|says|wrote|writes)\s*:\s*$"
    r"|^\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago\b"
    r"|^(?:reply|report|like|flag)$|^\d+\s+(?:likes?|votes?|points?)$|\bvotes?$",
    re.IGNORECASE)
#: How many lines above a line its comment furniture is counted in.
COMMENT_REACH = 15

_LIST_MARKER = re.compile(r"^(?:[-–—•*·▪►✓]\s|\(?\d{1,3}[.)]\s|\(?[a-z][.)]\s)")
_LABEL_VALUE = re.compile(r"^[^:]{1,30}:\s*\S")


def _row_runs(lines: Sequence[str], prose: Sequence[float]) -> list[tuple[int, float]]:
    """Per line: the length of the run of alike short rows it sits in, and that run's prose.

    Lists and tables print one short row per line; rows of a run have similar
    length and shape, so a run is cut where the length changes sharply or a
    long paragraph comes.
    """
    count = len(lines)
    out: list[tuple[int, float]] = [(1, 0.0)] * count
    start = 0
    for i in range(1, count + 1):
        if i < count and len(lines[i]) < 200 and len(lines[i - 1]) < 200 and abs(
                math.log1p(len(lines[i])) - math.log1p(len(lines[i - 1]))) < 1.0:
            continue
        run = i - start
        mean_prose = _mean(prose[start:i])
        for j in range(start, i):
            out[j] = (run, mean_prose)
        start = i
    return out


def _shape_features(text: str) -> list[float]:
    head = text.split()[:6]
    return [
        sum(t[:1].isupper() for t in head) / len(head) if head else 0.0,
        min(len(_GLUED.findall(text)), 3) / 3,
    ]


def line_features(lines: Sequence[str], site_lines: frozenset[str] = frozenset()
                  ) -> list[list[float]]:
    """One feature row per line, in :data:`FEATURE_NAMES` order."""
    count = len(lines)
    if not count:
        return []
    prose = [prose_score(t) for t in lines]
    is_prose = [p >= 0.6 for p in prose]
    chars = [math.log1p(len(t)) for t in lines]
    repeats = Counter(lines)
    block_start, block_end = _densest_block(prose)
    prose_idx = [i for i, p in enumerate(is_prose) if p]
    first_prose = prose_idx[0] if prose_idx else count
    last_prose = prose_idx[-1] if prose_idx else -1
    long_lengths = sorted(len(lines[i]) for i in prose_idx) or [200]
    median_long = long_lengths[len(long_lengths) // 2]
    runs = _row_runs(lines, prose)
    marks = [0]
    for text in lines:
        marks.append(marks[-1] + (1 if len(text) < 120 and _COMMENT_MARK.search(text) else 0))
    rows = []
    for i, text in enumerate(lines):
        reason = chrome_reason(text)
        win2 = chars[max(0, i - 2):i] + chars[i + 1:i + 3]
        win5 = list(range(max(0, i - 5), i)) + list(range(i + 1, min(count, i + 6)))
        win10 = list(range(max(0, i - 10), i)) + list(range(i + 1, min(count, i + 11)))
        gap = _gap(prose_idx, i, count)
        if block_start <= i < block_end:
            distance = 0.0
            position = (i - block_start) / max(1, block_end - block_start)
        else:
            distance = math.log1p(block_start - i if i < block_start else i - block_end + 1)
            position = -1.0 if i < block_start else 2.0
        neighbours = [lines[j] for j in (i - 1, i + 1, i + 2) if 0 <= j < count]
        prefix = any(len(text) >= 20 and o != text and o.startswith(text[: max(20, len(text) - 2)])
                     for o in neighbours)
        row = _own_features(text) + [
            i / count,
            1.0 if reason else 0.0,
            1.0 if reason is ChromeReason.RELATED_LINK else 0.0,
            1.0 if reason in _APPEALS else 0.0,
            1.0 if text in site_lines else 0.0,
            min(repeats[text] - 1, 3) / 3,
            1.0 if len(text) < 80 and DATE_SHAPE.search(text) else 0.0,
            1.0 if len(text) < 80 and _BYLINE.match(text) else 0.0,
            1.0 if _SEPARATORS.search(text) else 0.0,
            1.0 if _LINKISH.search(text) else 0.0,
            1.0 if text.endswith(("...", "…")) else 0.0,
            _mean([len(t) for t in text.split()]) / 10,
            _mean(win2),
            _mean([chars[j] for j in win5]),
            _mean([prose[j] for j in win5]),
            _mean([prose[j] for j in win10]),
            math.log1p(gap),
            prose[i - 1] if i > 0 else 0.0,
            prose[i + 1] if i + 1 < count else 0.0,
            1.0 if block_start <= i < block_end else 0.0,
            distance,
            position,
            len(prose_idx) / count,
            min(len(text) / median_long, 3.0),
            math.log1p(count),
            1.0 if prefix else 0.0,
            chars[i - 1] if i > 0 else 0.0,
            chars[i + 1] if i + 1 < count else 0.0,
            prose[i],
            math.log1p(max(0, i - first_prose)) if i >= first_prose else -math.log1p(first_prose - i),
            math.log1p(max(0, last_prose - i)) if i <= last_prose else -math.log1p(i - last_prose),
        ] + _shape_features(text) + [
            math.log1p(runs[i][0]),
            runs[i][1],
            1.0 if _LIST_MARKER.match(text) else 0.0,
            1.0 if len(text) < 120 and _LABEL_VALUE.match(text) else 0.0,
            math.log1p(marks[i] - marks[max(0, i - COMMENT_REACH)]),
        ]
        rows.append(row)
    return rows


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
