"""Numeric features of each line of a dump, for the line model.

A feature row describes the line itself (length, sentence shape, end
punctuation, stop-word density, case, digits), its neighbourhood (how long
and how sentence-like the lines around it are, how far it is from the densest
run of prose on the page, the run of alike short rows it sits in, as the
rows of a list or table do, how much comment-thread furniture sits just
above it) and its repetition (seen twice on this page, seen
on other pages of the same site, matched by the chrome lexicon).  The order
is :data:`FEATURE_NAMES`; the weights file records it, so a model trained on
another order is refused.  The second stage's rows are in :mod:`.context`.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ...model import ChromeReason
from ..chrome import chrome_reason
from ..published import DATE_SHAPE

__all__ = ["FEATURE_NAMES", "line_features", "prose_score"]

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
_LINKISH = re.compile(r"https?://|www\.|@\w|#\w")
_DOT_WORD = re.compile(r"\.\w")
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


def _has_email_shape(text: str) -> bool:
    """Whether ``text`` holds ``\\S+@\\S+\\.\\w+`` (an e-mail-like token), in linear time.

    The regex itself backtracks quadratically on a long line without spaces;
    per token the earliest ``@`` after the first character leaves the most
    room for a ``.`` and a word character at least two characters later.
    """
    if "@" not in text:
        return False
    for token in text.split():
        at = token.find("@", 1)
        if at > 0 and _DOT_WORD.search(token, at + 2):
            return True
    return False


def _is_linkish(text: str) -> bool:
    return bool(_LINKISH.search(text)) or _has_email_shape(text)


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


@dataclass(frozen=True, slots=True)
class _PageView:
    """What the rows of one page share: per-line scores and the page's prose layout."""

    lines: Sequence[str]
    site_lines: frozenset[str]
    prose: list[float]
    chars: list[float]
    repeats: Counter
    block: tuple[int, int]
    prose_idx: list[int]
    median_long: int
    runs: list[tuple[int, float]]
    marks: list[int]

    @property
    def count(self) -> int:
        return len(self.lines)

    @property
    def first_prose(self) -> int:
        return self.prose_idx[0] if self.prose_idx else self.count

    @property
    def last_prose(self) -> int:
        return self.prose_idx[-1] if self.prose_idx else -1


def _page_view(lines: Sequence[str], site_lines: frozenset[str]) -> _PageView:
    prose = [prose_score(t) for t in lines]
    prose_idx = [i for i, p in enumerate(prose) if p >= 0.6]
    long_lengths = sorted(len(lines[i]) for i in prose_idx) or [200]
    marks = [0]
    for text in lines:
        marks.append(marks[-1] + (1 if len(text) < 120 and _COMMENT_MARK.search(text) else 0))
    return _PageView(
        lines=lines, site_lines=site_lines, prose=prose,
        chars=[math.log1p(len(t)) for t in lines], repeats=Counter(lines),
        block=_densest_block(prose), prose_idx=prose_idx,
        median_long=long_lengths[len(long_lengths) // 2],
        runs=_row_runs(lines, prose), marks=marks,
    )


def _lexicon_features(page: _PageView, i: int) -> list[float]:
    """Position, chrome lexicon, repetition and the shapes of metadata lines."""
    text = page.lines[i]
    reason = chrome_reason(text)
    return [
        i / page.count,
        1.0 if reason else 0.0,
        1.0 if reason is ChromeReason.RELATED_LINK else 0.0,
        1.0 if reason in _APPEALS else 0.0,
        1.0 if text in page.site_lines else 0.0,
        min(page.repeats[text] - 1, 3) / 3,
        1.0 if len(text) < 80 and DATE_SHAPE.search(text) else 0.0,
        1.0 if len(text) < 80 and _BYLINE.match(text) else 0.0,
        1.0 if _SEPARATORS.search(text) else 0.0,
        1.0 if _is_linkish(text) else 0.0,
        1.0 if text.endswith(("...", "…")) else 0.0,
        _mean([len(t) for t in text.split()]) / 10,
    ]


def _block_place(page: _PageView, i: int) -> tuple[float, float]:
    """Distance from the densest prose block (0 inside) and position in or around it."""
    block_start, block_end = page.block
    if block_start <= i < block_end:
        return 0.0, (i - block_start) / max(1, block_end - block_start)
    distance = math.log1p(block_start - i if i < block_start else i - block_end + 1)
    return distance, -1.0 if i < block_start else 2.0


def _prefix_of_neighbour(page: _PageView, i: int) -> bool:
    text = page.lines[i]
    if len(text) < 20:
        return False
    head = text[: max(20, len(text) - 2)]
    return any(o != text and o.startswith(head)
               for o in (page.lines[j] for j in (i - 1, i + 1, i + 2) if 0 <= j < page.count))


def _window_features(page: _PageView, i: int) -> list[float]:
    """How long and how prose-like the lines around line ``i`` are."""
    count, chars, prose = page.count, page.chars, page.prose
    win2 = chars[max(0, i - 2):i] + chars[i + 1:i + 3]
    win5 = list(range(max(0, i - 5), i)) + list(range(i + 1, min(count, i + 6)))
    win10 = list(range(max(0, i - 10), i)) + list(range(i + 1, min(count, i + 11)))
    return [
        _mean(win2),
        _mean([chars[j] for j in win5]),
        _mean([prose[j] for j in win5]),
        _mean([prose[j] for j in win10]),
        math.log1p(_gap(page.prose_idx, i, count)),
        prose[i - 1] if i > 0 else 0.0,
        prose[i + 1] if i + 1 < count else 0.0,
    ]


def _layout_features(page: _PageView, i: int) -> list[float]:
    """Where line ``i`` sits against the page's prose: block, neighbours, first and last."""
    count, chars = page.count, page.chars
    first, last = page.first_prose, page.last_prose
    distance, position = _block_place(page, i)
    return [
        1.0 if page.block[0] <= i < page.block[1] else 0.0,
        distance,
        position,
        len(page.prose_idx) / count,
        min(len(page.lines[i]) / page.median_long, 3.0),
        math.log1p(count),
        1.0 if _prefix_of_neighbour(page, i) else 0.0,
        chars[i - 1] if i > 0 else 0.0,
        chars[i + 1] if i + 1 < count else 0.0,
        page.prose[i],
        math.log1p(max(0, i - first)) if i >= first else -math.log1p(first - i),
        math.log1p(max(0, last - i)) if i <= last else -math.log1p(i - last),
    ]


def _list_features(page: _PageView, i: int) -> list[float]:
    """Rows of lists and tables, and comment-thread furniture above the line."""
    text = page.lines[i]
    return [
        math.log1p(page.runs[i][0]),
        page.runs[i][1],
        1.0 if _LIST_MARKER.match(text) else 0.0,
        1.0 if len(text) < 120 and _LABEL_VALUE.match(text) else 0.0,
        math.log1p(page.marks[i] - page.marks[max(0, i - COMMENT_REACH)]),
    ]


def line_features(lines: Sequence[str], site_lines: frozenset[str] = frozenset()
                  ) -> list[list[float]]:
    """One feature row per line, in :data:`FEATURE_NAMES` order.

    Every step is linear in the length of a line, so one huge line costs what
    the same text as many lines costs.
    """
    if not lines:
        return []
    page = _page_view(lines, site_lines)
    return [_own_features(text) + _lexicon_features(page, i) + _window_features(page, i)
            + _layout_features(page, i) + _shape_features(text) + _list_features(page, i)
            for i, text in enumerate(lines)]
