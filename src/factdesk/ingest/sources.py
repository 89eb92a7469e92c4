"""Turn what the user named into page refs, and read the page behind a ref.

A source is a file, folder, glob, ``-`` (standard input, spooled by the
caller), an ``http(s)`` URL, a WARC file, an RSS/Atom feed or an XML sitemap
(a file or a URL).  Feeds and sitemaps are recognised by their content when
their name looks like XML or a feed (``.xml``, ``.rss``, ``.atom``, or
``feed``/``rss``/``sitemap`` in a URL), so an ordinary page URL is fetched
once only, by the worker that reads it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from urllib.parse import urlsplit

from ..errors import InputError
from ..model import Page, ProblemReason
from ..settings import Settings
from .feeds import feed_refs, looks_like_feed
from .fetch import Fetcher
from .files import PAGE_SUFFIXES, expand_path, read_path
from .refs import PageRef, SourceProblem
from .sitemaps import looks_like_sitemap, sitemap_refs
from .warc import WARC_SUFFIXES, is_warc, read_warc_record, warc_refs

__all__ = ["LISTING_SUFFIXES", "page_refs", "read_ref"]

#: File endings read as feeds or sitemaps (by content) rather than as pages.
LISTING_SUFFIXES = (".xml", ".rss", ".atom", ".xml.gz")
_LISTING_WORDS = ("feed", "rss", "atom", "sitemap")


def _is_listing_url(url: str) -> bool:
    try:
        path = urlsplit(url).path.lower()
    except ValueError:  # malformed ("http://["): the fetcher refuses it with a clear error
        return False
    return path.endswith(LISTING_SUFFIXES) or any(w in path for w in _LISTING_WORDS)


class _Reader:
    """Reads listing sources: files from disk, URLs through one guarded fetcher."""

    def __init__(self, settings: Settings, fetcher: Fetcher | None) -> None:
        self.settings = settings
        self.fetcher = fetcher
        self.own: Fetcher | None = None

    def __call__(self, location: str) -> bytes:
        if "://" in location:
            if self.fetcher is None:
                self.fetcher = self.own = Fetcher(self.settings)
            return self.fetcher.fetch(location).data or b""
        return read_path(location, limit=self.settings.max_page_bytes).data or b""

    def close(self) -> None:
        if self.own is not None:
            self.own.close()


def _listing(location: str, read: _Reader) -> Iterator[PageRef | SourceProblem]:
    """A feed's or sitemap's refs; a page when the content is neither."""
    try:
        data = read(location)
    except InputError as exc:
        reason = ProblemReason.FETCH_FAILED if "://" in location else ProblemReason.UNREADABLE
        yield SourceProblem(source=location, reason=reason, message=str(exc))
        return
    if looks_like_sitemap(data):
        yield from sitemap_refs(location, read, data=data)
    elif looks_like_feed(data):
        yield from feed_refs(data, location)
    else:
        yield PageRef(kind="url" if "://" in location else "path", location=location)


def _files(source: str) -> Iterator[str]:
    return expand_path(source, PAGE_SUFFIXES + WARC_SUFFIXES,
                       "the folder holds no pages or archives")


def page_refs(sources: Iterable[str], settings: Settings, *,
              fetcher: Fetcher | None = None) -> Iterator[PageRef | SourceProblem]:
    """Every page the sources name, as refs, with a problem for each part that fails.

    ``-`` is not handled here: the caller spools standard input to a file.
    """
    read = _Reader(settings, fetcher)
    try:
        for source in sources:
            if "://" in source:
                if _is_listing_url(source):
                    yield from _listing(source, read)
                else:
                    yield PageRef(kind="url", location=source)
                continue
            try:
                files = list(_files(source))
            except InputError as exc:
                yield SourceProblem(source=source, reason=ProblemReason.UNREADABLE, message=str(exc))
                continue
            for file in files:
                if is_warc(file):
                    yield from warc_refs(file)
                elif file.lower().endswith(LISTING_SUFFIXES):
                    yield from _listing(file, read)
                else:
                    yield PageRef(kind="path", location=file)
    finally:
        read.close()


def read_ref(ref: PageRef, settings: Settings, fetcher: Fetcher | None = None) -> Page:
    """The page behind ``ref`` (with the ref's metadata hints); :class:`InputError`
    when it cannot be read."""
    page = _read_ref(ref, settings, fetcher)
    return page if ref.hints is None else replace(page, hints=ref.hints)


def _read_ref(ref: PageRef, settings: Settings, fetcher: Fetcher | None) -> Page:
    limit = settings.max_page_bytes + 1
    if ref.kind == "path":
        return read_path(ref.location, limit=limit)
    if ref.kind == "warc":
        return read_warc_record(ref.location, ref.offset or 0, limit=limit)
    if ref.kind == "url":
        if fetcher is None:
            with Fetcher(settings) as own:
                return own.fetch(ref.location)
        return fetcher.fetch(ref.location)
    raise InputError(f"{ref.location}: unknown page ref kind {ref.kind!r}")
