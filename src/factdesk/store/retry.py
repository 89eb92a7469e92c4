"""One write transaction that waits out other writers: :func:`write_retrying`.

Several server processes (``factdesk serve --workers N``) and a ``factdesk
ingest`` may write one database at once.  SQLite lets one write at a time:
``BEGIN IMMEDIATE`` waits up to the connection's ``busy_timeout`` for the
lock; should it still find the database busy (a long ingest transaction), the
write is tried again a few times, with a pause, before the error is raised as
a :class:`~factdesk.errors.StoreError` saying what to do.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from ..errors import StoreError

if TYPE_CHECKING:
    from .db import Store

__all__ = ["is_busy", "write_retrying"]

log = logging.getLogger(__name__)
T = TypeVar("T")


def is_busy(exc: BaseException) -> bool:
    """Whether ``exc`` is SQLite saying another connection holds the lock."""
    if not isinstance(exc, sqlite3.OperationalError):
        return False
    message = str(exc).lower()
    return "database is locked" in message or "database is busy" in message


def write_retrying(store: Store, fn: Callable[..., T], *args: Any, attempts: int = 4,
                   pause: float = 0.05) -> T:
    """``fn(conn, *args)`` in one transaction of ``store``, tried again while busy."""
    for attempt in range(1, attempts + 1):
        try:
            with store.transaction() as conn:
                return fn(conn, *args)
        except sqlite3.OperationalError as exc:
            if not is_busy(exc):
                raise
            if attempt == attempts:
                raise StoreError(f"{store.path}: the database stayed locked by another writer "
                                 f"({exc}); try again in a moment") from exc
            log.warning("%s is locked by another writer; trying again (%d/%d)",
                        store.path, attempt, attempts)
            time.sleep(pause * 2 ** attempt)
    raise AssertionError("unreachable")
