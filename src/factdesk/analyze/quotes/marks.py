"""Double quotation marks: where the quoted segments of a paragraph are.

Curly (“ ” „), straight (") and two apostrophes ('') all count as double
marks.  An opening mark with no closing one runs to the end of its paragraph,
the news convention for a quote that continues in the next paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Segment", "quoted_segments"]

OPENING = frozenset("\u201c\u201e\u00ab")      # “ „ «
CLOSING = frozenset("\u201d\u00bb")            # ” »
EITHER = frozenset('"\u2033')                  # " ″


@dataclass(frozen=True, slots=True, kw_only=True)
class Segment:
    """A quoted segment: ``[start, end)`` includes the marks, ``[inner_start,
    inner_end)`` does not; ``closed`` is false when it runs to the paragraph end."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    closed: bool


def quoted_segments(text: str, offset: int = 0) -> list[Segment]:
    """The double-quoted segments of one paragraph ``text`` (offsets + ``offset``)."""
    out: list[Segment] = []
    open_at: int | None = None
    open_len = 0
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        width = 2 if c == "'" and i + 1 < n and text[i + 1] == "'" else 1
        if width == 2 or c in EITHER:
            if open_at is None:
                open_at, open_len = i, width
            else:
                out.append(_segment(open_at, open_len, i, width, offset))
                open_at = None
        elif c in OPENING:
            if open_at is None:
                open_at, open_len = i, 1
        elif c in CLOSING and open_at is not None:
            out.append(_segment(open_at, open_len, i, 1, offset))
            open_at = None
        i += width
    if open_at is not None:
        end = len(text.rstrip())
        out.append(Segment(start=open_at + offset, end=end + offset,
                           inner_start=open_at + open_len + offset, inner_end=end + offset,
                           closed=False))
    return out


def _segment(open_at: int, open_len: int, close_at: int, close_len: int, offset: int) -> Segment:
    return Segment(start=open_at + offset, end=close_at + close_len + offset,
                   inner_start=open_at + open_len + offset, inner_end=close_at + offset,
                   closed=True)
