"""Bylines: who wrote the article.

The page's own metadata (JSON-LD ``author``, ``<meta name=author>``) comes
first.  When it is silent, the printed byline near the headline is read: a
"By ..." line, or a short block whose class names a byline or author.
"""

from __future__ import annotations

import re

from .html_blocks import Block

__all__ = ["clean_names", "printed_bylines"]

_BY = re.compile(r"^\s*(?:by|posted by|written by|words by)\s*:?\s+(?P<names>.+)$", re.IGNORECASE)
_BYLINE_CLASS = re.compile(r"byline|author", re.IGNORECASE)
_SPLIT = re.compile(r"\s*(?:,|&|\band\b|\|)\s*", re.IGNORECASE)
_NOT_NAME = re.compile(r"\d|@|://|\b(?:updated|published|posted|min read|follow)\b", re.IGNORECASE)
_WINDOW = 12


def clean_names(names: list[str]) -> tuple[str, ...]:
    """Names tidied (``By`` dropped, whitespace collapsed), each once."""
    out = []
    for name in names:
        name = " ".join(name.split())
        match = _BY.match(name)
        if match:
            name = match.group("names")
        if name and len(name) <= 100 and "://" not in name:
            out.append(name)
    return tuple(dict.fromkeys(out))


def _names(text: str) -> list[str]:
    parts = [p.strip(" .:;") for p in _SPLIT.split(text)]
    return [p for p in parts if p and len(p.split()) <= 5 and not _NOT_NAME.search(p)]


def _classed(block: Block) -> bool:
    node = block.element
    for _ in range(3):
        if node is None:
            return False
        if _BYLINE_CLASS.search(f"{node.get('class', '')} {node.get('id', '')} "
                                f"{node.get('rel', '')} {node.get('itemprop', '')}"):
            return True
        node = node.getparent()
    return False


def printed_bylines(blocks: list[Block], anchor: int | None) -> tuple[tuple[str, ...], int | None]:
    """Names printed in a byline near block ``anchor``, and that block's index."""
    start = 0 if anchor is None else max(0, anchor - _WINDOW)
    stop = _WINDOW * 2 if anchor is None else anchor + _WINDOW
    for block in blocks[start:stop]:
        if len(block.text) > 120:
            continue
        match = _BY.match(block.text)
        if match:
            names = _names(match.group("names"))
        elif _classed(block) and len(block.text) <= 60:
            names = _names(block.text)
        else:
            continue
        if names:
            return tuple(dict.fromkeys(names)), block.index
    return (), None
