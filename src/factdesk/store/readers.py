"""Read-only connections for many threads at once: :class:`ReadPool`.

A :class:`~factdesk.store.Store` has one connection, the writer's.  A server
answering many readers at once borrows a :class:`Reader` from a pool instead:
each is its own connection to the same file with ``PRAGMA query_only`` on, so
in WAL mode readers never wait for one another nor for the writer, and none of
them can write by mistake.  A :class:`Reader` offers what the read functions
of the store use (``conn``, ``path``, :meth:`Reader.read`), so
``search(reader, ...)`` works as ``search(store, ...)`` does.

An in-memory store cannot be opened twice: its pool lends the store itself,
one thread at a time (:meth:`ReadPool.exclusive` is the same lock, for the
writer to take), which is slow but right, and is what tests use.

:func:`corpus_version` is a counter in the database that triggers bump on
every change to the articles, their analyses and the claim clusters, by any
connection of any process: a cache keyed on it is right across processes.
"""

from __future__ import annotations

import queue
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from typing import TYPE_CHECKING, Any, TypeVar

from ..errors import StoreError

if TYPE_CHECKING:
    from .db import Store

__all__ = ["ReadPool", "Reader", "corpus_version"]

T = TypeVar("T")
#: How long a reader waits for a lock (a checkpoint, a schema change) before failing.
BUSY_MS = 30000


def corpus_version(conn: sqlite3.Connection) -> int:
    """The corpus's change counter (bumped by triggers, see :mod:`.schema`)."""
    row = conn.execute("SELECT version FROM corpus_version").fetchone()
    return row[0] if row else 0


class Reader:
    """One read-only connection, shaped like the parts of a store that reading uses."""

    __slots__ = ("conn", "path")

    def __init__(self, path: str) -> None:
        self.path = path
        self.conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.conn.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
        self.conn.execute("PRAGMA query_only = ON")

    def read(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """``fn(conn, *args, **kwargs)``, as :meth:`Store.read`."""
        return fn(self.conn, *args, **kwargs)

    def close(self) -> None:
        self.conn.close()


class ReadPool:
    """Up to ``size`` readers of ``store``'s file, opened as threads first need them."""

    def __init__(self, store: Store, size: int = 8) -> None:
        if size < 1:
            raise StoreError(f"a read pool needs at least one connection, not {size}")
        self.store = store
        self.size = size
        self.memory = store.path == ":memory:"
        self._lock = threading.RLock()  # the in-memory store's one connection
        self._idle: queue.LifoQueue[Reader] = queue.LifoQueue()
        self._opened = 0
        self._guard = threading.Lock()
        self._closed = False

    @contextmanager
    def reader(self) -> Iterator[Reader | Store]:
        """A reader for the time of a ``with`` block (waits while all are lent)."""
        if self.memory:
            with self._lock:
                yield self.store
            return
        reader = self._take()
        try:
            yield reader
        finally:
            if self._closed:
                reader.close()
            else:
                self._idle.put(reader)

    def read(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """``fn(conn, *args, **kwargs)`` on a borrowed reader."""
        with self.reader() as reader:
            return fn(reader.conn, *args, **kwargs)

    def query(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """``fn(reader, *args, **kwargs)`` for the functions that take a store."""
        with self.reader() as reader:
            return fn(reader, *args, **kwargs)

    def exclusive(self):
        """What the writer holds while it writes: nothing for a file (WAL lets readers
        go on), the one connection's lock for an in-memory store."""
        return self._lock if self.memory else nullcontext()

    def _take(self) -> Reader:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        with self._guard:
            if self._opened < self.size:
                self._opened += 1
                try:
                    return Reader(self.store.path)
                except sqlite3.Error as exc:
                    self._opened -= 1
                    raise StoreError(f"{self.store.path}: cannot open a reader ({exc})") from exc
        return self._idle.get()

    def close(self) -> None:
        """Close the idle readers (lent ones close when they come back)."""
        self._closed = True
        while True:
            try:
                self._idle.get_nowait().close()
            except queue.Empty:
                return
