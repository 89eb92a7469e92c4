"""When an HTML page says it was published, as an aware ``datetime``.

Sources, surest first: JSON-LD ``datePublished``, ``<meta>`` publication
times (``article:published_time`` ...), ``<time datetime>`` elements, then a
printed date line near the headline, read by
:func:`factdesk.clean.published.parse_published`.  A time without an offset
is skipped unless ``default_timezone`` is set: a guessed offset is worse than
none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from lxml import etree

from .html_blocks import Block
from .html_meta import PageMeta
from .published import DATE_SHAPE, parse_published, parse_published_day

__all__ = ["PublishedTime", "find_published"]

_PRINTED_WINDOW = 12
_EARLIEST_YEAR = 1990  # placeholder dates ("0001-01-01") are not publication times
_MAX_PRINTED = 160
#: Most metadata values and printed lines read per page: each that dateparser
#: must try costs it 20-80 ms (every locale), so a page of a few KB with hundreds
#: of ``<time>`` elements cost seconds (found by bench/fuzz.py).  Real pages give
#: a handful, surest first.
_MAX_TRIED = 8
_LABELLED = re.compile(r"\W*(?:by|published|posted|updated|date[ds]?|on)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True, kw_only=True)
class PublishedTime:
    """The time found, the text it was read from, and the block that printed it."""

    value: datetime
    text: str
    block: int | None = None


def _time_elements(root: etree._Element) -> list[tuple[int, str]]:
    """``<time datetime>`` values, publication-marked ones first."""
    found = []
    for element in root.iter("time"):
        value = (element.get("datetime") or "").strip()
        if not value:
            continue
        marks = f"{element.get('itemprop', '')} {element.get('class', '')} " \
                f"{element.get('pubdate', '')}".lower()
        rank = 0 if ("publish" in marks or "pubdate" in marks or element.get("pubdate") is not None) \
            else 2 if ("modif" in marks or "update" in marks) else 1
        found.append((rank, value))
    found.sort(key=lambda pair: pair[0])
    return found


def find_published(meta: PageMeta, root: etree._Element, blocks: list[Block], *,
                   anchor: int | None, default_timezone: str = "") -> PublishedTime | None:
    """The page's publication time; ``anchor`` is the headline's block index.

    A full time (with its zone) wins over a bare day; a day the page gives in
    its metadata wins over one printed near the headline.
    """
    values = (*meta.published, *(v for _rank, v in _time_elements(root)))[:_MAX_TRIED]
    start = 0 if anchor is None else max(0, anchor - _PRINTED_WINDOW)
    stop = len(blocks) if anchor is None else anchor + _PRINTED_WINDOW
    printed = [b for b in blocks[start:stop]
               if len(b.text) <= _MAX_PRINTED and DATE_SHAPE.search(b.text)]
    # a date line or a byline with its date before a sentence that mentions a date
    printed.sort(key=lambda b: not (len(b.text) <= 40 or _LABELLED.match(b.text)))
    del printed[_MAX_TRIED:]
    for parse in (lambda v: parse_published(v, default_timezone=default_timezone),
                  parse_published_day):
        for value in values:
            parsed = parse(value)
            if parsed is not None and parsed.year >= _EARLIEST_YEAR:
                return PublishedTime(value=parsed, text=value)
        for block in printed:
            parsed = parse(block.text)
            if parsed is not None and parsed.year >= _EARLIEST_YEAR:
                return PublishedTime(value=parsed, text=block.text, block=block.index)
    return None
