"""What one fuzz input is and what running it means, for ``bench/fuzz.py``.

Input ``i`` of seed ``S`` comes from ``random.Random(f"{S}:{i}")`` alone: a
page input (a piece of a seed page, mutated: :mod:`fuzz_inputs`) or, for
:data:`LISTING_SHARE` of the inputs, a feed, sitemap or WARC file
(:mod:`fuzz_listings`).

A page is cleaned, and analysed when it gives an article no longer than
``max_article_chars`` (as the batch and web paths do).  Outcomes:
``article``; ``rejected`` with the :class:`~factdesk.model.Rejection`'s
reason slug; ``listed`` / ``rejected`` for listings; ``error`` with the
:class:`~factdesk.errors.FactdeskError` class (a handled refusal);
``memory``, ``hang`` and ``crash`` come from the pool (:mod:`fuzz_pool`).
"""

from __future__ import annotations

import random

from fuzz_inputs import FuzzInput, make_page_input
from fuzz_listings import make_listing_input, run_listing

__all__ = ["LISTING_SHARE", "make_input", "run_input"]

#: The share of inputs that are feeds, sitemaps or WARC files.
LISTING_SHARE = 0.08


def make_input(pages: list[tuple[str, bytes]], seed: int, i: int) -> FuzzInput:
    """Input ``i`` of ``seed``: always the same bytes."""
    rnd = random.Random(f"{seed}:{i}")
    if rnd.random() < LISTING_SHARE:
        return make_listing_input(pages, rnd)
    return make_page_input(pages, rnd)


def run_page(inp: FuzzInput, settings) -> dict:
    from factdesk import Article, Page, Rejection, clean_page
    from factdesk.analyze import analyze

    result = clean_page(Page(source=inp.name, data=inp.data), settings)
    if isinstance(result, Rejection):
        if not result.reason or not result.message:
            return {"outcome": "crash", "detail": f"rejection without a reason: {result!r}"}
        return {"outcome": "rejected", "reason": str(result.reason)}
    if not isinstance(result, Article):
        return {"outcome": "crash", "detail": f"clean_page gave {type(result).__name__}"}
    if len(result.text) > settings.max_article_chars:  # the batch and web paths' rule
        return {"outcome": "rejected", "reason": "too_large", "chars": len(result.text)}
    analysis = analyze(result, settings)
    return {"outcome": "article", "chars": len(result.text), "quotes": len(analysis.quotes)}


def run_input(inp: FuzzInput, settings) -> dict:
    """Run one input; its outcome (exceptions are the caller's to sort)."""
    return run_page(inp, settings) if inp.kind == "page" else run_listing(inp, settings)
