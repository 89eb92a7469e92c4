"""Assemble an :class:`~factdesk.model.Article` from the parts a cleaner chose.

Cleaners (HTML or text dump) decide *which* lines belong to the article and in
what role; this module lays them out in one ``text`` — headline, standfirst,
captions, body paragraphs, joined by blank lines, each line verbatim — and
computes every span.  Keeping that in one place guarantees that every span
indexes the text it claims to.  It also says, once for every cleaner, when a
draft's body is too short to be an article (:func:`short_body`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..model import (
    Article,
    Caption,
    Dateline,
    RejectReason,
    RelatedLink,
    Removed,
    Span,
    content_id,
)
from .datelines import find_dateline

__all__ = ["CaptionDraft", "Draft", "article_text", "assemble", "short_body"]

FROZEN = dict(frozen=True, slots=True, kw_only=True)
SEPARATOR = "\n\n"


@dataclass(**FROZEN)
class CaptionDraft:
    """A caption line verbatim; ``credit`` is a substring of ``line`` or given apart.

    ``text_end`` is where the caption text proper ends inside ``line`` (the
    rest, if any, holds the printed credit); ``credit_start`` is where the
    credit starts inside ``line`` when it is printed there.
    """

    line: str
    text_end: int | None = None
    credit: str | None = None
    credit_start: int | None = None


@dataclass(**FROZEN)
class Draft:
    """What a cleaner found on a page, before layout.

    ``short_reason`` is the rejection a body under ``min_body_chars`` earns:
    the text-dump cleaner says ``all_chrome`` when it removed lines as chrome.
    """

    source: str
    extractor: str
    paragraphs: tuple[str, ...]
    headline: str | None = None
    standfirst: str | None = None
    captions: tuple[CaptionDraft, ...] = ()
    bylines: tuple[str, ...] = ()
    published: datetime | None = None
    published_text: str | None = None
    url: str | None = None
    site_name: str | None = None
    language: str | None = None
    related_links: tuple[RelatedLink, ...] = ()
    credits: tuple[str, ...] = ()
    removed: tuple[Removed, ...] = ()
    page_id: str | None = None
    short_reason: RejectReason = RejectReason.NO_ARTICLE


class _Layout:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0

    def add(self, line: str) -> Span:
        if self.parts:
            self.parts.append(SEPARATOR)
            self.pos += len(SEPARATOR)
        start = self.pos
        self.parts.append(line)
        self.pos += len(line)
        return Span(start=start, end=self.pos, text=line)

    def text(self) -> str:
        return "".join(self.parts)


def _strip_span(span: Span) -> Span:
    """The same span without leading or trailing whitespace."""
    lead = len(span.text) - len(span.text.lstrip())
    body = span.text.strip()
    return Span(start=span.start + lead, end=span.start + lead + len(body), text=body)


def _caption(layout: _Layout, draft: CaptionDraft) -> Caption:
    line = layout.add(draft.line)
    text_end = len(draft.line) if draft.text_end is None else draft.text_end
    text = _strip_span(Span(start=line.start, end=line.start + text_end,
                            text=draft.line[:text_end]))
    credit_span = None
    if draft.credit_start is not None and draft.credit:
        offset = draft.line.find(draft.credit, draft.credit_start)
        if offset >= 0:
            credit_span = Span(start=line.start + offset, end=line.start + offset + len(draft.credit),
                               text=draft.credit)
    return Caption(span=text, credit=draft.credit, credit_span=credit_span, line=line)


def _dateline(paragraph: Span) -> tuple[Dateline | None, Span]:
    """The wire dateline opening ``paragraph`` and the paragraph after it."""
    found = find_dateline(paragraph.text)
    if found is None:
        return None, paragraph
    base = paragraph.start

    def span(start: int, end: int) -> Span:
        return Span(start=base + start, end=base + end, text=paragraph.text[start:end])

    printed = paragraph.text[:found.end].rstrip()  # the dateline, dash included
    dateline = Dateline(span=span(0, len(printed)), place=span(*found.place),
                        credit=span(*found.credit) if found.credit else None)
    return dateline, span(found.end, len(paragraph.text))


def _lay_out(draft: Draft) -> tuple[_Layout, Span | None, Span | None, tuple[Caption, ...],
                                     list[Span]]:
    layout = _Layout()
    headline = layout.add(draft.headline) if draft.headline else None
    standfirst = layout.add(draft.standfirst) if draft.standfirst else None
    captions = tuple(_caption(layout, c) for c in draft.captions)
    paragraphs = [layout.add(p) for p in draft.paragraphs]
    return layout, headline, standfirst, captions, paragraphs


def article_text(draft: Draft) -> str:
    """The text :func:`assemble` will give the article (cleaners match blocks against it)."""
    return _lay_out(draft)[0].text()


def short_body(draft: Draft, min_body_chars: int) -> tuple[RejectReason, str] | None:
    """The reason and message to reject a draft whose body paragraphs hold fewer
    than ``min_body_chars`` characters; ``None`` when the body is long enough."""
    body_chars = sum(len(p) for p in draft.paragraphs)
    if body_chars >= min_body_chars:
        return None
    return draft.short_reason, (f"only {body_chars} characters of body text were found "
                                f"(min_body_chars={min_body_chars})")


def assemble(draft: Draft) -> Article:
    """Lay the draft out as one text and return the article with its spans."""
    layout, headline, standfirst, captions, paragraphs = _lay_out(draft)
    dateline = None
    for n, paragraph in enumerate(paragraphs[:2]):
        dateline, rest = _dateline(paragraph)
        if dateline is not None:
            paragraphs[n] = rest
            break
    text = layout.text()
    return Article(
        id=content_id(draft.url or draft.source, text),
        text=text,
        source=draft.source,
        url=draft.url,
        site_name=draft.site_name,
        language=draft.language,
        headline=headline,
        standfirst=standfirst,
        bylines=draft.bylines,
        published=draft.published,
        published_text=draft.published_text,
        captions=captions,
        paragraphs=tuple(paragraphs),
        dateline=dateline,
        related_links=draft.related_links,
        credits=draft.credits,
        removed=draft.removed,
        extractor=draft.extractor,
        page_id=draft.page_id,
    )
