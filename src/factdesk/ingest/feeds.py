"""Pages listed in RSS and Atom feeds (parsed with feedparser).

feedparser is only ever given bytes, never a URL, so every fetch goes through
factdesk's guarded :class:`~factdesk.ingest.Fetcher`.  A feed that is not
well-formed XML still gives the entries feedparser could recover, plus a
``broken_feed`` problem that says so.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urljoin

import feedparser

from ..model import ProblemReason
from .refs import PageRef, SourceProblem

__all__ = ["feed_refs", "looks_like_feed"]


def looks_like_feed(data: bytes) -> bool:
    """Whether ``data`` starts like an RSS, RDF or Atom document."""
    head = data[:2048].lstrip().lower()
    return b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head


def feed_refs(data: bytes, origin: str) -> Iterator[PageRef | SourceProblem]:
    """A URL ref for each entry's link, in feed order (duplicates dropped)."""
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    seen: set[str] = set()
    count = 0
    for entry in parsed.entries:
        link = entry.get("link") or next(
            (lk.get("href") for lk in entry.get("links", ()) if lk.get("href")), None)
        if not link:
            continue
        link = urljoin(origin, link) if "://" in origin else link
        if link in seen or not link.startswith(("http://", "https://")):
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
