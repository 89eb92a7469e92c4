"""A persistent pool of fuzz workers, for ``bench/fuzz.py``.

Each worker is a spawned process that loads spaCy and the seed pages once,
then runs input after input: it makes input ``i`` itself from ``(seed, i)``
(so only an index crosses the pipe), runs it, and answers with the outcome,
the CPU time it took (``getrusage``, all of the worker's threads) and its
peak resident memory.  The peak is the input's own: the kernel's high-water
mark is reset before each input (``/proc/self/clear_refs``); where that
cannot be done the figure is the worker's peak so far, an upper bound
(``rss_per_input`` in the report says which).

The worker's address space is capped (``RLIMIT_AS``): an input that needs
more gets ``MemoryError`` (outcome ``memory``) and the worker is replaced.  A
worker that does not answer within the timeout is killed (outcome ``hang``),
one that dies is a ``crash``; both are replaced, and so is a worker after
``recycle`` inputs or once its resident memory passes ``recycle_mb`` (what
spaCy's string store gathers from a stream of random words), so every input
starts from a worker of about the same size.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable
from multiprocessing.connection import wait
from pathlib import Path

__all__ = ["Pool", "current_rss_mb"]

_THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def current_rss_mb() -> float:
    """This process's resident memory now (psutil, else /proc, else its peak)."""
    try:
        import psutil

        return psutil.Process().memory_info().rss / 2**20
    except ImportError:
        pass
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
        return True
    except OSError:
        return False


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _label(job: int | tuple) -> int | str:
    """An input's id in the report: its index, or the name of a page given whole."""
    return job if isinstance(job, int) else job[0]


def _describe(inp) -> dict:
    return {"kind": inp.kind, "seed_page": inp.name, "mutations": list(inp.steps),
            "bytes": len(inp.data)}


def _run_guarded(run: Callable, inp, settings) -> dict:
    from factdesk.errors import FactdeskError

    try:
        return run(inp, settings)
    except MemoryError:
        return {"outcome": "memory"}
    except FactdeskError as exc:
        return {"outcome": "error", "reason": type(exc).__name__, "detail": str(exc)[:200]}
    except Exception:  # noqa: BLE001 - the fuzzer's whole point: report, keep going
        return {"outcome": "crash", "detail": traceback.format_exc(limit=8)[-2000:]}


#: The seed of the warm-up listings (a campaign run with --seed -1 would repeat them).
WARM_UP_SEED = -1


def _warm_up(pages: list[tuple[str, bytes]], settings) -> None:
    """Pay each process's one-time costs before the first input: spaCy's lazy
    parts (the examples, cleaned and analysed), and dateparser's locale data,
    which it loads for every locale the first time a date reads in none (2-3 s
    of CPU; it landed on whichever input first held an unreadable date)."""
    from fuzz_campaign import run_input

    from factdesk.clean.published import parse_published
    from fuzz_inputs import FuzzInput

    for name, data in pages[:4]:
        _run_guarded(run_input, FuzzInput("page", name, data, ()), settings)
    # the feed, sitemap and WARC readers' first use imports their parsers (about
    # 0.25 s of CPU, charged to whichever listing came first: the top outliers of
    # the 50,459-input run were tiny listings that paid it), so run one of each
    from fuzz_campaign import make_input

    unseen = {"feed", "sitemap", "warc"}
    for i in range(2000):
        if not unseen:
            break
        inp = make_input(pages, WARM_UP_SEED, i)
        if inp.kind in unseen:
            unseen.discard(inp.kind)
            _run_guarded(run_input, inp, settings)
    for text in ("Tuesday 25 Xpril 2017 10:58 BST", "2017-04-25T10:5800 BST"):
        parse_published(text)


def worker_main(conn, memory_mb: int, seed: int, pages_dir: str | None) -> None:
    """A worker's life: load once, then answer one index at a time until ``None``."""
    for name in _THREAD_VARS:  # one core per worker: --jobs sets the parallelism
        os.environ[name] = "1"
    from fuzz_campaign import make_input, run_input

    from factdesk.analyze import load_pipeline
    from factdesk.settings import Settings

    from fuzz_inputs import FuzzInput, seed_pages

    settings = Settings()
    load_pipeline(settings.spacy_model)
    pages = seed_pages(Path(pages_dir) if pages_dir else None)
    _warm_up(pages, settings)
    if memory_mb > 0:
        limit = memory_mb * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    conn.send({"ready": True})
    while (job := conn.recv()) is not None:
        # an index, or (name, bytes): a page given whole (the --ratio texts)
        inp = (make_input(pages, seed, job) if isinstance(job, int)
               else FuzzInput("page", job[0], job[1], ()))
        exact = _reset_peak()
        before, start = _cpu(), time.perf_counter()
        answer = _run_guarded(run_input, inp, settings)
        answer["cpu_s"] = _cpu() - before
        answer["wall_s"] = time.perf_counter() - start
        answer["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        answer["rss_exact"] = exact
        answer["rss_now_mb"] = current_rss_mb()
        conn.send({"i": _label(job), **_describe(inp), **answer})


#: A hang is an input past ``--timeout`` seconds of CPU, or past this many times that
#: in wall time (a backstop for a worker that waits instead of working).
WALL_FACTOR = 10
#: How often the pool reads its workers' CPU clocks while it waits.
CPU_POLL_S = 1.0


def process_cpu(pid: int) -> float | None:
    """User + system CPU seconds of process ``pid`` (Linux ``/proc``; ``None`` elsewhere)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class _Worker:
    def __init__(self, context, args: tuple) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=worker_main, args=(child, *args), daemon=True)
        self.process.start()
        child.close()
        self.ready = False
        self.job: int | tuple | None = None
        self.deadline = 0.0
        self.cpu_limit, self.cpu_at_send = 0.0, None
        self.done = 0

    def send(self, i: int | tuple, timeout: float) -> None:
        # the limit is the input's CPU time; wall time only as a backstop, since a
        # campaign sharing its cores (or run under nice) waits for them
        self.job, self.done = i, self.done + 1
        self.deadline = time.monotonic() + timeout * WALL_FACTOR
        self.cpu_limit, self.cpu_at_send = timeout, process_cpu(self.process.pid)
        self.conn.send(i)

    def over_cpu(self) -> float | None:
        """CPU seconds the current input has used, when past its limit."""
        if self.job is None or self.cpu_at_send is None:
            return None
        now = process_cpu(self.process.pid)
        used = None if now is None else now - self.cpu_at_send
        return used if used is not None and used > self.cpu_limit else None

    def stop(self, *, kill: bool = False) -> None:
        if not kill:
            try:
                self.conn.send(None)
            except OSError:
                kill = True
            self.process.join(timeout=10)
        if kill or self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


class Pool:
    """``jobs`` workers running inputs by index; results come back through a callback."""

    def __init__(self, jobs: int, *, seed: int, memory_mb: int, timeout: float,
                 pages_dir: Path | None, recycle: int = 2000, recycle_mb: int = 1200,
                 boot_timeout: float = 300.0) -> None:
        self.jobs, self.timeout, self.boot_timeout = jobs, timeout, boot_timeout
        self.recycle, self.recycle_mb = recycle, recycle_mb
        self.args = (memory_mb, seed, str(pages_dir) if pages_dir else None)
        self.context = multiprocessing.get_context("spawn")
        self.started = 0
        self.workers: list[_Worker] = []

    def _spawn(self) -> _Worker:
        self.started += 1
        worker = _Worker(self.context, self.args)
        worker.deadline = time.monotonic() + self.boot_timeout
        return worker

    def _replace(self, worker: _Worker, *, kill: bool) -> None:
        worker.stop(kill=kill)
        self.workers[self.workers.index(worker)] = self._spawn()

    def run(self, indices: Iterable[int | tuple[str, bytes]],
            on_result: Callable[[dict], None], *, stop_at: float | None = None) -> None:
        """Run every index; with ``stop_at`` (a ``time.monotonic()`` value) hand out no
        new input after it (the inputs under way finish; the rest are not run)."""
        pending = deque(indices)
        self.workers = [self._spawn() for _ in range(self.jobs)]
        try:
            while pending or any(w.job is not None for w in self.workers):
                if stop_at is not None and pending and time.monotonic() > stop_at:
                    pending.clear()
                self._step(pending, on_result)
        finally:
            for worker in self.workers:
                worker.stop(kill=worker.job is not None)

    def _step(self, pending: deque, on_result: Callable[[dict], None]) -> None:
        for worker in self.workers:
            if worker.ready and worker.job is None and pending:
                worker.send(pending.popleft(), self.timeout)
        live = [w for w in self.workers if w.job is not None or not w.ready]
        now = time.monotonic()
        soonest = max(0.0, min(w.deadline for w in live) - now)
        ready = wait([w.conn for w in live], timeout=min(soonest, CPU_POLL_S))
        for worker in list(live):
            if worker.conn in ready:
                self._answer(worker, on_result)
                continue
            cpu = worker.over_cpu() if worker.ready else None
            if cpu is not None or time.monotonic() > worker.deadline:
                if not worker.ready:
                    raise SystemExit("a fuzz worker did not start (spaCy model missing?)")
                on_result({"i": _label(worker.job), "outcome": "hang",
                           "cpu_s": cpu, "limit": "cpu" if cpu is not None else "wall",
                           "wall_s": round(time.monotonic() - worker.deadline
                                           + self.timeout * WALL_FACTOR, 1)})
                self._replace(worker, kill=True)

    def _answer(self, worker: _Worker, on_result: Callable[[dict], None]) -> None:
        try:
            answer = worker.conn.recv()
        except (EOFError, OSError):
            if not worker.ready:
                raise SystemExit("a fuzz worker died while starting: "
                                 f"exit {worker.process.exitcode}") from None
            worker.process.join(timeout=5)
            on_result({"i": _label(worker.job), "outcome": "crash",
                       "detail": f"the worker died (exit {worker.process.exitcode})"})
            self._replace(worker, kill=True)
            return
        if not worker.ready:
            worker.ready = True
            return
        worker.job = None
        on_result(answer)
        if (answer["outcome"] == "memory" or worker.done >= self.recycle
                or answer.get("rss_now_mb", 0) > self.recycle_mb):
            self._replace(worker, kill=False)
