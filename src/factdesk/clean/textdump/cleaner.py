"""Clean one text dump: give every line a role, keep the article, say why the rest went.

The steps, in order:

1. the line model (:mod:`.classifier`) gives each line a body probability,
   smoothed over the page (:mod:`.sequence`);
2. the chrome lexicon (:mod:`..chrome`) overrules it for lines that speak in
   chrome's voice, and a line wedged between two appeals of one kind joins
   them (the middle paragraph of a donation appeal);
3. captions (a line ending in a photo credit, or a line that repeats a
   nearby line with a credit added) and their duplicate copies,
   credit lines, bylines and the dateline are taken out wherever they are;
4. the headline and standfirst are looked for just above the body;
5. a short title-like line inside the body that the model rejects is a
   related link; everything else not kept is removed with a reason.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from ...model import ChromeReason, Page, RejectReason, Rejection, RelatedLink, Removed
from ...settings import Settings
from ..assemble import CaptionDraft, Draft
from ..chrome import chrome_reason
from ..credit_lines import is_credit_line
from ..language import detect_language
from ..outlet import outlet_from_chrome
from .classifier import load_model
from .features import line_features
from .lines import Line, split_lines
from .roles import (
    CaptionMatch,
    byline_name,
    is_duplicate_caption,
    is_headline_shaped,
    is_standfirst_shaped,
    match_caption,
    reads_as_lead_headline,
    match_echo_caption,
    published_in,
)

__all__ = ["EXTRACTOR", "clean_text_dump", "draft_from_labels"]

log = logging.getLogger(__name__)

EXTRACTOR = "clean.textdump.v1"
#: At most this many title-like lines inside a body may be promos, not subheads.
MAX_LONE_TITLES = 2
_TOPIC_TITLE = re.compile(r"^[A-Z][^:.!?]{1,40}: [A-Z0-9“\"'‘]")
#: How far above the first body line the headline is looked for.
HEADER_REACH = 40
_APPEALS = frozenset({ChromeReason.DONATION_APPEAL, ChromeReason.NOTIFICATION_PROMPT,
                      ChromeReason.NEWSLETTER_PROMPT, ChromeReason.SUBSCRIPTION_PROMPT,
                      ChromeReason.COOKIE_NOTICE, ChromeReason.LOGIN_NOTICE})


@dataclass(slots=True)
class _Roles:
    """Working state: the role decided so far for each line index."""

    lines: Sequence[Line]
    body: list[bool]
    reason: dict[int, ChromeReason] = field(default_factory=dict)
    taken: set[int] = field(default_factory=set)

    def drop(self, i: int, reason: ChromeReason) -> None:
        self.body[i] = False
        self.reason.setdefault(i, reason)
        self.taken.add(i)

    def keep(self, i: int) -> None:
        self.body[i] = False
        self.taken.add(i)

    def free(self, i: int) -> bool:
        return i not in self.taken


def _lexicon(roles: _Roles) -> None:
    hits = {i: chrome_reason(line.text) for i, line in enumerate(roles.lines)}
    for i, reason in hits.items():
        if reason is not None:
            roles.drop(i, reason)
    for i, line in enumerate(roles.lines):
        if hits[i] is not None:
            continue
        before = next((hits[j] for j in range(i - 1, max(-1, i - 3), -1) if hits[j]), None)
        after = next((hits[j] for j in range(i + 1, min(len(hits), i + 3)) if hits[j]), None)
        if before is not None and before is after and before in _APPEALS:
            roles.drop(i, before)


def _captions(roles: _Roles) -> list[tuple[int, CaptionDraft]]:
    found: list[tuple[int, CaptionDraft]] = []
    texts = [line.text for line in roles.lines]
    for i, text in enumerate(texts):
        if not roles.free(i):
            continue
        match = match_caption(text) or _echo_caption(texts, i)
        if match is None or (roles.body[i] and len(text.split()) > 60):
            continue
        caption = text[:match.text_end]
        if any(is_duplicate_caption(caption, d.line[:d.text_end]) for _, d in found):
            roles.drop(i, ChromeReason.DUPLICATE_CAPTION)
            continue
        roles.keep(i)
        found.append((i, match.draft(text)))
        for j in range(max(0, i - 3), min(len(texts), i + 4)):
            if j != i and roles.free(j) and is_duplicate_caption(texts[j], caption):
                roles.drop(j, ChromeReason.DUPLICATE_CAPTION)
    return found


def _echo_caption(texts: Sequence[str], i: int) -> CaptionMatch | None:
    """A caption with its credit, printed next to a bare copy of its text."""
    for j in (i - 1, i + 1, i - 2, i + 2):
        if 0 <= j < len(texts) and j != i:
            match = match_echo_caption(texts[i], texts[j])
            if match is not None:
                return match
    return None


def _first_body(roles: _Roles) -> int | None:
    return next((i for i, b in enumerate(roles.body) if b), None)


def _header_metadata(roles: _Roles, start: int, top: int, settings: Settings
                     ) -> tuple[list[str], datetime | None, str | None]:
    """Bylines and the first printed date between ``top`` and just below ``start``
    (each dropped as metadata)."""
    lines = roles.lines
    bylines: list[str] = []
    published = published_text = None
    for i in range(top, min(len(lines), start + 3)):
        text = lines[i].text
        if not roles.free(i) or (roles.body[i] and i >= start):
            continue
        name = byline_name(text)
        if name is None and text.lower() == "by" and i + 1 < len(lines):
            name = lines[i + 1].text if len(lines[i + 1].text.split()) <= 6 else None
        if name:
            bylines.append(name)
            roles.drop(i, ChromeReason.METADATA)
            continue
        if published is None:
            value = published_in(text, settings.default_timezone)
            if value is not None:
                published, published_text = value, text
                roles.drop(i, ChromeReason.METADATA)
    return bylines, published, published_text


def _headline_at(roles: _Roles, start: int, top: int) -> int | None:
    """The nearest free headline-shaped line above ``start`` (a title over a
    one-line summary: the title), else the dump's lead headline."""
    lines = roles.lines
    head_at = None
    for i in range(start - 1, top - 1, -1):
        if roles.free(i) and not roles.body[i] and is_headline_shaped(lines[i].text):
            head_at = i
            break
    if head_at is not None and head_at > top:
        above = head_at - 1
        if (roles.free(above) and not roles.body[above]
                and is_headline_shaped(lines[above].text)
                and len(lines[above].text) < len(lines[head_at].text)
                and is_standfirst_shaped(lines[head_at].text)):
            head_at = above  # a title over a one-line summary: the summary is the standfirst
    if head_at is None:
        head_at = _lead_headline(roles, start)
    return head_at


def _header(roles: _Roles, start: int, settings: Settings
            ) -> tuple[str | None, str | None, list[str], datetime | None, str | None]:
    """Headline, standfirst, bylines and dateline from the lines above ``start``:
    metadata first, then the headline, then a standfirst within three lines below it."""
    lines = roles.lines
    top = max(0, start - HEADER_REACH)
    bylines, published, published_text = _header_metadata(roles, start, top, settings)
    headline = standfirst = None
    head_at = _headline_at(roles, start, top)
    if head_at is not None:
        headline = lines[head_at].text
        roles.keep(head_at)
        for j in range(head_at + 1, min(start, head_at + 4)):
            if roles.free(j) and is_standfirst_shaped(lines[j].text):
                standfirst = lines[j].text
                roles.keep(j)
                break
    return headline, standfirst, bylines, published, published_text


def _lead_headline(roles: _Roles, start: int) -> int | None:
    """The dump's first line as headline, when it reads as one and the body follows.

    Between it and the body may stand only metadata already taken (a byline, a
    date) and at most two other lines: a standfirst or a short section label.
    """
    lines = roles.lines
    if not lines or not roles.free(0) or start > 0 and roles.body[0]:
        return None
    between = [j for j in range(1, start) if roles.free(j)]
    if len(between) > 2 or not all(len(lines[j].text.split()) <= 4
                                   or is_standfirst_shaped(lines[j].text) for j in between):
        return None
    body = [lines[j].text for j in range(1, len(lines)) if roles.body[j]][:3]
    if not body or not reads_as_lead_headline(lines[0].text, max(body, key=len)):
        return None
    return 0


def _titles_inside(roles: _Roles, first: int, last: int) -> list[int]:
    """Title-like body lines between two body lines (subheads, or promos of other stories)."""
    return [i for i in range(first + 1, last) if roles.body[i] and roles.body[i - 1]
            and roles.body[i + 1] and is_headline_shaped(roles.lines[i].text)
            and not roles.lines[i].text.isupper()
            and not roles.lines[i].text.endswith(("?", "!"))]


def _inside_body(roles: _Roles) -> tuple[list[RelatedLink], list[str]]:
    """Credit lines and links to other stories found among the body lines."""
    related: list[RelatedLink] = []
    credits: list[str] = []
    lines = roles.lines
    body_at = [i for i, b in enumerate(roles.body) if b]
    first, last = (body_at[0], body_at[-1]) if body_at else (0, -1)
    titles = _titles_inside(roles, first, last)
    if len(titles) <= MAX_LONE_TITLES:
        # Articles with subheads have a series of them; one or two lone
        # "Topic: headline" lines in running text are promos of other stories.
        for i in titles:
            if _TOPIC_TITLE.match(lines[i].text):
                roles.drop(i, ChromeReason.RELATED_LINK)
    for i, line in enumerate(lines):
        if roles.reason.get(i) is ChromeReason.RELATED_LINK:
            related.append(RelatedLink(text=line.text, origin=line.no))
            continue
        if not roles.free(i):
            continue
        if is_credit_line(line.text) and i >= first:
            credits.append(line.text)
            roles.keep(i)
        elif first < i < last and not roles.body[i] and is_headline_shaped(line.text) \
                and not line.text.isupper():
            related.append(RelatedLink(text=line.text, origin=line.no))
            roles.drop(i, ChromeReason.RELATED_LINK)
    return related, credits


def _leftover_reason(i: int, text: str, first: int, site_lines: frozenset[str],
                     seen: set[str]) -> ChromeReason:
    if text in site_lines:
        return ChromeReason.SITE_REPEATED
    if text in seen:
        return ChromeReason.DUPLICATE_LINE
    if len(text) < 60:
        return ChromeReason.NAVIGATION if i < first else ChromeReason.FOOTER
    return ChromeReason.BOILERPLATE


def clean_text_dump(page: Page, settings: Settings, *,
                    site_lines: frozenset[str] = frozenset()) -> Draft | Rejection:
    """The article in a plain-text dump (``page.text``), or why there is none."""
    lines = split_lines(page.text or "")
    texts = [line.text for line in lines]
    model = load_model(settings.text_model)
    probs = model.probabilities(line_features(texts, site_lines)) if texts else []
    return draft_from_labels(page, lines, model.body_labels(probs), settings,
                             site_lines=site_lines)


def draft_from_labels(page: Page, lines: Sequence[Line], body: Sequence[bool],
                      settings: Settings, *, site_lines: frozenset[str] = frozenset()
                      ) -> Draft | Rejection:
    """Steps 2 to 5 for the dump's ``lines``, given the line model's body decision.

    Training calls this directly to try several decisions on the same lines.
    """
    roles = _Roles(lines=lines, body=list(body))
    _lexicon(roles)
    captions = _captions(roles)
    start = _first_body(roles)
    if start is None:
        return Rejection(source=page.source, reason=RejectReason.ALL_CHROME, page_id=page.id,
                         message=f"none of the {len(lines)} lines looks like article text")
    headline, standfirst, bylines, published, published_text = _header(roles, start, settings)
    related, credits = _inside_body(roles)
    paragraphs: list[str] = []
    removed: list[Removed] = []
    seen: set[str] = set()
    first = _first_body(roles) or 0
    kept = {headline, standfirst, *credits, *(d.line for _, d in captions)}
    for i, line in enumerate(lines):
        if roles.body[i]:
            # a repeated body line stays: lists and recipes repeat lines on purpose
            paragraphs.append(line.text)
        elif i in roles.reason:
            removed.append(Removed(text=line.text, reason=roles.reason[i], origin=line.no))
        elif i not in roles.taken or line.text not in kept:
            reason = _leftover_reason(i, line.text, first, site_lines, seen)
            removed.append(Removed(text=line.text, reason=reason, origin=line.no))
        seen.add(line.text)
    if not paragraphs:
        return Rejection(source=page.source, reason=RejectReason.ALL_CHROME, page_id=page.id,
                         message="no body paragraph is left once chrome is removed")
    log.debug("%s: %d of %d lines kept as body", page.source, len(paragraphs), len(lines))
    return Draft(
        source=page.source,
        extractor=EXTRACTOR,
        paragraphs=tuple(paragraphs),
        headline=headline,
        standfirst=standfirst,
        captions=tuple(d for _, d in captions),
        bylines=tuple(bylines),
        published=published,
        published_text=published_text,
        url=page.url,
        site_name=outlet_from_chrome(removed),
        language=detect_language("\n".join(paragraphs)),
        related_links=tuple(related),
        credits=tuple(credits),
        removed=tuple(removed),
        short_reason=RejectReason.ALL_CHROME if removed else RejectReason.NO_ARTICLE,
    )
