"""The outlet a text dump comes from, as its own chrome names it.

A dump has no ``og:site_name``, but its appeals and footers speak in the
outlet's name: "Stay up to date with notifications from The Harbour Courier",
"The Harbour Courier is funded by its readers".  A "The ..." name counts when
at least two removed appeals (notification, donation, subscription,
newsletter, login, comment prompts) print it.  Footers and copyright lines are
not read: they name the parent company or a section as often as the outlet.
The body is never read for this: a story names many organisations.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from ..model import ChromeReason, Removed

__all__ = ["outlet_from_chrome"]

_SPEAKING = frozenset({ChromeReason.NOTIFICATION_PROMPT, ChromeReason.DONATION_APPEAL,
                       ChromeReason.SUBSCRIPTION_PROMPT, ChromeReason.NEWSLETTER_PROMPT,
                       ChromeReason.COMMENT_WIDGET, ChromeReason.LOGIN_NOTICE})
_NAME_WORD = r"[A-Z][\w&'’.-]*"
_THE_NAME = re.compile(rf"\bThe\s+{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}}")
_GENERIC = frozenset({"the page", "the site", "the story", "the article", "the latest",
                      "the comments", "the newsletter", "the app", "the website", "the best",
                      "the editor", "the editors"})


def _names(line: str) -> set[str]:
    return {" ".join(m.group(0).split()) for m in _THE_NAME.finditer(line)}


def outlet_from_chrome(removed: Iterable[Removed]) -> str | None:
    """The outlet named by a dump's removed chrome, or ``None``."""
    lines = [(r.reason, r.text.replace("\xa0", " ")) for r in removed if r.reason in _SPEAKING]
    counts: Counter[str] = Counter()
    for _reason, text in lines:
        for name in _names(text):
            name = name.rstrip(".")
            if name.lower() not in _GENERIC:
                counts[name] += 1
    if not counts:
        return None
    (name, count), = counts.most_common(1)
    return name if count >= 2 else None
