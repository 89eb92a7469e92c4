"""The lines of a text dump: each non-blank line with its line number."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Line", "split_lines", "words"]

_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True, kw_only=True)
class Line:
    """One non-blank line of a dump: ``no`` is its 0-based line number in the page text."""

    no: int
    text: str


def split_lines(text: str) -> tuple[Line, ...]:
    """The non-blank lines of ``text``, stripped of surrounding whitespace."""
    out = []
    for no, raw in enumerate(text.splitlines()):
        stripped = raw.strip()
        if stripped:
            out.append(Line(no=no, text=stripped))
    return tuple(out)


def words(text: str) -> list[str]:
    """The lower-cased ``\\w+`` tokens of ``text`` (the benchmark's tokens)."""
    return _WORD.findall(text.lower())
