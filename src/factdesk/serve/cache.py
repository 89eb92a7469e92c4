"""A small cache of built views and search pages, valid until the corpus changes.

Every entry is keyed by the corpus version
(:func:`factdesk.store.readers.corpus_version`), a counter in the database
that triggers bump on every change to articles, analyses, claims and entities,
whichever connection or process makes it: a write by another server process
(``factdesk serve --workers N``) or a ``factdesk ingest`` running beside the
server makes this process's entries stale at once.  Comments, sessions and
other per-user rows do not touch the counter, so they never empty the cache
(and nothing built from them is cached).  Safe to use from many threads.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from ..store import Filters, Paging, ResultPage, SearchHit, search
from ..store.readers import corpus_version

__all__ = ["ViewCache", "cached_search"]


class ViewCache:
    """Least-recently-used values keyed by ``(key, corpus version)``."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self.writes = 0
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._building: dict[Hashable, threading.Event] = {}
        self._lock = threading.Lock()

    def wrote(self) -> None:
        """Forget everything (the version would tell as much; this is for writes made
        on a connection the triggers do not see, such as a test's)."""
        with self._lock:
            self.writes += 1
            self._items.clear()

    def get(self, reader, key: Hashable, build: Callable[[], Any]) -> Any:
        """The value of ``key`` built while the corpus was as ``reader`` sees it now
        (``build()`` it, with the same reader, if none is).  Threads that miss the
        same entry at once build it once: the others wait for the first (a burst of
        readers of one new search costs one search, not one per reader)."""
        full = (key, reader.read(corpus_version), self.writes)
        while True:
            with self._lock:
                if full in self._items:
                    self._items.move_to_end(full)
                    return self._items[full]
                building = self._building.get(full)
                mine = building is None
                if mine:
                    building = self._building[full] = threading.Event()
            if not mine:
                building.wait()
                continue  # built (or the builder failed: then one of us builds it)
            try:
                value = build()
                with self._lock:
                    self._items[full] = value
                    if len(self._items) > self.size:
                        self._items.popitem(last=False)
                return value
            finally:
                with self._lock:
                    self._building.pop(full, None)
                building.set()


def cached_search(ctx, reader, kind: str, q: str, f: Filters,
                  p: Paging, sort: str = "relevance") -> ResultPage[SearchHit]:
    """One page of search hits, from ``ctx.views`` while the corpus is unchanged."""
    return ctx.views.get(reader, ("search", kind, q, f, p, sort),
                         lambda: search(reader, kind, q, f, p, sort=sort))
