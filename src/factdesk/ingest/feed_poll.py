"""Polling feeds: what is new since the last look.

:func:`poll_feed` asks a feed with the validators from the previous poll
(conditional GET), and lists the entry URLs that robots.txt allows.  Keeping
the validators and deciding which URLs are already stored is the caller's
business (the pipeline keeps both in the store).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import FetchError
from ..model import ProblemReason
from .conditional import conditional_get
from .feeds import feed_refs
from .fetch import Fetcher
from .refs import PageRef, SourceProblem
from .robots import Robots

__all__ = ["FeedPoll", "poll_feed"]


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedPoll:
    """One poll of one feed."""

    feed: str
    status: int
    etag: str | None = None
    last_modified: str | None = None
    urls: tuple[str, ...] = ()
    problems: tuple[SourceProblem, ...] = ()

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def poll_feed(fetcher: Fetcher, feed: str, *, etag: str | None = None,
              last_modified: str | None = None, robots: Robots | None = None) -> FeedPoll:
    """The entry URLs of ``feed`` unless it is unchanged since ``etag``/``last_modified``."""
    try:
        if robots is not None and not robots.allowed(feed):
            problem = SourceProblem(source=feed, reason=ProblemReason.DISALLOWED_BY_ROBOTS,
                                    message=f"{feed}: robots.txt disallows fetching it")
            return FeedPoll(feed=feed, status=0, problems=(problem,))
        answer = conditional_get(fetcher, feed, etag=etag, last_modified=last_modified)
    except FetchError as exc:
        problem = SourceProblem(source=feed, reason=ProblemReason.FETCH_FAILED, message=str(exc))
        return FeedPoll(feed=feed, status=0, etag=etag, last_modified=last_modified,
                        problems=(problem,))
    if answer.not_modified:
        return FeedPoll(feed=feed, status=304, etag=answer.etag,
                        last_modified=answer.last_modified)
    if answer.status >= 300:
        problem = SourceProblem(source=feed, reason=ProblemReason.FETCH_FAILED,
                                message=f"{feed}: the server answered HTTP {answer.status}")
        return FeedPoll(feed=feed, status=answer.status, etag=etag, last_modified=last_modified,
                        problems=(problem,))
    urls: list[str] = []
    problems: list[SourceProblem] = []
    for item in feed_refs(answer.data, answer.url, limit=fetcher.settings.max_feed_bytes):
        if isinstance(item, PageRef):
            if robots is not None and not robots.allowed(item.location):
                problems.append(SourceProblem(
                    source=item.location, reason=ProblemReason.DISALLOWED_BY_ROBOTS,
                    message=f"{item.location}: robots.txt disallows fetching it"))
            else:
                urls.append(item.location)
        else:
            problems.append(item)
    return FeedPoll(feed=feed, status=answer.status, etag=answer.etag,
                    last_modified=answer.last_modified, urls=tuple(urls),
                    problems=tuple(problems))
