"""The HTML cleaner: a decoded HTML page in, a :class:`Draft` (or a rejection) out.

trafilatura finds the article body.  Around it this module adds what
trafilatura leaves out or mixes in: the printed headline and standfirst (taken
out of the body when trafilatura kept them), image captions with their
credits, a timezone-aware publication time, bylines, site name, canonical URL,
language, related-story links, and the list of visible blocks the article left
out, each with a reason.

The page is parsed once; trafilatura gets the parsed tree (it works on its own
copy), and the extra metadata is read from the same tree.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree
from trafilatura import bare_extraction
from trafilatura.utils import load_html

from ..model import ChromeReason, Page, RejectReason, Rejection, RelatedLink
from ..settings import Settings
from .assemble import CaptionDraft, Draft
from .bylines import clean_names, printed_bylines
from .captions import CaptionGroup, caption_groups
from .credit_lines import is_credit_line
from .headline import find_headline, find_standfirst
from .html_blocks import Block, normalize, visible_blocks
from .html_chrome import chrome_reason, related_from_removed, related_link, removed_blocks
from .html_meta import read_meta
from .html_published import find_published
from .language import choose_language

__all__ = ["EXTRACTOR", "TRAFILATURA_OPTIONS", "clean_html"]

log = logging.getLogger(__name__)

EXTRACTOR = "clean.html.trafilatura.v1"

#: trafilatura options per ``html_favor`` setting.  ``fast`` (no fallback
#: extractors) scores best on DEV in balanced mode and is also the cheapest.
TRAFILATURA_OPTIONS: dict[str, dict[str, Any]] = {
    "balanced": {"fast": True},
    "precision": {"favor_precision": True},
    "recall": {"favor_recall": True, "fast": True},
}
_CAPTION_SLACK = 3


def _reject(page: Page, message: str) -> Rejection:
    return Rejection(source=page.source, reason=RejectReason.NO_ARTICLE, message=message,
                     page_id=page.id)


def parse_html(text: str) -> etree._Element | None:
    """The page's lxml tree (trafilatura's loader: it copes with broken markup)."""
    try:
        return load_html(text)
    except (ValueError, etree.ParserError) as exc:  # pragma: no cover - load_html guards
        log.debug("unparseable HTML: %s", exc)
        return None


def _body_lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


class _BodyIndex:
    """Where body lines sit among the page's blocks."""

    def __init__(self, blocks: list[Block]) -> None:
        self.by_key: dict[str, Block] = {}
        for block in blocks:
            self.by_key.setdefault(normalize(block.text), block)

    def block(self, line: str) -> Block | None:
        return self.by_key.get(normalize(line))


def _captions(groups: list[CaptionGroup],
              known: dict[int, ChromeReason]) -> tuple[list[CaptionDraft], set[str]]:
    """The captions, each once, and the keys of their lines."""
    drafts: list[CaptionDraft] = []
    keys: set[str] = set()
    for group in groups:
        key = normalize(group.draft.line)
        reason = chrome_reason(group.draft.line)
        if reason is not None:
            for block in group.blocks:
                known[block.index] = reason
            continue
        if key in keys:
            for block in group.blocks:
                known[block.index] = ChromeReason.DUPLICATE_CAPTION
            continue
        keys.add(key)
        drafts.append(group.draft)
        for block in group.blocks:
            keys.add(normalize(block.text))
        if group.draft.text_end:
            keys.add(normalize(group.draft.line[: group.draft.text_end]))
    return drafts, keys


def _absolute(link: RelatedLink, base: str | None) -> RelatedLink:
    if not link.url or not base:
        return link
    return dataclasses.replace(link, url=urljoin(base, link.url))


def site_from_url(url: str | None) -> str | None:
    """The host name of ``url`` without ``www.``, as a last-resort site name."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:  # a malformed URL ("http://[") names no site
        return None
    return host.removeprefix("www.") or None


def clean_html(page: Page, settings: Settings) -> Draft | Rejection:
    """Extract the article of an HTML page."""
    root = parse_html(page.text or "")
    if root is None:
        return _reject(page, "the page could not be parsed as HTML")
    document = bare_extraction(root, url=page.url, include_comments=False,
                               **TRAFILATURA_OPTIONS[settings.html_favor])
    if document is None or not (document.text or "").strip():
        return _reject(page, "no article text was found in the HTML")
    meta = read_meta(root)
    blocks = visible_blocks(root)
    index = _BodyIndex(blocks)
    lines = _body_lines(document.text)

    headline = find_headline(blocks, [t for t in (meta.headline, meta.title) if t])
    standfirst = find_standfirst(blocks, headline)

    positions = [b.index for b in map(index.block, lines) if b is not None]
    lo = min([p for p in (headline.block if headline else None, *positions[:1]) if p is not None],
             default=0)
    hi = (positions[-1] if positions else len(blocks)) + _CAPTION_SLACK
    known: dict[int, ChromeReason] = {}
    groups = [g for g in caption_groups(blocks[lo:hi + 1])
              if not headline or normalize(g.draft.line) != normalize(headline.text)]
    captions, caption_keys = _captions(groups, known)

    drop = set(caption_keys)
    if headline:
        drop.add(normalize(headline.text))
    if standfirst:
        drop.add(normalize(standfirst.text))
    paragraphs: list[str] = []
    related: list[RelatedLink] = []
    credits: list[str] = []
    for line in lines:
        if normalize(line) in drop:
            continue
        if is_credit_line(line):
            credits.append(line)
            continue
        block = index.block(line)
        link = related_link(line, block)
        if link is not None:
            related.append(link)
            if block is not None:
                known[block.index] = ChromeReason.RELATED_LINK
            continue
        paragraphs.append(line)

    if sum(len(p) for p in paragraphs) < settings.min_body_chars:
        return _reject(page, "the HTML holds no article: too little body text "
                             f"(min_body_chars={settings.min_body_chars})")
    published = find_published(meta, root, blocks, anchor=headline.block if headline else None,
                               default_timezone=settings.default_timezone)
    if published is not None and published.block is not None:
        known[published.block] = ChromeReason.METADATA
    printed, byline_block = printed_bylines(blocks, headline.block if headline else None)
    if byline_block is not None:
        known[byline_block] = ChromeReason.METADATA
    bylines = clean_names(list(meta.authors)) or printed
    body_text = "\n".join(paragraphs)
    article_text = "\n\n".join([*(h.text for h in (headline, standfirst) if h),
                                *(c.line for c in captions), *paragraphs])
    removed, reasons = removed_blocks(blocks, article_text, known)
    base = meta.url or page.url
    seen = {r.url or r.text for r in related}
    related += [link for link in related_from_removed(blocks, reasons)
                if (link.url or link.text) not in seen]
    return Draft(
        source=page.source,
        extractor=EXTRACTOR,
        paragraphs=tuple(paragraphs),
        headline=headline.text if headline else None,
        standfirst=standfirst.text if standfirst else None,
        captions=tuple(captions),
        bylines=bylines,
        published=published.value if published else None,
        published_text=published.text if published else None,
        url=meta.url or page.url,
        site_name=meta.site_name or site_from_url(meta.url or page.url),
        language=choose_language(meta.lang, body_text),
        related_links=tuple(_absolute(link, base) for link in related),
        credits=tuple(credits),
        removed=removed,
    )
