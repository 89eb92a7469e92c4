"""Stop a long-running command cleanly on SIGTERM or Ctrl-C.

``factdesk notify --every`` and ``factdesk watch`` run until stopped.  Inside
:class:`GracefulStop`, the first SIGTERM or SIGINT only asks them to stop: the
cycle under way (a notification pass, a feed poll and its ingest) finishes and
is written, the wait for the next one is cut short, and the command exits 0.
A second signal acts as it normally would (Ctrl-C twice interrupts at once).
"""

from __future__ import annotations

import signal
import threading

__all__ = ["GracefulStop"]

_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class GracefulStop:
    """A stop request set by SIGTERM/SIGINT while the ``with`` block runs."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._before: dict[int, object] = {}
        self.signal: str | None = None

    def __enter__(self) -> GracefulStop:
        for number in _SIGNALS:
            self._before[number] = signal.signal(number, self._asked)
        return self

    def __exit__(self, *exc: object) -> None:
        for number, handler in self._before.items():
            signal.signal(number, handler)

    def _asked(self, number: int, frame: object) -> None:
        self.signal = signal.Signals(number).name  # logged by the command, not in here
        self._event.set()
        signal.signal(number, self._before.get(number, signal.SIG_DFL))  # a second one acts

    @property
    def requested(self) -> bool:
        """Whether a stop was asked for."""
        return self._event.is_set()

    def wait(self, seconds: float) -> bool:
        """Sleep ``seconds``, or less when a stop is asked for; whether it was."""
        return self._event.wait(seconds)
