"""One notifier at a time per store.

A :class:`~factdesk.store.Store` holds one SQLite connection, and the web app
may start :func:`factdesk.notify.process` from worker threads after an ingest
and after a comment.  Two runs on one connection would each try to open a
transaction on it; this lock (one per store object, re-entrant so the key
generator may run inside a notify run) makes them take turns.  Separate
processes are kept apart by SQLite itself and by each delivery being claimed
with a conditional ``UPDATE`` before it is sent.
"""

from __future__ import annotations

import threading
import weakref

from ..store import Store

__all__ = ["store_lock"]

_LOCKS: weakref.WeakKeyDictionary[Store, threading.RLock] = weakref.WeakKeyDictionary()
_GUARD = threading.Lock()


def store_lock(store: Store) -> threading.RLock:
    """The lock that notify runs on ``store`` share."""
    with _GUARD:
        lock = _LOCKS.get(store)
        if lock is None:
            lock = _LOCKS[store] = threading.RLock()
        return lock
