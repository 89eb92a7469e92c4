"""Cutting a very long stretch of text into bounded pieces before it is parsed.

spaCy's cost grows faster than the text in two places: its working memory
follows the tokens of one ``Doc`` (a single 1 MB paragraph takes gigabytes
where the same text as many paragraphs takes a fraction), and its tokenizer
strips affixes off a word one at a time, searching the rest of the word each
time, so a 10,000-character run of em dashes or quote marks takes a minute.
So, before parsing:

* a stretch longer than :data:`MAX_PIECE_CHARS` is cut into pieces of at most
  that many characters, each ending at the last sentence-like break inside its
  window (a newline, else ``.``, ``!`` or ``?`` before a space, else any
  space), or at the window's end when there is none;
* a run of more than :data:`MAX_RUN_CHARS` characters without a space is no
  word of a language written with spaces: when 60 % of it is letters (a
  language written without spaces, a mangled paragraph) it is parsed in pieces
  of at most that many characters; otherwise (punctuation, digits, symbols) it
  is not parsed at all, as it holds nothing the analyzers look for.

* a piece whose visible characters (not space, not an invisible format
  character) are mostly neither letters nor digits is not parsed either: a
  paragraph of ``???? ?? ???.`` (text that lost its characters to a wrong
  encoding) or of punctuation is no prose, and costs the parser three to five
  times the tokens of prose of the same size.

Pieces are :class:`~factdesk.model.Span` of the same text, so offsets stay
exact: ``text[piece.start:piece.end] == piece.text``.  Ordinary paragraphs are
far shorter than the limits and come back whole, as the same span.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from ...clean.invisible import INVISIBLE_RE
from ...model import Span

__all__ = ["MAX_PIECE_CHARS", "MAX_RUN_CHARS", "pieces", "reads_as_text"]

#: The longest stretch parsed as one ``Doc``.
MAX_PIECE_CHARS = 10_000
#: The longest run without a space parsed as it stands.
MAX_RUN_CHARS = 200
#: A break is looked for only in the last part of a window, so pieces stay long.
_MIN_SHARE = 0.5
_BREAKS = (re.compile(r"\n"), re.compile(r"[.!?。！？…][\"'”’»)\]]*(?=\s)"), re.compile(r"\s"))
# The lookbehind makes each run start only where it starts: linear time.
_LONG_RUN = re.compile(r"(?<!\S)\S{%d,}" % (MAX_RUN_CHARS + 1))


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


def _sentence_cuts(text: str, start: int, stop: int, limit: int) -> Iterator[tuple[int, int]]:
    """``text[start:stop]`` as ranges of at most ``limit`` characters."""
    while stop - start > limit:
        end = _cut(text, start, limit)
        yield start, end
        start = end
    yield start, stop


def _mostly_letters(run: str) -> bool:
    """At least 60 % letters: a script written without spaces or words run together
    are, a word with a hundred ``'s`` suffixes (half letters) is not."""
    return sum(c.isalpha() for c in run) * 5 >= len(run) * 3


def reads_as_text(text: str) -> bool:
    """Whether at least half of ``text``'s visible characters are letters or digits
    (a combining mark, as in Devanagari, goes with its letter)."""
    visible = len(text) - sum(map(str.isspace, text)) - len(INVISIBLE_RE.findall(text))
    if not text.isascii():
        visible -= sum(1 for c in text if c > "\x7f" and unicodedata.category(c)[0] == "M")
    return visible > 0 and sum(map(str.isalnum, text)) * 2 >= visible


def _ranges(text: str, limit: int) -> Iterator[tuple[int, int]]:
    """The ranges of ``text`` to parse, in order, before trimming."""
    at = 0
    for match in _LONG_RUN.finditer(text):
        yield from _sentence_cuts(text, at, match.start(), limit)
        if _mostly_letters(match.group()):
            yield from ((i, min(i + MAX_RUN_CHARS, match.end()))
                        for i in range(match.start(), match.end(), MAX_RUN_CHARS))
        at = match.end()
    yield from _sentence_cuts(text, at, len(text), limit)


def pieces(span: Span, limit: int = MAX_PIECE_CHARS) -> Iterator[Span]:
    """``span`` itself when it is at most ``limit`` characters and has no run over
    :data:`MAX_RUN_CHARS`; else the pieces to parse, in order, without the
    whitespace around them."""
    text, base = span.text, span.start
    if len(text) <= limit and (len(text) <= MAX_RUN_CHARS or not _LONG_RUN.search(text)):
        if reads_as_text(text):
            yield span
        return
    for start, stop in _ranges(text, limit):
        while start < stop and text[start].isspace():
            start += 1
        while stop > start and text[stop - 1].isspace():
            stop -= 1
        if stop > start and reads_as_text(text[start:stop]):
            yield Span(start=base + start, end=base + stop, text=text[start:stop])
