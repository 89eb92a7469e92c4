"""Compose the stages: pages -> articles -> analyses, one :class:`PageOutcome` per page.

:func:`process` is the only composer.  The CLI's ``clean`` and ``analyze``
(through :func:`run_sources`), the batch shards
(:func:`factdesk.scale.batch.run_shard`) and the web app's submission
(:mod:`factdesk.serve.submit`) all call it, so every path gives a page the
same outcome: every rejection is decided in the clean stage, and an article
whose analysis fails is rejected as ``internal_error`` on its own.

Sources are read by the one source reader (:func:`factdesk.ingest.page_refs`,
:func:`factdesk.ingest.read_ref`), so ``factdesk clean feed.xml`` cleans the
feed's pages, as ``factdesk ingest feed.xml`` stores them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator

from .analyze import analyze_many
from .clean import clean_many
from .errors import InputError
from .ingest import (ArchiveMetadata, Fetcher, LazyFetcher, PageRef, SourceProblem,
                     join_metadata, page_refs, read_ref)
from .model import Analysis, Article, Page, PageOutcome, ProblemReason, RejectReason, Rejection
from .settings import Settings

__all__ = ["analyze_articles", "process", "read", "read_sources", "run_sources"]

log = logging.getLogger(__name__)


def read(ref: PageRef, settings: Settings,
         fetcher: Fetcher | LazyFetcher | None = None) -> Page | PageOutcome:
    """The page behind ``ref``, or a failure outcome (``fetch_failed`` for a
    URL, ``unreadable`` otherwise) when it cannot be read."""
    try:
        return read_ref(ref, settings, fetcher)
    except InputError as exc:
        reason = ProblemReason.FETCH_FAILED if ref.kind == "url" else ProblemReason.UNREADABLE
        return PageOutcome.failure(ref.key, str(exc), reason)


def _failure(problem: SourceProblem) -> PageOutcome:
    return PageOutcome.failure(problem.source, problem.message, problem.reason)


def read_sources(sources: Iterable[str], settings: Settings, *,
                 fetcher: Fetcher | None = None,
                 metadata: ArchiveMetadata | None = None) -> list[Page | PageOutcome]:
    """Every page the sources name, read, in order; a source or page that cannot
    be read gives a failure outcome in its place.  ``metadata`` fills what the
    pages do not print (:func:`~factdesk.ingest.read_metadata`)."""
    with LazyFetcher(settings, fetcher) as lazy:
        found = list(page_refs(sources, settings, fetcher=lazy))
        if metadata is not None:
            joined = iter(join_metadata([r for r in found if isinstance(r, PageRef)],
                                        metadata)[0])
            found = [next(joined) if isinstance(r, PageRef) else r for r in found]
        return [read(item, settings, lazy) if isinstance(item, PageRef) else _failure(item)
                for item in found]


def analyze_articles(articles: list[Article],
                     settings: Settings) -> list[Analysis | Rejection]:
    """Analyses in order; an article whose analysis fails gets an ``internal_error``
    rejection (the batch is retried article by article to find it)."""
    try:
        return list(analyze_many(articles, settings))
    except Exception:  # a task boundary: retry one by one to find the culprit
        log.exception("analysis of a batch failed; retrying article by article")
    out: list[Analysis | Rejection] = []
    for article in articles:
        try:
            out.append(next(analyze_many([article], settings)))
        except Exception as exc:  # noqa: BLE001 - a task boundary
            out.append(Rejection(source=article.source, reason=RejectReason.INTERNAL_ERROR,
                                 page_id=article.page_id,
                                 message=f"analysis failed: {type(exc).__name__}: {exc}"))
    return out


def process(items: Iterable[Page | PageOutcome], settings: Settings, *, analyze: bool = True,
            kind: str | None = None) -> list[PageOutcome]:
    """Clean the pages together (so site chrome is learned from repetition
    across them), then analyze the articles; one outcome per item, in order.

    An item that is already an outcome (a page that could not be read) is kept
    in its place.  ``kind`` forces ``html`` or ``text`` instead of sniffing.
    """
    items = list(items)
    pages = [item for item in items if isinstance(item, Page)]
    cleaned = list(clean_many(pages, settings, kind=kind))
    articles = [result for result in cleaned if isinstance(result, Article)]
    analyses = iter(analyze_articles(articles, settings) if analyze
                    else [None] * len(articles))
    results = iter(zip(pages, cleaned))
    out: list[PageOutcome] = []
    for item in items:
        if isinstance(item, PageOutcome):
            out.append(item)
            continue
        page, result = next(results)
        if isinstance(result, Rejection):
            out.append(PageOutcome.of_page(page, rejection=result))
            continue
        analysis = next(analyses)
        if isinstance(analysis, Rejection):
            out.append(PageOutcome.of_page(page, rejection=analysis))
        else:
            out.append(PageOutcome.of_page(page, article=result, analysis=analysis))
    return out


def run_sources(sources: Iterable[str], settings: Settings, *, analyze: bool = False,
                kind: str | None = None, fetcher: Fetcher | None = None,
                metadata: ArchiveMetadata | None = None) -> Iterator[PageOutcome]:
    """Read every page the sources name and :func:`process` them together; the
    outcomes in input order (the work starts when the first is asked for)."""
    items = read_sources(sources, settings, fetcher=fetcher, metadata=metadata)
    yield from process(items, settings, analyze=analyze, kind=kind)
