"""Tokens by character range, without walking the whole ``Doc`` each time.

Rules ask often for "the tokens that start inside this span" of a unit; a scan
of every token per question made that cost grow with the unit times the
questions.  Token start offsets are read once per ``Doc`` (kept in its
``user_data``) and the range is found by bisection.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

__all__ = ["tokens_starting_in"]

_STARTS = "factdesk.token_starts"


def _starts(doc: Doc) -> list[int]:
    starts = doc.user_data.get(_STARTS)
    if starts is None or len(starts) != len(doc):
        starts = [t.idx for t in doc]
        doc.user_data[_STARTS] = starts
    return starts


def tokens_starting_in(doc: Doc, start: int, end: int) -> Span:
    """The tokens of ``doc`` whose first character lies in ``[start, end)``
    (offsets into ``doc.text``), as a span (empty when none)."""
    starts = _starts(doc)
    return doc[bisect_left(starts, start):bisect_left(starts, end)]
