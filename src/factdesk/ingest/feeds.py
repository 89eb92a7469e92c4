"""Pages listed in RSS and Atom feeds (parsed with feedparser).

feedparser is only ever given bytes, never a URL, so every fetch goes through
factdesk's guarded :class:`~factdesk.ingest.Fetcher`.  A feed that is not
well-formed XML still gives the entries feedparser could recover, plus a
``broken_feed`` problem that says so.

Before parsing, a feed is read through :mod:`.bounded` (gzip undone a chunk
at a time; past ``limit`` bytes, ``max_feed_bytes``, it is a ``too_large``
problem) and a DTD internal subset is cut out of its DOCTYPE: entities a feed
declares for itself can expand to far more text and markup than the feed
holds (and parsing what they expand to took seconds to minutes), so they are
never expanded.  A feed that uses such an entity is then not well-formed, and
gives what feedparser can recover plus ``broken_feed``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import feedparser

from ..errors import InputError
from ..model import ProblemReason
from ..settings import Settings
from .bounded import listing_body, read_bounded
from .refs import PageRef, SourceProblem, joined_url

__all__ = ["feed_refs", "looks_like_feed", "without_internal_subset"]

_SUBSET_END = re.compile(rb"\]\s*>")


def looks_like_feed(data: bytes) -> bool:
    """Whether ``data`` (gzipped or not) starts like an RSS, RDF or Atom document."""
    try:
        head = read_bounded(data, 2048)[:2048].lstrip().lower()
    except InputError:
        return False
    return b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head


def _doctype_at(data: bytes) -> int:
    """Where the prolog's DOCTYPE starts (-1: none before the root element).

    The prolog is walked past processing instructions and comments, so
    markup inside a comment cannot hide a DOCTYPE that follows it."""
    at = 0
    while (at := data.find(b"<", at)) >= 0:
        if data.startswith(b"<!DOCTYPE", at):
            return at
        ender = (b"?>" if data.startswith(b"<?", at)
                 else b"-->" if data.startswith(b"<!--", at) else None)
        if ender is None:
            return -1
        end = data.find(ender, at + 2)
        if end < 0:
            return -1
        at = end + len(ender)
    return -1


def without_internal_subset(data: bytes) -> bytes:
    """``data`` without its DOCTYPE if that has an internal subset
    (``<!DOCTYPE rss [ ... ]>``); a DOCTYPE naming only an external DTD is
    kept (feedparser uses it to tell RSS 0.91 versions apart, and never fetches
    it)."""
    start = _doctype_at(data)
    if start < 0:
        return data
    bracket = data.find(b"[", start)
    close = data.find(b">", start)
    if bracket < 0 or 0 <= close < bracket:
        return data
    end = _SUBSET_END.search(data, bracket)
    return data[:start] + (data[end.end():] if end else b"")


def feed_refs(data: bytes, origin: str, *, limit: int | None = None,
              ) -> Iterator[PageRef | SourceProblem]:
    """A URL ref for each entry's link, in feed order (duplicates dropped).

    ``data`` may be gzipped; a feed over ``limit`` bytes once inflated
    (default: ``max_feed_bytes``) is a ``too_large`` problem.
    """
    limit = Settings().max_feed_bytes if limit is None else limit
    body = listing_body(data, limit, origin, broken=ProblemReason.BROKEN_FEED, what="feed",
                        setting="max_feed_bytes")
    if isinstance(body, SourceProblem):
        yield body
        return
    try:
        parsed = feedparser.parse(without_internal_subset(body), sanitize_html=False,
                                  resolve_relative_uris=False)
    except (ValueError, UnicodeError, OverflowError, RecursionError) as exc:  # feedparser gives up
        yield SourceProblem(
            source=origin, reason=ProblemReason.BROKEN_FEED,
            message=f"{origin}: the feed could not be parsed ({type(exc).__name__}: {exc})")
        return
    seen: set[str] = set()
    count = 0
    for entry in parsed.entries:
        link = entry.get("link") or next(
            (lk.get("href") for lk in entry.get("links", ()) if lk.get("href")), None)
        if not link:
            continue
        link = joined_url(origin, link) if "://" in origin else link
        if not link or link in seen or not link.startswith(("http://", "https://")):
            continue
        seen.add(link)
        count += 1
        yield PageRef(kind="url", location=link, origin=origin)
    if parsed.bozo:
        problem = parsed.get("bozo_exception")
        yield SourceProblem(
            source=origin, reason=ProblemReason.BROKEN_FEED,
            message=f"{origin}: the feed is not well-formed ({type(problem).__name__}: "
                    f"{problem}); {count} entries could be read and were kept")
