"""Cutting a very long stretch of text into bounded pieces before it is parsed.

spaCy's working memory grows with the tokens of one ``Doc``: a single 1 MB
paragraph takes gigabytes where the same text as many paragraphs takes a
fraction.  A stretch longer than :data:`MAX_PIECE_CHARS` is therefore cut
into pieces of at most that many characters, each ending at the last
sentence-like break inside its window (a newline, else ``.``, ``!`` or ``?``
before a space, else any space), or at the window's end when there is none.
Pieces are :class:`~factdesk.model.Span` of the same text, so offsets stay
exact: ``text[piece.start:piece.end] == piece.text``.  Ordinary paragraphs are
far shorter than the limit and come back whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...model import Span

__all__ = ["MAX_PIECE_CHARS", "pieces"]

#: The longest stretch parsed as one ``Doc``.
MAX_PIECE_CHARS = 10_000
#: A break is looked for only in the last part of a window, so pieces stay long.
_MIN_SHARE = 0.5
_BREAKS = (re.compile(r"\n"), re.compile(r"[.!?。！？…][\"'”’»)\]]*(?=\s)"), re.compile(r"\s"))


def _cut(text: str, start: int, limit: int) -> int:
    """Where the piece that starts at ``start`` ends (exclusive), at most ``limit`` on."""
    end = start + limit
    low = start + int(limit * _MIN_SHARE)
    for pattern in _BREAKS:
        last = None
        for match in pattern.finditer(text, low, end):
            last = match
        if last is not None:
            return last.end()
    return end


def pieces(span: Span, limit: int = MAX_PIECE_CHARS) -> Iterator[Span]:
    """``span`` whole when it is at most ``limit`` characters; else its pieces, in order,
    with the whitespace between two pieces left out."""
    text, base = span.text, span.start
    if len(text) <= limit:
        yield span
        return
    start = 0
    while start < len(text):
        while start < len(text) and text[start].isspace():
            start += 1
        if start >= len(text):
            return
        end = len(text) if len(text) - start <= limit else _cut(text, start, limit)
        stop = end
        while stop > start and text[stop - 1].isspace():
            stop -= 1
        if stop > start:
            yield Span(start=base + start, end=base + stop, text=text[start:stop])
        start = end
