"""Helpers for batch tests: Ray availability and process-tree cleanup.

No test starts a Ray driver in the test process itself (see test_batch.py).
"""

from __future__ import annotations

import importlib.util
import os
import signal
from pathlib import Path


from tests.conftest import need


def need_ray() -> None:
    """Skip (locally) or fail (CI=true) when the ray extra is not installed."""
    spec = importlib.util.find_spec("ray")
    need(Path(spec.origin) if spec and spec.origin else Path("/nonexistent/ray"),
         "Ray (pip install -e '.[ray]')")


def session_pids(sid: int) -> list[int]:
    """Processes in session ``sid`` (one this test started with start_new_session)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.getsid(int(entry.name)) == sid:
                    pids.append(int(entry.name))
            except (ProcessLookupError, PermissionError):
                pass
    return pids


def kill_session(sid: int) -> None:
    """SIGKILL every process left in the session this test started."""
    for pid in session_pids(sid):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
