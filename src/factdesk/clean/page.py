"""The clean stage's entry points: a :class:`Page` in, an :class:`Article` (or a
:class:`Rejection`) out.

Decoding, sniffing and size checks happen here once, for every path through
the code (the CLI, batch shards and the web app's submission all clean through
:func:`clean_many`): a page over ``max_page_bytes``, a text page whose first
line is longer than any article may be, and an article over
``max_article_chars`` or ``max_article_paragraphs`` are all rejected here as
``too_large``.  The HTML and
text-dump cleaners each return a :class:`~factdesk.clean.assemble.Draft`, which
:func:`~factdesk.clean.assemble.assemble` lays out.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator

from ..errors import ConfigError, ExtractError, FactdeskError, RejectedPage
from ..model import Article, Page, RejectReason, Rejection
from ..settings import Settings
from .assemble import Draft, assemble, short_body
from .decode import decode_page
from .hints import apply_hints
from .html import clean_html
from .sniff import PageKind, sniff_kind
from .textdump import clean_text_dump, shared_line_groups, site_chrome_lines, site_key

__all__ = ["clean_many", "clean_page"]

log = logging.getLogger(__name__)


def _reject(page: Page, reason: RejectReason, message: str) -> Rejection:
    return Rejection(source=page.source, reason=reason, message=message, page_id=page.id)


def _one_huge_line(page: Page, settings: Settings) -> Rejection | None:
    """A text page whose first line alone is longer than any article may be.

    Cleaning it would take seconds per megabyte only to give an article too
    long to analyse, so it is rejected as ``too_large`` up front.
    """
    data = page.data or b""
    limit = settings.max_article_chars
    if (len(data) <= limit or page.content_type not in (None, "text/plain")
            or data[:1024].lstrip()[:1] == b"<" or b"\n" in data[:limit]):
        return None
    return _reject(page, RejectReason.TOO_LARGE,
                   f"a single line of more than {limit:,} characters; no article "
                   "can be that long (max_article_chars)")


def _prepare(page: Page, settings: Settings) -> Page | Rejection:
    """Size checks, binary sniffing and decoding: a page with ``text`` set."""
    size = len(page.data) if page.data is not None else len((page.text or "").encode("utf-8"))
    if size > settings.max_page_bytes:
        return _reject(page, RejectReason.TOO_LARGE,
                       f"{size:,} bytes is over max_page_bytes={settings.max_page_bytes:,}; "
                       "raise the setting to clean it anyway")
    huge = _one_huge_line(page, settings)
    if huge is not None:
        return huge
    if page.text is None:
        return decode_page(page)
    if not page.text.strip():
        return _reject(page, RejectReason.EMPTY, "the page has no text")
    return page


def clean_page(page: Page, settings: Settings | None = None, *,
               kind: PageKind | str | None = None,
               site_lines: frozenset[str] = frozenset(),
               strict: bool = False) -> Article | Rejection:
    """Clean one page.

    ``kind`` forces ``html`` or ``text`` instead of sniffing; ``site_lines``
    are lines known to be chrome on this page's site (see :func:`clean_many`).
    A page that gives no article returns a :class:`Rejection`, or with
    ``strict=True`` raises :class:`~factdesk.errors.RejectedPage`.  A cleaner
    that fails on the page (a bug, or model weights that break on it) raises
    :class:`~factdesk.errors.ExtractError`, chained to the cause.
    """
    try:
        result = _clean(page, settings or Settings(), kind=kind, site_lines=site_lines)
    except FactdeskError:
        raise
    except Exception as exc:
        raise ExtractError(f"{type(exc).__name__}: {exc} (a bug in factdesk; please report "
                           "it)") from exc
    if strict and isinstance(result, Rejection):
        raise RejectedPage(result)
    return result


def _clean(page: Page, settings: Settings, *, kind: PageKind | str | None,
           site_lines: frozenset[str]) -> Article | Rejection:
    prepared = _prepare(page, settings)
    if isinstance(prepared, Rejection):
        return prepared
    text = prepared.text or ""
    if not text.strip():
        return _reject(prepared, RejectReason.EMPTY, "the page has no text")
    page_kind = PageKind(kind) if kind else sniff_kind(prepared)
    if page_kind is PageKind.HTML:
        draft = clean_html(prepared, settings)
    else:
        draft = clean_text_dump(prepared, settings, site_lines=site_lines)
    if isinstance(draft, Rejection):
        return draft
    return _finish(prepared, draft, settings)


def _finish(page: Page, draft: Draft, settings: Settings) -> Article | Rejection:
    short = short_body(draft, settings.min_body_chars)
    if short is not None:
        return _reject(page, *short)
    draft = dataclasses.replace(apply_hints(draft, page.hints), page_id=page.id,
                                url=draft.url or page.url)
    article = assemble(draft)
    if len(article.text) > settings.max_article_chars:
        return _reject(page, RejectReason.TOO_LARGE,
                       f"the article has {len(article.text):,} characters, more than "
                       f"max_article_chars ({settings.max_article_chars:,})")
    if len(article.paragraphs) > settings.max_article_paragraphs:
        return _reject(page, RejectReason.TOO_LARGE,
                       f"the article has {len(article.paragraphs):,} paragraphs, more than "
                       f"max_article_paragraphs ({settings.max_article_paragraphs:,})")
    return article


def _site_keys(prepared: list[Page | Rejection], kind: PageKind | str | None) -> list[str | None]:
    """A site key per page: its URL host or ``site``; else, for text dumps with
    neither, a group of pages that share many template lines (menus, footers)."""
    keys: list[str | None] = [site_key(p) if isinstance(p, Page) else None for p in prepared]
    unnamed = [n for n, p in enumerate(prepared)
               if isinstance(p, Page) and keys[n] is None and p.text is not None
               and (PageKind(kind) if kind else sniff_kind(p)) is PageKind.TEXT]
    if len(unnamed) > 1:
        groups = shared_line_groups([prepared[n].text or "" for n in unnamed])
        for n, group in zip(unnamed, groups):
            keys[n] = f"lines:{group}"
    return keys


def clean_many(pages: Iterable[Page], settings: Settings | None = None, *,
               kind: PageKind | str | None = None) -> Iterator[Article | Rejection]:
    """Clean pages together, learning site chrome from repetition.

    Text dumps of the same site (by URL host, or the ``site`` a reader set;
    dumps with neither are grouped by the template lines they share) are
    compared: a line that recurs on at least ``site_repetition`` of them is
    evidence of chrome on all of them.  Results come back in input order.
    """
    settings = settings or Settings()
    pages = list(pages)
    prepared = [_prepare(p, settings) for p in pages]
    keys = _site_keys(prepared, kind) if settings.site_repetition else [None] * len(prepared)
    by_site: dict[str, list[str]] = defaultdict(list)
    for item, key in zip(prepared, keys):
        if isinstance(item, Page) and item.text is not None and key:
            by_site[key].append(item.text)
    repeated = {key: site_chrome_lines(texts, settings.site_repetition)
                for key, texts in by_site.items()}
    for item, key in zip(prepared, keys):
        if isinstance(item, Rejection):
            yield item
            continue
        lines = repeated.get(key or "", frozenset())
        yield _guarded(item, settings, kind, lines)


def _guarded(page: Page, settings: Settings, kind: PageKind | str | None,
             site_lines: frozenset[str]) -> Article | Rejection:
    """One page of a batch: a bug on one page rejects that page, not the batch.

    Configuration errors still raise: they would fail every page the same way.
    """
    try:
        return clean_page(page, settings, kind=kind, site_lines=site_lines)
    except ExtractError as exc:
        log.exception("cleaning %s failed", page.source)
        return _reject(page, RejectReason.INTERNAL_ERROR, str(exc))
    except FactdeskError as exc:
        if isinstance(exc, ConfigError):
            raise
        return _reject(page, RejectReason.INTERNAL_ERROR, str(exc))
