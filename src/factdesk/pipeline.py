"""Compose the stages for one-off runs: sources -> pages -> articles -> analyses.

The CLI's ``clean`` and ``analyze`` stream through these functions; they hold
no logic of their own beyond wiring.  Batch runs into the store live in
:mod:`factdesk.batch`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

from .analyze import analyze_many
from .clean import clean_many
from .errors import InputError
from .ingest import (ArchiveMetadata, Fetcher, expand_sources, read_path, read_stream,
                     with_hints)
from .model import Analysis, Article, Page, Rejection
from .settings import Settings

__all__ = ["CleanOutcome", "analyze_sources", "clean_sources", "read_sources"]


@dataclass(frozen=True, slots=True, kw_only=True)
class CleanOutcome:
    """One source's result: an article, a rejection, or an input error."""

    source: str
    article: Article | None = None
    rejection: Rejection | None = None
    error: str | None = None
    analysis: Analysis | None = None


def read_sources(sources: Iterable[str], settings: Settings, *,
                 fetcher: Fetcher | None = None) -> Iterator[tuple[str, Page | InputError]]:
    """``(source, page)`` for the given sources; a source that cannot be read
    gives its error in place of the page.

    URLs are fetched with ``fetcher`` (one is made from the settings when a URL
    first comes up), which refuses private addresses unless allowed.
    """
    limit = settings.max_page_bytes + 1
    own = None
    try:
        for path in expand_sources(sources):
            try:
                if path == "-":
                    page = read_stream(sys.stdin.buffer, limit=limit)
                elif "://" in path:
                    if fetcher is None:
                        fetcher = own = Fetcher(settings)
                    page = fetcher.fetch(path)
                else:
                    page = read_path(path, limit=limit)
            except InputError as exc:
                yield path, exc
            else:
                yield path, page
    finally:
        if own is not None:
            own.close()


def clean_sources(sources: Iterable[str], settings: Settings, *, kind: str | None = None,
                  progress: Callable[[CleanOutcome], None] | None = None,
                  fetcher: Fetcher | None = None,
                  metadata: ArchiveMetadata | None = None) -> Iterator[CleanOutcome]:
    """Clean every page the sources name, together (so site chrome is learned
    from repetition across pages), in input order; ``metadata`` fills what the
    pages do not print (:func:`~factdesk.ingest.read_metadata`)."""
    read = list(read_sources(sources, settings, fetcher=fetcher))
    if metadata is not None:
        hints = with_hints(metadata, [source for source, _ in read])
        read = [(source, replace(page, hints=hints[source])
                 if isinstance(page, Page) and source in hints else page)
                for source, page in read]
    pages = [p for _, p in read if isinstance(p, Page)]
    results = iter(clean_many(pages, settings, kind=kind))
    for source, item in read:
        if isinstance(item, InputError):
            outcome = CleanOutcome(source=source, error=str(item))
        else:
            result = next(results)
            outcome = (CleanOutcome(source=item.source, article=result)
                       if isinstance(result, Article)
                       else CleanOutcome(source=item.source, rejection=result))
        if progress:
            progress(outcome)
        yield outcome


def analyze_sources(sources: Iterable[str], settings: Settings, *, kind: str | None = None,
                    progress: Callable[[CleanOutcome], None] | None = None,
                    metadata: ArchiveMetadata | None = None) -> Iterator[CleanOutcome]:
    """Clean, then analyze every article (parsed in batches), in input order."""
    outcomes = list(clean_sources(sources, settings, kind=kind, metadata=metadata))
    articles = [o.article for o in outcomes if o.article is not None]
    analyses = iter(analyze_many(articles, settings))
    for outcome in outcomes:
        if outcome.article is not None:
            outcome = CleanOutcome(source=outcome.source, article=outcome.article,
                                   analysis=next(analyses))
        if progress:
            progress(outcome)
        yield outcome
