"""Outlets: what to call the site an article came from, and which outlets the store holds.

An outlet is an article's site name, or its URL's host when the page named no
site.  Filters take an outlet as either.  An article that printed no headline
is listed as :data:`NO_HEADLINE`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from .db import Store

__all__ = ["LEAD_WORDS", "NO_HEADLINE", "UNKNOWN_OUTLET", "lead_of", "outlet_of", "outlets",
           "readable_title"]

UNKNOWN_OUTLET = "unknown outlet"
NO_HEADLINE = "(no headline)"
#: Words of the body that stand for the title of an article that printed none.
LEAD_WORDS = 12


def lead_of(text: str | None, words: int = LEAD_WORDS) -> str:
    """The first ``words`` words of an article's text, on one line ("…" when cut)."""
    found = (text or "").split(maxsplit=words)
    if len(found) > words:
        return " ".join(found[:words]).rstrip(",;:") + "…"
    return " ".join(found)


def readable_title(headline: str | None, lead: str | None, outlet: str | None,
                   published: str | None) -> str:
    """A title people can read for an article: its headline, else the first
    words of its body, else its outlet and date; never its id."""
    if headline and headline.strip():
        return headline.strip()
    if lead and lead.strip():
        return lead.strip()
    where = outlet if outlet and outlet != UNKNOWN_OUTLET else "an unknown outlet"
    return f"Article from {where}" + (f", {published[:10]}" if published else "")


def outlet_of(site_name: str | None, url: str | None, source: str | None = None) -> str:
    """What to call an article's outlet: its site name, else its URL's host."""
    if site_name:
        return site_name
    try:
        host = urlsplit(url).hostname if url else None
    except ValueError:  # a malformed URL
        host = None
    return host or UNKNOWN_OUTLET


def outlets(store: Store) -> list[str]:
    """Every outlet that has a current article, sorted, for the filter menu."""
    rows = store.conn.execute("SELECT DISTINCT site_name, url FROM articles WHERE current = 1")
    return sorted({outlet_of(site, url) for site, url in rows} - {UNKNOWN_OUTLET})
