"""robots.txt: may factdesk fetch this URL?

One :class:`Robots` keeps each site's rules for its lifetime (a watch poll).
Following RFC 9309: a missing robots.txt (4xx) allows everything; one that
cannot be fetched (5xx, refused, timed out) disallows the whole site for now.
The rules are read by Protego (Scrapy's parser), which knows the ``*`` and
``$`` wildcards (``Disallow: /*?print=``, ``Disallow: /*.pdf$``) that the
standard library's parser takes literally, and ``Crawl-delay``, which is
handed to the fetcher's :class:`~factdesk.ingest.politeness.Politeness`.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from protego import Protego

from ..errors import FetchError
from .conditional import conditional_get
from .fetch import Fetcher

__all__ = ["Robots"]

log = logging.getLogger(__name__)


class Robots:
    """Cached robots.txt rules per site, fetched through the guarded fetcher."""

    def __init__(self, fetcher: Fetcher, user_agent: str | None = None) -> None:
        self.fetcher = fetcher
        self.agent = (user_agent or fetcher.settings.user_agent).split("/")[0]
        self.rules: dict[str, Protego | bool] = {}

    def _rules(self, site: str) -> Protego | bool:
        if site not in self.rules:
            try:
                answer = conditional_get(self.fetcher, f"{site}/robots.txt")
            except FetchError as exc:
                log.info("robots.txt of %s unreachable (%s): not fetching from it", site, exc)
                self.rules[site] = False
                return False
            if 400 <= answer.status < 500:
                self.rules[site] = True
            elif answer.status >= 300:
                self.rules[site] = False
            else:
                parser = Protego.parse(answer.data.decode("utf-8", "replace"))
                delay = parser.crawl_delay(self.agent)
                if delay:
                    self.fetcher.politeness.crawl_delay(urlsplit(site).hostname or "",
                                                        float(delay))
                self.rules[site] = parser
        return self.rules[site]

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        rules = self._rules(f"{parts.scheme}://{parts.netloc}")
        if isinstance(rules, bool):
            return rules
        return rules.can_fetch(url, self.agent)
