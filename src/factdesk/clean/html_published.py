"""When an HTML page says it was published, as an aware ``datetime``.

Sources, surest first: JSON-LD ``datePublished``, ``<meta>`` publication
times (``article:published_time`` ...), ``<time datetime>`` elements, then a
printed date line near the headline, read by
:func:`factdesk.clean.published.parse_published`.  A time without an offset
is skipped unless ``default_timezone`` is set: a guessed offset is worse than
none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from lxml import etree

from .html_blocks import Block
from .html_meta import PageMeta
from .published import DATE_SHAPE, parse_published

__all__ = ["PublishedTime", "find_published"]

_PRINTED_WINDOW = 12
_EARLIEST_YEAR = 1990  # placeholder dates ("0001-01-01") are not publication times
_MAX_PRINTED = 160


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
    """The page's publication time; ``anchor`` is the headline's block index."""
    for value in (*meta.published, *(v for _rank, v in _time_elements(root))):
        parsed = parse_published(value, default_timezone=default_timezone)
        if parsed is not None and parsed.year >= _EARLIEST_YEAR:
            return PublishedTime(value=parsed, text=value)
    start = 0 if anchor is None else max(0, anchor - _PRINTED_WINDOW)
    stop = len(blocks) if anchor is None else anchor + _PRINTED_WINDOW
    for block in blocks[start:stop]:
        if len(block.text) <= _MAX_PRINTED and DATE_SHAPE.search(block.text):
            parsed = parse_published(block.text, default_timezone=default_timezone)
            if parsed is not None and parsed.year >= _EARLIEST_YEAR:
                return PublishedTime(value=parsed, text=block.text, block=block.index)
    return None
