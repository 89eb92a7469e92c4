"""Wire datelines at the head of the body: "WASHINGTON (AP) —", "LONDON (Reuters) -".

A dateline names the place a story was filed from and, in brackets, the agency
that filed it.  It is printed as the start of the first paragraph; read as part
of that paragraph it makes the place look like the subject of the first
sentence.  :func:`find_dateline` says where it ends, so the article can carry
it as place and credit and start the paragraph after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["DatelineMatch", "find_dateline"]

_CAPS_WORD = r"[A-Z][A-Z.'’\-]*[A-Z.]"
_TITLE_WORD = r"[A-Z][a-z.'’\-]+"
# The region after a comma: "Ky.", "S.C.", "Calif.", "Pa.", "New York", "Ukraine", "England".
_REGION = rf"(?:,\s+(?:{_TITLE_WORD}|{_CAPS_WORD})(?:\s+(?:{_TITLE_WORD}|{_CAPS_WORD}))?)?"
# An optional date after the place: "WASHINGTON, Oct 3 (Reuters)".
_DATE = r"(?:,?\s+(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}))?"
_CREDIT = r"\(\s*(?P<credit>[A-Z][\w.&'’ -]{0,30}?)\s*\)"
_DASH = r"\s*(?:—|–|--|-)\s+"
_CAPS_PLACE = re.compile(
    rf"^(?P<place>{_CAPS_WORD}(?:[ -]{_CAPS_WORD}){{0,3}}{_REGION}){_DATE}"
    rf"(?:\s+{_CREDIT})?{_DASH}(?=[\"“‘'A-Z0-9])")
# A mixed-case place counts only with a credit in brackets: "Washington (Reuters) -".
_TITLE_PLACE = re.compile(
    rf"^(?P<place>{_TITLE_WORD}(?:\s+{_TITLE_WORD}){{0,2}}{_REGION}){_DATE}"
    rf"\s+{_CREDIT}{_DASH}(?=[\"“‘'A-Z0-9])")


@dataclass(frozen=True, slots=True, kw_only=True)
class DatelineMatch:
    """Offsets inside the paragraph: the dateline ends at ``end`` (dash and space
    included); ``place`` and ``credit`` are ``(start, end)`` pairs."""

    end: int
    place: tuple[int, int]
    credit: tuple[int, int] | None = None


def find_dateline(paragraph: str) -> DatelineMatch | None:
    """The dateline opening ``paragraph``, or ``None``."""
    for pattern in (_CAPS_PLACE, _TITLE_PLACE):
        match = pattern.match(paragraph)
        if match is None:
            continue
        place = match.group("place")
        credit = (match.start("credit"), match.end("credit")) if match.group("credit") else None
        if sum(c.isalpha() for c in place) < (3 if credit else 4):
            continue  # "FBI — The agency said" opens a sentence, not a dateline
        end = match.end()
        if end >= len(paragraph) - 1:
            return None
        return DatelineMatch(end=end, place=(match.start("place"), match.end("place")),
                             credit=credit)
    return None
