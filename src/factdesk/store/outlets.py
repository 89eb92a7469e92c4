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

__all__ = ["NO_HEADLINE", "UNKNOWN_OUTLET", "outlet_of", "outlets"]

UNKNOWN_OUTLET = "unknown outlet"
NO_HEADLINE = "(no headline)"


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
