"""Is a decoded page HTML or a plain-text dump?

The content type decides when it names one (``text/html``,
``application/xhtml+xml``, ``text/plain``).  Otherwise the text is sniffed: a
doctype or an ``<html>``/``<head>``/``<body>`` tag near the start makes it HTML,
and so does a dense run of known HTML tags.  A text dump that merely mentions
``<`` or quotes a tag or two stays text.
"""

from __future__ import annotations

import re
from enum import StrEnum

from ..model import Page

__all__ = ["PageKind", "sniff_kind"]


class PageKind(StrEnum):
    """The two kinds of page the clean stage knows."""

    HTML = "html"
    TEXT = "text"


_START = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>])",
                    re.IGNORECASE | re.DOTALL)
_FRAME = re.compile(r"<(?:html|head|body)[\s>]", re.IGNORECASE)
_TAG = re.compile(
    r"</?(?:p|div|span|a|br|li|ul|ol|h[1-6]|table|tr|td|img|meta|link|script|style|section|"
    r"article|header|footer|nav|title|form|input|strong|em|b|i)(?:\s[^<>]{0,500})?/?>",
    re.IGNORECASE)
_SAMPLE = 65536


def sniff_kind(page: Page) -> PageKind:
    """``html`` or ``text`` for a decoded page."""
    kind = (page.content_type or "").split(";")[0].strip().lower()
    text = page.text or ""
    if "html" in kind:
        return PageKind.HTML
    if kind == "text/plain":
        return PageKind.HTML if _START.match(text[:4096]) else PageKind.TEXT
    if _START.match(text[:4096]):
        return PageKind.HTML
    sample = text[:_SAMPLE]
    tags = len(_TAG.findall(sample))
    if _FRAME.search(sample) and tags >= 3:
        return PageKind.HTML
    # Dense markup: many tags, and at least one per 200 characters.
    if tags >= 10 and tags * 200 >= len(sample):
        return PageKind.HTML
    return PageKind.TEXT
