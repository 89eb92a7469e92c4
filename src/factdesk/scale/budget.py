"""The per-page time budget of batch runs (``max_page_seconds``).

A shard's pages are cleaned and analysed together (site chrome is learned
across them, spaCy parses them in batches), so a page's own cost cannot be
told apart while the shard runs.  The shard runs under a budget of
``max_page_seconds`` CPU seconds per page.  A shard that runs out is run again
one page at a time, each page under ``max_page_seconds``: a page that runs out
on its own is rejected as ``too_slow``, and the pages that did not are
processed together once more, as they would have been without the slow one (if
that overruns too, their one-page outcomes are kept).  The batch goes on; no
worker dies and none has to be replaced.

The budget is CPU time of the worker process, measured by the kernel
(``ITIMER_PROF``), so a loaded machine does not reject pages that a quiet one
accepts.  When it runs out, the timer's signal raises :class:`OverBudget` in
the main thread between two bytecodes; the regex engine and spaCy's pipeline
components return to the interpreter often enough for that (a catastrophic
backtracking pattern is interrupted within milliseconds of the deadline).
Code that never returns to the interpreter is stopped by the kernel in pool
workers (:mod:`.watchdog`: a CPU-time limit ends the worker, the pool replaces
it, and the shard resumes page by page).  The budget works
where a signal handler can be installed: in the main thread of a process, on a
platform with ``setitimer`` (elsewhere shards run without a budget and say so
in their stats, ``"budget": "off"``).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TypeVar

from ..model import Page, PageOutcome, RejectReason, Rejection
from ..pipeline import process
from ..settings import Settings
from .watchdog import WHOLE, BudgetNote, Noted, hard_stop

__all__ = ["OverBudget", "budget_available", "process_within_budget", "within_cpu_seconds"]

T = TypeVar("T")


class OverBudget(BaseException):
    """Raised inside work that ran past its CPU budget.

    A :class:`BaseException`, so that the pipeline's own ``except Exception``
    boundaries (which turn a bug on one page into an ``internal_error``
    rejection) do not swallow it."""


def budget_available() -> bool:
    """Whether a CPU budget can be enforced here (main thread, ``setitimer``)."""
    return (hasattr(signal, "setitimer") and hasattr(signal, "SIGPROF")
            and threading.current_thread() is threading.main_thread())


def within_cpu_seconds(seconds: float, work: Callable[[], T]) -> T:
    """``work()``, or :class:`OverBudget` once it has used ``seconds`` of CPU.

    The timer is one-shot and the previous ``SIGPROF`` handler (a profiler's,
    say) is restored whatever happens.  Without a budget (``seconds`` <= 0, or
    where :func:`budget_available` is false) ``work`` simply runs.
    """
    if seconds <= 0 or not budget_available():
        return work()
    armed = [True]

    def on_timer(signum, frame):  # noqa: ARG001 - the signal handler's signature
        if armed[0]:
            armed[0] = False
            raise OverBudget(f"over {seconds:g} CPU seconds")

    previous = signal.signal(signal.SIGPROF, on_timer)
    try:
        signal.setitimer(signal.ITIMER_PROF, seconds)
        try:
            return work()
        finally:
            armed[0] = False  # a signal from here on raises nothing
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def process_within_budget(items: list[Page | PageOutcome], settings: Settings, *,
                          analyze: bool = True, note: BudgetNote | None = None
                          ) -> tuple[list[PageOutcome], dict[str, object]]:
    """:func:`factdesk.pipeline.process` under the per-page budget; the outcomes
    in input order and what the budget did (for the shard's stats).

    ``note`` (the shard's, where workers share the run folder) is written before
    each piece of work, so that a worker the kernel had to stop is replaced and
    the shard resumes page by page (:mod:`.watchdog`)."""
    limit = settings.max_page_seconds
    if limit <= 0:
        return process(items, settings, analyze=analyze), {}
    if not budget_available():
        return process(items, settings, analyze=analyze), {"budget": "off"}
    guard = _Guard(note, note.read() if note is not None else Noted())
    if not guard.noted.page_by_page:
        pages = sum(isinstance(item, Page) for item in items)
        try:
            return guard.run(limit * max(1, pages), WHOLE,
                             lambda: process(items, settings, analyze=analyze)), {}
        except OverBudget:
            pass
    return _page_by_page(items, settings, analyze=analyze, limit=limit, guard=guard)


@dataclass(slots=True)
class _Guard:
    """Runs work under the signal budget and the kernel's hard stop, writing the
    shard's note first; ``noted`` is what the budget knows of the shard so far."""

    note: BudgetNote | None
    noted: Noted

    def run(self, seconds: float, running: str, work: Callable[[], T]) -> T:
        if self.note is not None:
            self.note.write(self.noted, running)
        with hard_stop(seconds):
            result = within_cpu_seconds(seconds, work)
        if self.note is not None:
            self.note.write(self.noted, None)
        return result

    def update(self, **changes: object) -> None:
        self.noted = replace(self.noted, **changes)


def _page_by_page(items: list[Page | PageOutcome], settings: Settings, *, analyze: bool,
                  limit: float, guard: _Guard) -> tuple[list[PageOutcome], dict[str, object]]:
    killed = guard.noted.page_by_page  # a worker died on this shard before
    guard.update(page_by_page=True)
    alone: list[PageOutcome] = []
    for item in items:
        if not isinstance(item, Page):
            alone.append(item)
            continue
        key = _page_key(item)
        try:
            if key in guard.noted.too_slow:  # found before, or a worker died on it
                raise OverBudget("noted before")
            alone.extend(guard.run(limit, key,
                                   lambda page=item: process([page], settings, analyze=analyze)))
        except OverBudget:
            guard.update(too_slow=guard.noted.too_slow | {key})
            alone.append(_too_slow(item, limit))
    slow = [o.source for o in alone if o.reject_reason == RejectReason.TOO_SLOW]
    stats: dict[str, object] = {"over_budget": True, "too_slow": slow}
    if killed:
        stats["worker_killed"] = True
    # no page slow on its own (the shard as a whole was), or a worker died running
    # the rest together: keep the one-page outcomes
    if not slow or not guard.noted.together:
        return alone, stats
    rest = [item for item, outcome in zip(items, alone)
            if not (isinstance(item, Page) and outcome.reject_reason == RejectReason.TOO_SLOW)]
    pages = sum(isinstance(item, Page) for item in rest)
    try:
        together = iter(guard.run(limit * max(1, pages), WHOLE,
                                  lambda: process(rest, settings, analyze=analyze)))
    except OverBudget:
        stats["together"] = False
        return alone, stats
    return [outcome if outcome.reject_reason == RejectReason.TOO_SLOW else next(together)
            for outcome in alone], stats


def _page_key(page: Page) -> str:
    return page.id or page.source


def _too_slow(page: Page, limit: float) -> PageOutcome:
    return PageOutcome.of_page(page, rejection=Rejection(
        source=page.source, reason=RejectReason.TOO_SLOW, page_id=page.id,
        message=f"cleaning and analysis took more than max_page_seconds ({limit:g} CPU "
                "seconds); the page was left out and the batch went on"))
