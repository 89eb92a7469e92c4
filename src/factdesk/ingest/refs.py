"""Where one page can be read from, and what went wrong with a source.

Expanding sources (folders, feeds, sitemaps, archives) yields small, picklable
:class:`PageRef` values; a batch worker reads the page behind each one.  A
source that cannot be expanded, or a part of it that cannot be read, yields a
:class:`SourceProblem` with a stable reason slug instead of raising, so the
rest of the batch goes on.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

from ..model import PageHints, ProblemReason

__all__ = ["PageRef", "SourceProblem", "joined_url"]


@dataclass(frozen=True, slots=True, kw_only=True)
class PageRef:
    """A page to read: a file path, a URL, a record of a WARC file, or standard input.

    ``kind`` is ``path``, ``url``, ``warc`` (``offset`` is then the record's
    byte offset in the file) or ``stdin`` (read in this process only); ``origin`` names the feed, sitemap or archive
    the page was listed in; ``hints`` is what an archive's metadata file says
    about the page (see :mod:`.metadata`).
    """

    kind: str
    location: str
    offset: int | None = None
    origin: str | None = None
    hints: PageHints | None = None

    @property
    def key(self) -> str:
        """A stable name for sharding: the location, and the offset for a record."""
        return self.location if self.offset is None else f"{self.location}#{self.offset}"


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceProblem:
    """A source, or part of one, that yields no page; ``reason`` says why (a
    :class:`~factdesk.model.ProblemReason`, stored as its slug)."""

    source: str
    reason: ProblemReason
    message: str


def joined_url(base: str, link: str) -> str | None:
    """``link`` made absolute against ``base``; ``None`` when ``link`` is not a
    URL at all (``http://[oops`` makes :func:`urllib.parse.urljoin` raise)."""
    try:
        return urljoin(base, link)
    except ValueError:
        return None
