"""What the HTML cleaner left out, and related-story links taken out of the body.

:func:`related_link` recognises a body line that only points to another story
("Read more: ...", "Related: ...", "Also on example.com ...").
:func:`removed_blocks` lists every visible block of the page that did not make
it into the article, with a reason: the chrome lexicon's when it knows the
line, then what the page's own markup says of the block's containers (a
``class`` or ``id`` naming share buttons, a newsletter form, comments, related
stories ...), else ``navigation`` for link-dense blocks, ``footer`` inside a
``<footer>``, and ``boilerplate`` otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from ..model import ChromeReason, RelatedLink, Removed
from .chrome import chrome_reason
from .html_blocks import Block, normalize
from .published import DATE_SHAPE

__all__ = ["container_reason", "related_from_removed", "related_link", "removed_blocks"]

# What a container's class or id says of the blocks inside it, most specific
# first.  Matched against the class and id tokens of a block's ancestors.
_CONTAINER_HINTS: tuple[tuple[ChromeReason, re.Pattern[str]], ...] = tuple(
    (reason, re.compile(pattern)) for reason, pattern in (
        (ChromeReason.RELATED_LINK, r"related|read-?more|more-?(?:stories|on|from)|see-?also"
                                    r"|recommend|further-?reading"),
        (ChromeReason.NEWSLETTER_PROMPT, r"newsletter|sign-?up|signup"),
        (ChromeReason.COMMENT_WIDGET, r"comment|disqus|discussion"),
        (ChromeReason.SHARE_BUTTONS, r"share|sharing|social"),
        (ChromeReason.COOKIE_NOTICE, r"cookie|consent|gdpr"),
        (ChromeReason.DONATION_APPEAL, r"donat|support-?us|contribut"),
        (ChromeReason.SUBSCRIPTION_PROMPT, r"subscri|paywall|regwall|piano"),
        (ChromeReason.LOGIN_NOTICE, r"login|log-in|signin|sign-in|register"),
        (ChromeReason.ADVERTISEMENT, r"^ad$|^ads$|^ad-|-ad$|advert|sponsor|promo|dfp|outbrain"
                                     r"|taboola"),
        (ChromeReason.NAVIGATION, r"^nav|-nav|navbar|navigation|menu|breadcrumb|masthead"),
        (ChromeReason.FOOTER, r"footer"),
    ))
_CONTAINER_DEPTH = 8

_RELATED = re.compile(
    r"^\W*(?:read (?:more|also|next)|related(?: (?:story|stories|article|articles|coverage|"
    r"content|reading|post|link|links))?|see also|also (?:read|see|on \S+)|more on this|"
    r"more(?: from \S+)?|recommended|don't miss|watch|listen|popular on \S+|most read.{0,30}|"
    r"you may also like|further reading)\s*[:|>»–—-]\s*(?P<title>.*)$",
    re.IGNORECASE)
_ALSO_ON = re.compile(r"^Also on (?:[\w-]+\.)+[a-z]{2,}\s+(?P<title>.+)$")
_SHORT = 30
_DATE_LINE = 80


def _href(block: Block | None) -> str | None:
    if block is None:
        return None
    for anchor in block.element.iter("a"):
        href = (anchor.get("href") or "").strip()
        if href and not href.startswith(("#", "javascript:")):
            return href
    return None


def related_link(line: str, block: Block | None) -> RelatedLink | None:
    """A :class:`RelatedLink` when the body line only points to another story."""
    if len(line) > 300:
        return None
    match = _RELATED.match(line) or _ALSO_ON.match(line)
    if match is None:
        return None
    if block is not None and block.link_density < 0.3 and match.group("title"):
        return None  # "Watch: ..." in running text, not a link
    title = (match.group("title") or "").strip() or line.strip()
    return RelatedLink(text=title, url=_href(block))


def container_reason(block: Block) -> ChromeReason | None:
    """What the class or id of the block's nearest telling container says it is."""
    element = block.element
    for _ in range(_CONTAINER_DEPTH):
        if element is None or not isinstance(element.tag, str):
            return None
        if element.tag in ("article", "main", "body"):
            return None
        tokens = f"{element.get('class') or ''} {element.get('id') or ''}".lower().split()
        for reason, pattern in _CONTAINER_HINTS:
            if any(pattern.search(token) for token in tokens):
                return reason
        if element.tag == "nav":
            return ChromeReason.NAVIGATION
        element = element.getparent()
    return None


def _in_footer(block: Block) -> bool:
    return next(block.element.iterancestors("footer"), None) is not None \
        or block.tag == "footer"


def _fallback(block: Block) -> ChromeReason:
    if len(block.text) <= _DATE_LINE and DATE_SHAPE.search(block.text):
        return ChromeReason.METADATA
    if block.link_density > 0.5:
        return ChromeReason.NAVIGATION
    if _in_footer(block):
        return ChromeReason.FOOTER
    return ChromeReason.BOILERPLATE


def related_from_removed(blocks: Iterable[Block], removed_reasons: Mapping[int, ChromeReason]
                         ) -> tuple[RelatedLink, ...]:
    """Links to other stories in related-story containers the article left out."""
    out = []
    for block in blocks:
        if removed_reasons.get(block.index) is not ChromeReason.RELATED_LINK:
            continue
        href = _href(block)
        if href and block.link_density > 0.5 and len(block.text.split()) >= 3:
            out.append(RelatedLink(text=block.text, url=href))
    return tuple(out)


def removed_blocks(blocks: Iterable[Block], article_text: str,
                   known: Mapping[int, ChromeReason]) -> tuple[tuple[Removed, ...],
                                                              dict[int, ChromeReason]]:
    """Every block not found in ``article_text``, with a reason.

    ``known`` gives the reason for blocks the cleaner itself set aside (by
    block index): duplicate captions, related links, byline and date lines.
    """
    article = normalize(article_text)
    kept = set(normalize(line) for line in article_text.split("\n\n"))
    out: list[Removed] = []
    reasons: dict[int, ChromeReason] = {}
    for block in blocks:
        reason = known.get(block.index)
        if reason is None:
            key = normalize(block.text)
            if key in kept or (len(key) >= _SHORT and key in article):
                continue
            reason = chrome_reason(block.text) or container_reason(block) or _fallback(block)
        reasons[block.index] = reason
        out.append(Removed(text=block.text, reason=reason))
    return tuple(out), reasons
