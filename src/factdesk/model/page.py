"""Pages and the clean stage's output: spans, articles, what was removed, rejections."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

__all__ = ["FROZEN", "Article", "Caption", "ChromeReason", "Dateline", "Page", "PageHints",
           "ProblemReason", "RejectReason", "Rejection", "RelatedLink", "Removed", "Span",
           "content_id"]

FROZEN = dict(frozen=True, slots=True, kw_only=True)


def content_id(*parts: str | bytes | None, length: int = 16) -> str:
    """A deterministic hex id from the given parts (sha256, truncated)."""
    digest = hashlib.sha256()
    for part in parts:
        if part is None:
            part = b"\x00"
        elif isinstance(part, str):
            part = part.encode("utf-8", "surrogatepass")
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()[:length]


class ChromeReason(StrEnum):
    """Why a line or block of a page was removed from the article."""

    NOTIFICATION_PROMPT = "notification_prompt"
    DONATION_APPEAL = "donation_appeal"
    SUBSCRIPTION_PROMPT = "subscription_prompt"
    NEWSLETTER_PROMPT = "newsletter_prompt"
    COMMENT_WIDGET = "comment_widget"
    LOGIN_NOTICE = "login_notice"
    COOKIE_NOTICE = "cookie_notice"
    SHARE_BUTTONS = "share_buttons"
    ADVERTISEMENT = "advertisement"
    RELATED_LINK = "related_link"
    DUPLICATE_CAPTION = "duplicate_caption"
    DUPLICATE_LINE = "duplicate_line"
    NAVIGATION = "navigation"
    FOOTER = "footer"
    SITE_REPEATED = "site_repeated"
    METADATA = "metadata"
    BOILERPLATE = "boilerplate"


class RejectReason(StrEnum):
    """Why a page produced no article at all."""

    EMPTY = "empty"
    BINARY = "binary"
    TOO_LARGE = "too_large"
    UNDECODABLE = "undecodable"
    NO_ARTICLE = "no_article"
    ALL_CHROME = "all_chrome"
    TOO_SLOW = "too_slow"
    INTERNAL_ERROR = "internal_error"


class ProblemReason(StrEnum):
    """Why a source, or part of one, yielded no page at all (a source problem)."""

    UNREADABLE = "unreadable"
    FETCH_FAILED = "fetch_failed"
    BROKEN_FEED = "broken_feed"
    BROKEN_SITEMAP = "broken_sitemap"
    SITEMAP_LOOP = "sitemap_loop"
    SITEMAP_TOO_DEEP = "sitemap_too_deep"
    TRUNCATED_RECORD = "truncated_record"
    CORRUPT_ARCHIVE = "corrupt_archive"
    DISALLOWED_BY_ROBOTS = "disallowed_by_robots"
    TOO_LARGE = "too_large"


@dataclass(**FROZEN)
class Span:
    """A half-open range ``[start, end)`` of :attr:`Article.text` and its text."""

    start: int
    end: int
    text: str

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span [{self.start}, {self.end})")
        if len(self.text) != self.end - self.start:
            raise ValueError("span text length does not match its offsets")


@dataclass(**FROZEN)
class PageHints:
    """What an archive's metadata says about a page (``factdesk ingest --metadata``).

    The clean stage uses each hint only where the page itself gives no value:
    what the page prints wins.  ``origin`` names where the hints came from
    (the metadata file and its row) for messages.
    """

    outlet: str | None = None
    published: datetime | None = None
    headline: str | None = None
    bylines: tuple[str, ...] = ()
    origin: str | None = None

    def __post_init__(self) -> None:
        if self.published is not None and self.published.utcoffset() is None:
            raise ValueError("PageHints.published must be timezone-aware")

    def key(self) -> str:
        """A digest of the hints' values (not their origin): what they change."""
        published = self.published.isoformat() if self.published else None
        return content_id(self.outlet, published, self.headline, *self.bylines)


@dataclass(**FROZEN)
class Page:
    """One fetched or read page, before cleaning.

    ``data`` holds the raw bytes when they are known; ``text`` the decoded text
    (set by decoding, or directly when the caller already has a ``str``).
    """

    source: str
    data: bytes | None = None
    text: str | None = None
    url: str | None = None
    content_type: str | None = None
    declared_encoding: str | None = None
    detected_encoding: str | None = None
    fetched: datetime | None = None
    site: str | None = None
    hints: PageHints | None = None

    @property
    def id(self) -> str:
        """A content hash of the page (and of its hints, when it has any: other
        metadata makes another article)."""
        body = self.data if self.data is not None else (self.text or "")
        if self.hints is None:
            return content_id(self.url or self.source, body)
        return content_id(self.url or self.source, body, self.hints.key())


@dataclass(**FROZEN)
class Caption:
    """An image caption: ``span`` is the caption text, ``credit`` its credit.

    ``line`` covers the whole caption line as it stands in ``Article.text``
    (caption plus credit, verbatim); ``credit_span`` is inside it when the
    credit is printed there.
    """

    span: Span
    credit: str | None = None
    credit_span: Span | None = None
    line: Span | None = None


@dataclass(**FROZEN)
class RelatedLink:
    """A link to another story, taken out of the body."""

    text: str
    url: str | None = None
    origin: int | None = None


@dataclass(**FROZEN)
class Removed:
    """A line or block removed from the page, and why.

    ``origin`` is the line number (0-based) in the decoded page text for text
    dumps, or ``None`` where the page was HTML.
    """

    text: str
    reason: ChromeReason
    origin: int | None = None


@dataclass(**FROZEN)
class Dateline:
    """A wire dateline opening the body ("LONDON (Reuters) -"): place and credit.

    ``span`` covers the whole dateline, dash included; ``place`` the place
    ("LONDON"), ``credit`` the agency in brackets when printed ("Reuters").
    The first paragraph's span starts after the dateline.
    """

    span: Span
    place: Span
    credit: Span | None = None


@dataclass(**FROZEN)
class Article:
    """A cleaned news article.

    ``text`` is the headline, standfirst, captions and body paragraphs joined by
    blank lines, each line verbatim from the page.  Every ``Span`` indexes it.
    """

    id: str
    text: str
    source: str = ""
    url: str | None = None
    site_name: str | None = None
    language: str | None = None
    headline: Span | None = None
    standfirst: Span | None = None
    bylines: tuple[str, ...] = ()
    published: datetime | None = None
    published_text: str | None = None
    captions: tuple[Caption, ...] = ()
    paragraphs: tuple[Span, ...] = ()
    related_links: tuple[RelatedLink, ...] = ()
    credits: tuple[str, ...] = ()
    removed: tuple[Removed, ...] = ()
    extractor: str = ""
    page_id: str | None = None
    dateline: Dateline | None = None

    def __post_init__(self) -> None:
        if self.published is not None and self.published.utcoffset() is None:
            raise ValueError("Article.published must be timezone-aware")

    @property
    def body(self) -> str:
        """The body paragraphs joined by blank lines (the dateline included)."""
        texts = [span.text for span in self.paragraphs]
        line = self.dateline.span.start if self.dateline is not None else None
        for n, span in enumerate(self.paragraphs):
            if line is not None and line <= span.start and "\n" not in self.text[line:span.start]:
                texts[n] = self.text[line:span.end]  # the paragraph the dateline opens
                break
        return "\n\n".join(texts)

    def spans(self) -> tuple[Span, ...]:
        """Every span this article holds, for offset checks."""
        out: list[Span] = [s for s in (self.headline, self.standfirst) if s]
        for caption in self.captions:
            out += [s for s in (caption.span, caption.credit_span, caption.line) if s]
        if self.dateline is not None:
            out += [s for s in (self.dateline.span, self.dateline.place, self.dateline.credit) if s]
        return (*out, *self.paragraphs)


@dataclass(**FROZEN)
class Rejection:
    """A page that produced no article: a normal outcome with a stable reason."""

    source: str
    reason: RejectReason
    message: str
    page_id: str | None = None
