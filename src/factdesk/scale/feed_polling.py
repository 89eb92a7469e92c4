"""Keep a corpus current: poll feeds on a schedule and ingest what is new.

Each poll is a conditional GET (ETag/Last-Modified kept in the store per feed),
robots.txt is honoured unless ``respect_robots`` is off, and only entries not
yet stored go through :func:`factdesk.scale.batch.run_batch`, the way a newsroom keeps
its archive up to date.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from .batch import run_batch
from ..ingest import Fetcher, Robots, poll_feed
from ..settings import Settings
from ..model import PageOutcome
from ..store import Store

__all__ = ["WatchCycle", "watch", "watch_once"]


@dataclass(frozen=True, slots=True, kw_only=True)
class WatchCycle:
    """What one poll of every feed found."""

    polled: int
    unchanged: int
    new_urls: int
    problems: int
    summary: dict[str, Any] | None = None


def watch_once(feeds: Iterable[str], settings: Settings, store: Store, *,
               fetcher: Fetcher, executor: Any = None) -> WatchCycle:
    """Poll each feed once (conditional GET), then ingest entries not yet stored.

    robots.txt is honoured for the feeds and their entries unless
    ``respect_robots`` is off.
    """
    robots = Robots(fetcher) if settings.respect_robots else None
    polled = unchanged = 0
    fresh: list[str] = []
    problems: list[PageOutcome] = []
    for feed in feeds:
        etag, modified = store.feed_state(feed)
        poll = poll_feed(fetcher, feed, etag=etag, last_modified=modified, robots=robots)
        polled += 1
        unchanged += poll.not_modified
        store.set_feed_state(feed, etag=poll.etag, last_modified=poll.last_modified,
                             status=poll.status)
        problems += [PageOutcome.failure(p.source, p.message, p.reason) for p in poll.problems]
        stored = store.stored_keys(poll.urls)
        fresh += [u for u in poll.urls if u not in stored and u not in fresh]
    store.write(problems)
    summary = None
    if fresh:
        summary = run_batch(fresh, settings, store, executor=executor, fetcher=fetcher)
    return WatchCycle(polled=polled, unchanged=unchanged, new_urls=len(fresh),
                      problems=len(problems), summary=summary)


def watch(feeds: Iterable[str], settings: Settings, store: Store, *, fetcher: Fetcher,
          cycles: int | None = None, sleep: Callable[[float], object] = time.sleep,
          report: Callable[[WatchCycle], None] | None = None,
          stopped: Callable[[], bool] = lambda: False) -> None:
    """Poll the feeds every ``watch_interval`` seconds (``cycles`` times, or forever,
    or until ``stopped()``: it is asked before each poll, never during one)."""
    feeds = list(feeds)
    done = 0
    while (cycles is None or done < cycles) and not stopped():
        cycle = watch_once(feeds, settings, store, fetcher=fetcher)
        if report:
            report(cycle)
        done += 1
        if cycles is None or done < cycles:
            sleep(settings.watch_interval)
