"""Lines that repeat across pages of one site are probably site chrome.

:func:`site_key` names the site of a page (the reader's ``site``, else the URL
host without ``www.``); :func:`site_chrome_lines` collects the lines that recur
on several pages of one site.  Pages with no URL (benchmark dumps, files on
disk) are grouped by :func:`shared_line_groups`: two dumps that share many
short lines (menus, footers) come from one template.  Repetition is evidence,
not a verdict: the line model weighs it against the line's own shape, since
two pages of one site can carry the same wire-story sentence.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from urllib.parse import urlsplit

from ...components import DisjointSets
from ...model import Page
from .lines import split_lines

__all__ = ["shared_line_groups", "site_chrome_lines", "site_key"]

#: Lines at least this long are prose-sized and never used to group pages.
SHORT_LINE = 80


def site_key(page: Page) -> str | None:
    """The site a page belongs to, or ``None`` when the page does not say."""
    if page.site:
        return page.site.lower()
    if page.url:
        try:
            host = (urlsplit(page.url).hostname or "").lower()
        except ValueError:  # a malformed URL names no site
            return None
        return host.removeprefix("www.") or None
    return None


def site_chrome_lines(texts: Sequence[str], min_pages: int) -> frozenset[str]:
    """Lines found on at least ``min_pages`` of ``texts`` (pages of one site).

    Two texts that share most of their prose lines are one article seen twice
    and count once, so an article's own sentences do not become "chrome".
    """
    if min_pages <= 0 or len(texts) < max(2, min_pages):
        return frozenset()
    seen: Counter[str] = Counter()
    kept_prose: list[frozenset[str]] = []
    for text in texts:
        lines = {line.text for line in split_lines(text)}
        prose = frozenset(t for t in lines if len(t) >= SHORT_LINE)
        if prose and any(len(prose & other) > 0.5 * min(len(prose), len(other))
                         for other in kept_prose):
            continue  # the same article again (a re-fetch or a syndicated copy)
        kept_prose.append(prose)
        seen.update(lines)
    return frozenset(line for line, n in seen.items() if n >= min_pages)


def _short_lines(text: str) -> frozenset[str]:
    return frozenset(line.text for line in split_lines(text) if len(line.text) < SHORT_LINE)


def shared_line_groups(texts: Sequence[str], *, min_shared: int = 12,
                       min_share: float = 0.2) -> list[int]:
    """A group number per text; texts of one group look like one site's template.

    Two texts join a group when they share at least ``min_shared`` distinct
    short lines making up at least ``min_share`` of the smaller one's short
    lines.  Groups are transitive (union-find); a group is numbered by its first text.
    """
    sets = [_short_lines(t) for t in texts]
    groups = DisjointSets(len(texts))
    index: dict[str, list[int]] = {}
    for i, lines in enumerate(sets):
        for line in lines:
            index.setdefault(line, []).append(i)
    pairs: Counter[tuple[int, int]] = Counter()
    for members in index.values():
        if 1 < len(members) <= 50:
            for a_pos, a in enumerate(members):
                for b in members[a_pos + 1:]:
                    pairs[(a, b)] += 1
    for (a, b), shared in pairs.items():
        smaller = min(len(sets[a]), len(sets[b])) or 1
        if shared >= min_shared and shared / smaller >= min_share:
            groups.union(a, b)
    return groups.roots()
