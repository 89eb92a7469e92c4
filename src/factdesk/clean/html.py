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
from .assemble import CaptionDraft, Draft, article_text
from .bylines import clean_names, printed_bylines
from .captions import CaptionGroup, caption_groups
from .credit_lines import is_credit_line
from .headline import Heading, find_headline, find_standfirst
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
    try:
        return dataclasses.replace(link, url=urljoin(base, link.url))
    except ValueError:  # a malformed href ("http://[oops") stays as the page wrote it
        return link


def site_from_url(url: str | None) -> str | None:
    """The host name of ``url`` without ``www.``, as a last-resort site name."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:  # a malformed URL ("http://[") names no site
        return None
    return host.removeprefix("www.") or None


def _extract(page: Page, settings: Settings) -> tuple[etree._Element, str] | Rejection:
    """Step 1: the parsed page and the body text trafilatura finds in it."""
    root = parse_html(page.text or "")
    if root is None:
        return _reject(page, "the page could not be parsed as HTML")
    document = bare_extraction(root, url=page.url, include_comments=False,
                               **TRAFILATURA_OPTIONS[settings.html_favor])
    if document is None or not (document.text or "").strip():
        return _reject(page, "no article text was found in the HTML")
    return root, document.text


def _caption_groups(blocks: list[Block], index: _BodyIndex, lines: list[str],
                    headline: Heading | None) -> list[CaptionGroup]:
    """Step 3: caption groups among the blocks from the headline (or the body's first
    line) to a few blocks past the body's last line, the headline itself excepted."""
    positions = [b.index for b in map(index.block, lines) if b is not None]
    lo = min([p for p in (headline.block if headline else None, *positions[:1]) if p is not None],
             default=0)
    hi = (positions[-1] if positions else len(blocks)) + _CAPTION_SLACK
    return [g for g in caption_groups(blocks[lo:hi + 1])
            if not headline or normalize(g.draft.line) != normalize(headline.text)]


@dataclasses.dataclass(slots=True)
class _Sorted:
    """The body lines by role (step 4)."""

    paragraphs: list[str] = dataclasses.field(default_factory=list)
    related: list[RelatedLink] = dataclasses.field(default_factory=list)
    credits: list[str] = dataclasses.field(default_factory=list)


def _sort_lines(lines: list[str], index: _BodyIndex, drop: set[str],
                known: dict[int, ChromeReason]) -> _Sorted:
    """Step 4: body lines that repeat the header or a caption go; credit lines and
    related-story links are set apart (their blocks marked); the rest are paragraphs."""
    found = _Sorted()
    for line in lines:
        if normalize(line) in drop:
            continue
        if is_credit_line(line):
            found.credits.append(line)
            continue
        block = index.block(line)
        link = related_link(line, block)
        if link is not None:
            found.related.append(link)
            if block is not None:
                known[block.index] = ChromeReason.RELATED_LINK
            continue
        found.paragraphs.append(line)
    return found


def _left_out(draft: Draft, blocks: list[Block], known: dict[int, ChromeReason],
              base: str | None) -> Draft:
    """Step 6: the visible blocks the article leaves out, and the related-story
    links among them added to those found in the body."""
    removed, reasons = removed_blocks(blocks, article_text(draft), known)
    related = list(draft.related_links)
    seen = {r.url or r.text for r in related}
    related += [link for link in related_from_removed(blocks, reasons)
                if (link.url or link.text) not in seen]
    return dataclasses.replace(draft, removed=removed,
                               related_links=tuple(_absolute(link, base) for link in related))


def clean_html(page: Page, settings: Settings) -> Draft | Rejection:
    """Extract the article of an HTML page, in steps: (1) trafilatura's body text;
    (2) headline and standfirst among the visible blocks; (3) captions near the
    body; (4) body lines sorted into paragraphs, credits and related links;
    (5) publication time and bylines; (6) the blocks left out, with reasons.

    Whether the body is long enough is :func:`~.assemble.short_body`'s call.
    """
    extracted = _extract(page, settings)
    if isinstance(extracted, Rejection):
        return extracted
    root, text = extracted
    meta = read_meta(root)
    blocks = visible_blocks(root)
    index = _BodyIndex(blocks)
    lines = _body_lines(text)
    headline = find_headline(blocks, [t for t in (meta.headline, meta.title) if t])
    standfirst = find_standfirst(blocks, headline)
    anchor = headline.block if headline else None

    known: dict[int, ChromeReason] = {}
    captions, caption_keys = _captions(_caption_groups(blocks, index, lines, headline), known)
    drop = caption_keys | {normalize(h.text) for h in (headline, standfirst) if h}
    body = _sort_lines(lines, index, drop, known)

    published = find_published(meta, root, blocks, anchor=anchor,
                               default_timezone=settings.default_timezone)
    if published is not None and published.block is not None:
        known[published.block] = ChromeReason.METADATA
    printed, byline_block = printed_bylines(blocks, anchor)
    if byline_block is not None:
        known[byline_block] = ChromeReason.METADATA
    draft = Draft(
        source=page.source,
        extractor=EXTRACTOR,
        paragraphs=tuple(body.paragraphs),
        headline=headline.text if headline else None,
        standfirst=standfirst.text if standfirst else None,
        captions=tuple(captions),
        bylines=clean_names(list(meta.authors)) or printed,
        published=published.value if published else None,
        published_text=published.text if published else None,
        url=meta.url or page.url,
        site_name=meta.site_name or site_from_url(meta.url or page.url),
        language=choose_language(meta.lang, "\n".join(body.paragraphs)),
        related_links=tuple(body.related),
        credits=tuple(body.credits),
    )
    return _left_out(draft, blocks, known, meta.url or page.url)
