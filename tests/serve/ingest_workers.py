"""Stand-ins for the analysis the ingest worker processes run (module-level, so a
spawned process can import them): quick (no spaCy), or held until a test opens a gate."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

from factdesk.clean import verbatim_article
from factdesk.model import Analysis, Page, PageOutcome
from factdesk.settings import Settings


def verbatim(page: Page, settings: Settings) -> PageOutcome:
    """The page's text as the article, with an empty analysis."""
    text = page.data.decode("utf-8") if page.data is not None else page.text or ""
    article = dataclasses.replace(verbatim_article(text, source=page.source, url=page.url),
                                  page_id=page.id)
    return PageOutcome.of_page(page, article=article,
                               analysis=Analysis(article_id=article.id))


def gated(gate: str, page: Page, settings: Settings) -> PageOutcome:
    """:func:`verbatim`, once the file ``gate`` exists (give up after two minutes)."""
    deadline = time.monotonic() + 120
    while not Path(gate).exists():
        if time.monotonic() > deadline:
            raise RuntimeError(f"the test never opened {gate}")
        time.sleep(0.02)
    return verbatim(page, settings)


def crash(page: Page, settings: Settings) -> PageOutcome:
    """A worker process that dies under its job (as when killed for memory)."""
    import os

    os._exit(3)


def cleaned(page: Page, settings: Settings) -> PageOutcome:
    """The page through the real clean stage, without the analysis (no spaCy)."""
    from factdesk.pipeline import process

    (outcome,) = process([page], settings, analyze=False)
    return outcome
