"""Batch executors behind one interface.

An executor maps a picklable function over picklable tasks and yields
``(task, result)`` pairs as tasks finish (not in input order).  Its
``shares_files`` says whether its workers see the driver's files: when they do
(this machine's executors) a worker reads its shard's pages and writes the
shard's files itself, so a killed driver loses no finished work; when they do
not (Ray) the pages travel inside the tasks and the results come back to the
driver, which writes the files (:mod:`factdesk.scale.shipped`).

- :class:`InlineExecutor` runs tasks in this process (one worker, or tests
  that inject unpicklable collaborators).
- :class:`LocalExecutor` is a process pool; ``initializer`` runs once per
  worker (the pipeline loads its spaCy model there).  With
  ``tasks_per_worker`` a worker is replaced by a fresh process after that many
  tasks, so memory that a long run leaves fragmented goes back to the system
  (the way web servers recycle workers after N requests).
- :class:`~factdesk.scale.ray_engine.RayExecutor` runs tasks on a Ray cluster
  (the ``factdesk[ray]`` extra); see :mod:`factdesk.scale.ray_engine`.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol

from ..errors import ConfigError
from ..settings import setting_named

__all__ = ["EXECUTORS", "Executor", "InlineExecutor", "LocalExecutor", "make_executor"]

log = logging.getLogger(__name__)

#: The executors, as the ``executor`` setting names them.
EXECUTORS = setting_named("executor").choices


class Executor(Protocol):
    """What every executor offers."""

    name: str
    #: Whether workers can open the driver's files (the run folder, the pages).
    shares_files: bool

    def map(self, fn: Callable[[Any], Any], tasks: Iterable[Any]) -> Iterator[tuple[Any, Any]]:
        """``(task, fn(task))`` for every task, as they finish."""

    def close(self) -> None:
        """Release workers."""


class InlineExecutor:
    """Runs tasks one after another in this process."""

    name = "inline"
    shares_files = True

    def __init__(self, initializer: Callable[..., None] | None = None,
                 initargs: tuple = ()) -> None:
        if initializer is not None:
            initializer(*initargs)

    def map(self, fn, tasks):
        for task in tasks:
            yield task, fn(task)

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class LocalExecutor:
    """A pool of worker processes on this machine, at most ``workers`` tasks in flight."""

    name = "local"
    shares_files = True
    #: How many times the workers running one task may die before the run fails.
    WORKER_DEATHS = 3

    def __init__(self, workers: int, initializer: Callable[..., None] | None = None,
                 initargs: tuple = (), *, tasks_per_worker: int = 0) -> None:
        self.workers = max(1, workers)
        self._setup = (initializer, initargs, tasks_per_worker or None)
        self.pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        initializer, initargs, per_child = self._setup
        return ProcessPoolExecutor(max_workers=self.workers,
                                   mp_context=multiprocessing.get_context("spawn"),
                                   initializer=initializer, initargs=initargs,
                                   max_tasks_per_child=per_child)

    def map(self, fn, tasks):
        pending = iter(tasks)
        running = {}
        for task in pending:
            running[self.pool.submit(fn, task)] = task
            if len(running) >= self.workers * 2:
                break
        lost: dict[int, int] = {}  # id(task) -> times its worker died under it
        while running:
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            if any(isinstance(f.exception(), BrokenProcessPool) for f in finished):
                running = self._replace(fn, running, lost)
                continue
            for future in finished:
                task = running.pop(future)
                yield task, future.result()
                for more in pending:
                    running[self.pool.submit(fn, more)] = more
                    break

    def _replace(self, fn, running: dict, lost: dict[int, int]) -> dict:
        """A worker died (killed by the budget's watchdog, or by the system): a
        new pool takes every task that was in flight.  A task whose workers die
        more than :attr:`WORKER_DEATHS` times fails the run."""
        log.warning("a worker process died; %d task(s) in flight go to a new pool",
                    len(running))
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = self._new_pool()
        again = {}
        for task in running.values():
            lost[id(task)] = lost.get(id(task), 0) + 1
            if lost[id(task)] > self.WORKER_DEATHS:
                raise BrokenProcessPool(
                    f"workers died {lost[id(task)]} times running one task; giving up")
            again[self.pool.submit(fn, task)] = task
        return again

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def make_executor(name: str, *, workers: int, initializer: Callable[..., None] | None = None,
                  initargs: tuple = (), ray_address: str = "", tasks_per_worker: int = 0,
                  in_process: bool | None = None) -> Any:
    """The executor called ``name`` (``local`` or ``ray``) with ``workers`` workers.

    ``local`` runs in this process when ``in_process`` says so (by default:
    with one worker); ``tasks_per_worker`` (0: no limit) replaces a worker
    process after that many tasks, on the local pool and on Ray.  On Ray,
    ``workers`` 0 means as many as the cluster has CPUs, and ``ray_address``
    names the cluster (empty: a single-node Ray started here).
    """
    if tasks_per_worker < 0:
        raise ConfigError(f"tasks_per_worker must be 0 or more, not {tasks_per_worker}")
    if name == "local":
        inline = workers <= 1 if in_process is None else in_process
        if inline:
            return InlineExecutor(initializer, initargs)
        return LocalExecutor(workers, initializer, initargs, tasks_per_worker=tasks_per_worker)
    if name == "ray":
        from .ray_engine import RayExecutor

        return RayExecutor(workers, address=ray_address, tasks_per_worker=tasks_per_worker)
    raise ConfigError(f"unknown executor {name!r}; choose from {', '.join(EXECUTORS)}")
