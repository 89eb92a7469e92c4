"""The lines of a text dump: each non-blank line with its line number."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..invisible import INVISIBLE

__all__ = ["Line", "split_lines", "words"]

_WORD = re.compile(r"\w+")

#: Stripped from a line's ends: white space and invisible characters, so a
#: line made only of them is blank.
_EDGES = "".join(chr(c) for c in range(0x3001) if chr(c).isspace()) + INVISIBLE


@dataclass(frozen=True, slots=True, kw_only=True)
class Line:
    """One non-blank line of a dump: ``no`` is its 0-based line number in the page text."""

    no: int
    text: str


def split_lines(text: str) -> tuple[Line, ...]:
    """The non-blank lines of ``text``, stripped of surrounding white space and
    invisible characters (a line of zero-width spaces is blank, not a paragraph)."""
    out = []
    for no, raw in enumerate(text.splitlines()):
        stripped = raw.strip(_EDGES)
        if stripped:
            out.append(Line(no=no, text=stripped))
    return tuple(out)


def words(text: str) -> list[str]:
    """The lower-cased ``\\w+`` tokens of ``text`` (the benchmark's tokens)."""
    return _WORD.findall(text.lower())
