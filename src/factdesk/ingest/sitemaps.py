"""Pages listed in XML sitemaps, following sitemap indexes.

An index may list other indexes; each sitemap is read at most once, so an
index that lists itself (or a longer loop) ends with a ``sitemap_loop``
problem rather than running forever, and nesting deeper than
:data:`MAX_DEPTH` stops with ``sitemap_too_deep``.  XML is parsed without
network access or entity expansion.  Each sitemap is read through
:mod:`.bounded` (gzip undone a chunk at a time); one that inflates past
``limit`` bytes (``max_sitemap_bytes``) is a ``too_large`` problem, read no
further than one byte past the limit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from lxml import etree

from ..errors import InputError
from ..model import ProblemReason
from ..settings import Settings
from .bounded import listing_body, read_bounded
from .refs import PageRef, SourceProblem, joined_url

__all__ = ["MAX_DEPTH", "looks_like_sitemap", "sitemap_refs"]

MAX_DEPTH = 5
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                          load_dtd=False)


def looks_like_sitemap(data: bytes) -> bool:
    """Whether ``data`` (gzipped or not) starts like a sitemap or sitemap index."""
    try:
        head = read_bounded(data, 2048)[:2048].lower()
    except InputError:
        return False
    return b"<urlset" in head or b"<sitemapindex" in head


def _locs(root, tag: str) -> list[str]:
    return [el.text.strip() for el in root.iter()
            if isinstance(el.tag, str) and etree.QName(el).localname == "loc"
            and el.getparent() is not None
            and etree.QName(el.getparent()).localname == tag and el.text]


def sitemap_refs(location: str, read: Callable[[str], bytes], *, data: bytes | None = None,
                 limit: int | None = None) -> Iterator[PageRef | SourceProblem]:
    """Refs for every page URL in the sitemap at ``location``.

    ``read(location)`` gives a sitemap's bytes (a guarded fetch for URLs, a
    file read for paths); ``data`` may hold the first one when already read.
    A sitemap over ``limit`` bytes once inflated (default: ``max_sitemap_bytes``)
    is a ``too_large`` problem.
    """
    limit = Settings().max_sitemap_bytes if limit is None else limit
    seen: set[str] = set()
    pending: list[tuple[str, int, bytes | None]] = [(location, 0, data)]
    while pending:
        where, depth, body = pending.pop(0)
        if where in seen:
            yield SourceProblem(source=where, reason=ProblemReason.SITEMAP_LOOP,
                                message=f"{where}: listed again by a sitemap index (a loop); "
                                        "read once only")
            continue
        seen.add(where)
        if depth > MAX_DEPTH:
            yield SourceProblem(source=where, reason=ProblemReason.SITEMAP_TOO_DEEP,
                                message=f"{where}: sitemap indexes nest deeper than {MAX_DEPTH}")
            continue
        try:
            raw = body if body is not None else read(where)
        except InputError as exc:
            yield SourceProblem(source=where, reason=ProblemReason.FETCH_FAILED, message=str(exc))
            continue
        body = listing_body(raw, limit, where, broken=ProblemReason.BROKEN_SITEMAP,
                            what="sitemap", setting="max_sitemap_bytes")
        if isinstance(body, SourceProblem):
            yield body
            continue
        try:
            root = etree.fromstring(body, _PARSER)
        except etree.XMLSyntaxError as exc:
            yield SourceProblem(source=where, reason=ProblemReason.BROKEN_SITEMAP,
                                message=f"{where}: not a well-formed sitemap ({exc})")
            continue
        name = etree.QName(root).localname
        if name == "sitemapindex":
            pending += [(url, depth + 1, None) for loc in _locs(root, "sitemap")
                        if (url := joined_url(where, loc))]
        elif name == "urlset":
            for loc in dict.fromkeys(_locs(root, "url")):
                if url := joined_url(where, loc):  # a malformed <loc> is skipped
                    yield PageRef(kind="url", location=url, origin=where)
        else:
            yield SourceProblem(source=where, reason=ProblemReason.BROKEN_SITEMAP,
                                message=f"{where}: <{name}> is not a sitemap or sitemap index")
