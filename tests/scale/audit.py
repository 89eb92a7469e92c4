"""What a task touches on disk, seen from inside the worker that runs it.

:func:`audited` wraps a task function: in the worker, a :func:`sys.addaudithook`
hook records the path of every file the task opens, every folder it lists and
every database it connects to while it runs, and the task returns that list
beside its result, with the worker's working directory, one environment
variable and where it imported factdesk from.  The Ray tests use it to show
that a worker reads neither the run folder nor the page files.
"""

from __future__ import annotations

import functools
import os
import signal
import sys
from pathlib import Path
from typing import Any

#: Audit events that name a path as their first argument.
EVENTS = frozenset({"open", "os.listdir", "os.scandir", "os.mkdir", "os.rename", "os.replace",
                    "os.remove", "os.rmdir", "os.chdir", "glob.glob", "shutil.rmtree",
                    "sqlite3.connect"})

_seen: list[str] | None = None
_installed = False


def _hook(event: str, args: tuple) -> None:
    if _seen is None or event not in EVENTS or not args:
        return
    path = args[0]
    if isinstance(path, (str, bytes, os.PathLike)):
        _seen.append(os.path.abspath(os.fsdecode(path)))


def audited(fn, *, variable: str, crash_once: str | None = None):
    """``fn`` run under the audit hook; see :func:`run_audited`."""
    return functools.partial(run_audited, fn, variable=variable, crash_once=crash_once)


def run_audited(fn, task: Any, *, variable: str, crash_once: str | None = None) -> dict:
    """``fn(task)`` and what it opened.  With ``crash_once`` (a marker file's
    path) the first task to find the marker missing writes it and SIGKILLs its
    own worker, so the executor must run that task again elsewhere."""
    global _seen, _installed
    if crash_once is not None and not Path(crash_once).exists():
        Path(crash_once).write_text(f"{os.getpid()}\n", encoding="utf-8")
        os.kill(os.getpid(), signal.SIGKILL)
    if not _installed:
        sys.addaudithook(_hook)
        _installed = True
    _seen = []
    try:
        result = fn(task)
    finally:
        opened, _seen = _seen, None
    import factdesk

    return {"result": result, "opened": sorted(set(opened)), "cwd": os.getcwd(),
            "variable": os.environ.get(variable), "pid": os.getpid(),
            "factdesk": factdesk.__file__}


class AuditedExecutor:
    """An executor whose tasks run :func:`audited`; it keeps the workers' reports."""

    def __init__(self, inner, *, variable: str, crash_once: str | None = None) -> None:
        self.inner = inner
        self.name = inner.name
        self.shares_files = inner.shares_files
        self.variable = variable
        self.crash_once = crash_once
        self.reports: list[dict] = []

    def map(self, fn, tasks):
        work = audited(fn, variable=self.variable, crash_once=self.crash_once)
        for task, out in self.inner.map(work, tasks):
            self.reports.append({k: v for k, v in out.items() if k != "result"})
            yield task, out["result"]

    def close(self) -> None:
        self.inner.close()
