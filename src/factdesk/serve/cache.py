"""A small cache of built article views, invalidated by any write to the database.

An article's view depends on rows that change when claims are reclustered, so
every entry is keyed by the database's state: SQLite's ``PRAGMA data_version``
(which changes when *another* connection commits, e.g. a ``factdesk ingest``
running beside the server) and a counter this app bumps on its own writes.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from ..store import Store

__all__ = ["ViewCache"]


class ViewCache:
    """Least-recently-used values keyed by ``(key, database state)``."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self.writes = 0
        self._items: OrderedDict[Hashable, Any] = OrderedDict()

    def wrote(self) -> None:
        """Call after this app wrote to the database."""
        self.writes += 1
        self._items.clear()

    def get(self, store: Store, key: Hashable, build: Callable[[], Any]) -> Any:
        """The value of ``key`` built while the database was as it is now (``build()``
        it if none is)."""
        version = store.data_version()
        full = (key, version, self.writes)
        if full in self._items:
            self._items.move_to_end(full)
            return self._items[full]
        value = build()
        self._items[full] = value
        if len(self._items) > self.size:
            self._items.popitem(last=False)
        return value
