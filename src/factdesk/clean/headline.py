"""The headline and the standfirst (dek, summary) of an HTML page.

The headline is the page's ``<h1>`` that matches the title the page gives
itself (JSON-LD ``headline``, ``og:title``, ``<title>``); failing that, the
title itself.  The standfirst is the short block right after the headline
when the page marks it as one: a class such as ``dek``, ``standfirst`` or
``subhead``, a place in the article header, or a sub-heading straight after
the ``<h1>``.  Printing the page's description is not enough: many sites
describe a page by its opening paragraph, which belongs to the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .html_blocks import Block
from .published import DATE_SHAPE

__all__ = ["Heading", "find_headline", "find_standfirst"]

_WORD = re.compile(r"\w+")
# Class or id words that mark a standfirst.  "summary", "intro" and "lead" are
# left out: sites use them for the opening paragraph of the body as well.
_DEK_CLASS = re.compile(
    r"(?<![a-z])(?:dek|standfirst|stand-first|strapline|sub-?head(?:line|er)?|sub-?title|deck|"
    r"lead-text|excerpt|tagline|sapo|chapo)(?![a-z])",
    re.IGNORECASE)
_HEADER_CLASS = re.compile(r"(?<![a-z])(?:header|heading|hero)", re.IGNORECASE)
_NOT_DEK = re.compile(r"time|date|byline|author|caption|credit|meta|figure|share|social-links",
                      re.IGNORECASE)
_BODY_CLASS = re.compile(r"(?<![a-z])(?:body|content|text|entry|story)(?![a-z])", re.IGNORECASE)
_BYLINE = re.compile(r"^\s*(?:by|posted by|written by|words by|von|par|por|di)\s", re.IGNORECASE)
_LOOKAHEAD = 6


@dataclass(frozen=True, slots=True, kw_only=True)
class Heading:
    """A line chosen as headline or standfirst, and its block (if printed)."""

    text: str
    block: int | None = None


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.casefold()))


def _overlap(a: str, b: str) -> float:
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


def find_headline(blocks: list[Block], titles: list[str]) -> Heading | None:
    """The printed headline, or the best title when none is printed."""
    titles = [t for t in titles if t]
    headings = [b for b in blocks if b.tag == "h1" and 3 <= len(b.text) <= 400]
    if not headings:
        headings = [b for b in blocks if b.tag in ("h2", "h3") and 10 <= len(b.text) <= 400]
    best, best_score = None, 0.0
    for block in headings:
        score = max((_overlap(block.text, t) for t in titles), default=0.5)
        if score > best_score + 1e-9:
            best, best_score = block, score
    if best is not None and best_score >= 0.6:
        return Heading(text=best.text, block=best.index)
    return Heading(text=titles[0]) if titles else None


def _marked(block: Block) -> bool:
    """A standfirst class on the block, or the block sits in the article header."""
    node = block.element
    for depth in range(4):
        if node is None or node.tag in ("article", "main", "body", "figure", "figcaption"):
            return False
        names = f"{node.get('class', '')} {node.get('id', '')}"
        if depth < 2 and _NOT_DEK.search(names):
            return False
        if depth < 3 and _DEK_CLASS.search(names):
            return True
        if node.tag == "header" or _HEADER_CLASS.search(names):
            return True
        if _BODY_CLASS.search(names):
            return False
        node = node.getparent()
    return False


def find_standfirst(blocks: list[Block], headline: Heading | None) -> Heading | None:
    """The standfirst printed after the headline, or ``None``."""
    if headline is None or headline.block is None:
        return None
    for offset, block in enumerate(blocks[headline.block + 1: headline.block + 1 + _LOOKAHEAD]):
        text = block.text
        if not 25 <= len(text) <= 500 or block.link_density > 0.3:
            continue
        if _BYLINE.match(text) or (len(text) < 80 and DATE_SHAPE.search(text)):
            continue
        if _marked(block) or (offset == 0 and block.tag in ("h2", "h3", "h4", "h5", "h6")):
            return Heading(text=text, block=block.index)
    return None
