"""The last resort of the per-page time budget: the kernel stops a worker that cannot be interrupted.

The budget (:mod:`.budget`) interrupts work with a signal, which Python
handles only between bytecodes; code that stays inside one C call (a library's
parser, say) runs on past it while holding the interpreter lock, so no Python
thread could stop it either.  So in a worker process of the local pool each
block of budgeted work also runs under a CPU-time resource limit
(``RLIMIT_CPU``) at twice its budget plus :data:`GRACE` seconds, past which the
kernel ends the process (``SIGXCPU``; core dumps are off in such workers).

Before each block the worker writes what it is about to run in the shard's
note (:class:`BudgetNote`), and clears it after.  A worker that dies leaves
the note behind: the pool replaces the worker and runs the shard again
(:class:`~factdesk.scale.executors.LocalExecutor`), and the shard, reading the
note, goes straight to its pages and rejects as ``too_slow`` the page that was
running (or, if the shard as a whole was running, finds it page by page).

The driver process is never limited: with ``workers=1`` in this process the
signal is the only guard.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import resource
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = ["GRACE", "BudgetNote", "Noted", "hard_stop", "in_worker"]

#: CPU seconds past twice the budget before the kernel ends the worker.
GRACE = 10.0
#: What the note says is running when the whole shard (or its pages together) runs.
WHOLE = "*"


@dataclass(frozen=True, slots=True)
class Noted:
    """What a shard's note says: go page by page; these pages are too slow; the
    pages left are not to be run together again (a worker died doing that)."""

    page_by_page: bool = False
    too_slow: frozenset[str] = frozenset()
    together: bool = True


@dataclass(frozen=True, slots=True)
class BudgetNote:
    """The shard's note in the run folder: what a dead worker was running."""

    path: Path

    def _data(self) -> dict:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def read(self) -> Noted:
        """The note, with what a dead worker left running counted against it."""
        data = self._data()
        slow = set(data.get("too_slow", ()))
        page_by_page, together = bool(data.get("page_by_page")), bool(data.get("together", True))
        running = data.get("running")
        if running == WHOLE:
            together = together and not page_by_page  # died running the pages left together
            page_by_page = True
        elif running:
            slow.add(running)
            page_by_page = True
        return Noted(page_by_page=page_by_page, too_slow=frozenset(slow), together=together)

    def write(self, noted: Noted, running: str | None) -> None:
        """Write ``noted`` down, and what runs next (a page's key, :data:`WHOLE`
        for the shard or its pages together, ``None``: nothing)."""
        data = {"page_by_page": noted.page_by_page, "too_slow": sorted(noted.too_slow),
                "together": noted.together, "running": running}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(self.path.name + f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(data), encoding="utf-8")
        os.replace(temporary, self.path)

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)


def in_worker() -> bool:
    """Whether this process is a pool worker (never the driver)."""
    return multiprocessing.parent_process() is not None


@contextlib.contextmanager
def hard_stop(seconds: float) -> Iterator[None]:
    """Let the kernel end this process once the block has used ``2 * seconds +
    GRACE`` CPU seconds (only in a pool worker; see the module's docs)."""
    if not in_worker() or not hasattr(resource, "RLIMIT_CPU"):
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    resource.setrlimit(resource.RLIMIT_CORE, (0, resource.getrlimit(resource.RLIMIT_CORE)[1]))
    until = int(time.process_time() + 2 * seconds + GRACE) + 1
    if hard != resource.RLIM_INFINITY:
        until = min(until, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (until, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))
