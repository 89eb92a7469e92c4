"""The one source reader: what the user named -> page refs -> the page behind each ref.

Every command reads its sources here (``clean``, ``analyze``, ``ingest`` and
the batch workers).  A source is a file, folder, glob, ``-`` (standard
input), an ``http(s)`` URL, a WARC file, an RSS/Atom feed or an XML sitemap
(a file or a URL).  Feeds and sitemaps are recognised by their content when
their name looks like XML or a feed (``.xml``, ``.rss``, ``.atom``, or
``feed``/``rss``/``sitemap`` in a URL), so an ordinary page URL is fetched
once only, by whoever reads it.

URLs are fetched through a :class:`LazyFetcher`: the fetcher the caller gave,
or one built from the settings when a URL first comes up and closed at the end.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import InputError
from ..model import Page, ProblemReason, content_id
from ..settings import Settings
from .feeds import feed_refs, looks_like_feed
from .fetch import Fetcher
from .files import PAGE_SUFFIXES, expand_path, read_path, read_stream
from .metadata import ArchiveMetadata, unmatched_note, unmatched_rows, with_hints
from .refs import PageRef, SourceProblem
from .sitemaps import looks_like_sitemap, sitemap_refs
from .warc import WARC_SUFFIXES, is_warc, read_warc_record, warc_refs

__all__ = ["LISTING_SUFFIXES", "LazyFetcher", "join_metadata", "page_refs", "read_ref"]

log = logging.getLogger(__name__)

#: File endings read as feeds or sitemaps (by content) rather than as pages.
LISTING_SUFFIXES = (".xml", ".rss", ".atom", ".xml.gz")
_LISTING_WORDS = ("feed", "rss", "atom", "sitemap")


class LazyFetcher:
    """The given fetcher, or one built from the settings on first use.

    Closing it closes only a fetcher it built itself; the caller's stays open.
    """

    def __init__(self, settings: Settings, fetcher: Fetcher | LazyFetcher | None = None) -> None:
        self.settings = settings
        self.given = fetcher
        self.own: Fetcher | None = None

    def fetch(self, url: str, *, limit: int | None = None) -> Page:
        """The page at ``url`` (see :meth:`Fetcher.fetch`)."""
        if self.given is not None:
            return self.given.fetch(url, limit=limit)
        if self.own is None:
            self.own = Fetcher(self.settings)
        return self.own.fetch(url, limit=limit)

    def close(self) -> None:
        if self.own is not None:
            self.own.close()
            self.own = None

    def __enter__(self) -> LazyFetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _is_listing_url(url: str) -> bool:
    try:
        path = urlsplit(url).path.lower()
    except ValueError:  # malformed ("http://["): the fetcher refuses it with a clear error
        return False
    return path.endswith(LISTING_SUFFIXES) or any(w in path for w in _LISTING_WORDS)


def _listing(location: str, settings: Settings,
             fetcher: LazyFetcher) -> Iterator[PageRef | SourceProblem]:
    """A feed's or sitemap's refs; a page when the content is neither.

    A listing is read up to the largest of the page, feed and sitemap limits
    (gzip undone, streamed); the feed or sitemap reader then holds it to its own.
    """
    limit = max(settings.max_page_bytes, settings.max_feed_bytes, settings.max_sitemap_bytes)

    def read(where: str) -> bytes:
        page = (fetcher.fetch(where, limit=limit) if "://" in where
                else read_path(where, limit=limit))
        return page.data or b""

    try:
        data = read(location)
    except InputError as exc:
        reason = ProblemReason.FETCH_FAILED if "://" in location else ProblemReason.UNREADABLE
        yield SourceProblem(source=location, reason=reason, message=str(exc))
        return
    if looks_like_sitemap(data):
        yield from sitemap_refs(location, read, data=data, limit=settings.max_sitemap_bytes)
    elif looks_like_feed(data):
        yield from feed_refs(data, location, limit=settings.max_feed_bytes)
    else:
        yield PageRef(kind="url" if "://" in location else "path", location=location)


def _files(source: str) -> Iterator[str]:
    return expand_path(source, PAGE_SUFFIXES + WARC_SUFFIXES,
                       "the folder holds no pages or archives")


def _stdin(spool: Path | None) -> PageRef:
    """Standard input: read when its ref is read, or first spooled to a file in
    ``spool`` (so workers in other processes can read it)."""
    if spool is None:
        return PageRef(kind="stdin", location="-")
    data = sys.stdin.buffer.read()
    path = spool / f"stdin-{content_id(data)}.page"
    spool.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return PageRef(kind="path", location=str(path), origin="-")


def _local(source: str, settings: Settings,
           fetcher: LazyFetcher) -> Iterator[PageRef | SourceProblem]:
    try:
        files = list(_files(source))
    except InputError as exc:
        yield SourceProblem(source=source, reason=ProblemReason.UNREADABLE, message=str(exc))
        return
    for file in files:
        if is_warc(file):
            yield from warc_refs(file)
        elif file.lower().endswith(LISTING_SUFFIXES):
            yield from _listing(file, settings, fetcher)
        else:
            yield PageRef(kind="path", location=file)


def page_refs(sources: Iterable[str], settings: Settings, *,
              fetcher: Fetcher | LazyFetcher | None = None,
              spool: Path | None = None) -> Iterator[PageRef | SourceProblem]:
    """Every page the sources name, as refs, with a problem for each part that fails.

    ``-`` is standard input, spooled to a file in ``spool`` when one is given.
    """
    with LazyFetcher(settings, fetcher) as lazy:
        for source in sources:
            if source == "-":
                yield _stdin(spool)
            elif "://" not in source:
                yield from _local(source, settings, lazy)
            elif _is_listing_url(source):
                yield from _listing(source, settings, lazy)
            else:
                yield PageRef(kind="url", location=source)


def join_metadata(refs: list[PageRef], metadata: ArchiveMetadata) -> tuple[list[PageRef], int]:
    """The refs with their metadata rows' hints, and the number of rows naming no
    page; :class:`~factdesk.ingest.MetadataError` when no row names any page."""
    locations = [r.location for r in refs]
    hints = with_hints(metadata, locations)
    joined = [replace(r, hints=hints[r.location]) if r.location in hints else r for r in refs]
    unmatched = unmatched_rows(metadata, locations)
    if unmatched:
        log.warning("%s", unmatched_note(metadata, unmatched))
    return joined, len(unmatched)


def read_ref(ref: PageRef, settings: Settings,
             fetcher: Fetcher | LazyFetcher | None = None) -> Page:
    """The page behind ``ref`` (with the ref's metadata hints); :class:`InputError`
    when it cannot be read."""
    page = _read_ref(ref, settings, fetcher)
    return page if ref.hints is None else replace(page, hints=ref.hints)


def _read_ref(ref: PageRef, settings: Settings, fetcher: Fetcher | LazyFetcher | None) -> Page:
    limit = settings.max_page_bytes  # readers keep one byte more: clean sees it is over
    if ref.kind == "path":
        return read_path(ref.location, limit=limit)
    if ref.kind == "warc":
        return read_warc_record(ref.location, ref.offset or 0, limit=limit)
    if ref.kind == "url":
        with LazyFetcher(settings, fetcher) as lazy:
            return lazy.fetch(ref.location)
    if ref.kind == "stdin":
        return read_stream(sys.stdin.buffer, limit=limit)
    raise InputError(f"{ref.location}: unknown page ref kind {ref.kind!r}")
