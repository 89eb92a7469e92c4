"""Fill what a page does not say from its metadata hints (:class:`PageHints`).

What the page prints wins: a hint fills the outlet, publication time, headline
or bylines only where the cleaner found none.  A headline hint that the page
prints after all (as its first body line, or as a line the cleaner removed)
takes the page's line verbatim, so the article does not print it twice.
"""

from __future__ import annotations

import dataclasses
import re

from ..model import PageHints
from .assemble import Draft

__all__ = ["apply_hints"]

_NOT_WORD = re.compile(r"\W+")


def _same_title(line: str, title: str) -> bool:
    a = _NOT_WORD.sub(" ", line.casefold()).strip()
    b = _NOT_WORD.sub(" ", title.casefold()).strip()
    return bool(a) and a == b


def _headline(draft: Draft, title: str) -> dict:
    """The draft's changes that make ``title`` its headline."""
    if draft.paragraphs and _same_title(draft.paragraphs[0], title) and len(draft.paragraphs) > 1:
        return {"headline": draft.paragraphs[0], "paragraphs": draft.paragraphs[1:]}
    for n, removed in enumerate(draft.removed):
        if _same_title(removed.text, title):
            return {"headline": removed.text,
                    "removed": draft.removed[:n] + draft.removed[n + 1:]}
    return {"headline": title}


def apply_hints(draft: Draft, hints: PageHints | None) -> Draft:
    """``draft`` with the hints filling the fields the page left empty."""
    if hints is None:
        return draft
    changes: dict = {}
    if not draft.site_name and hints.outlet:
        changes["site_name"] = hints.outlet
    if draft.published is None and hints.published is not None:
        changes["published"] = hints.published
    if not draft.bylines and hints.bylines:
        changes["bylines"] = hints.bylines
    if not draft.headline and hints.headline:
        changes.update(_headline(draft, hints.headline))
    return dataclasses.replace(draft, **changes) if changes else draft
