"""The per-page time budget of batch runs (``max_page_seconds``, scale/budget.py).

One page of a small batch is made slow: :func:`_slow_process` wraps the
pipeline's ``process`` so that any call holding a page with :data:`MARKER` in
its HTML (a comment, so the article text is unchanged) spins the CPU forever.
Without the budget such a run never ends; with it, exactly that page is
rejected as ``too_slow`` and every other page is stored as it would have been.
"""

from __future__ import annotations

import json
import re
import signal
import threading
import time
from pathlib import Path

import pytest

from factdesk.model import Page
from factdesk.pipeline import process, read_sources
from factdesk.scale import budget, make_executor, watchdog
from factdesk.scale.batch import run_batch, warm
from factdesk.scale.budget import OverBudget, process_within_budget, within_cpu_seconds
from factdesk.scale.watchdog import WHOLE, BudgetNote, Noted
from factdesk.settings import Settings
from factdesk.store import Store
from tests.store.newsroom import write_pages

MARKER = "factdesk-test-slow-page"
PAGES = 6
SLOW = "page-001.html"
#: CPU seconds: far more than one ordinary page needs, even on a loaded machine
#: (CPU time does not grow with load the way wall time does).
LIMIT = 3.0

_PROCESS = budget.process


#: Where a spin gives up, so that a broken budget fails the tests instead of hanging them.
SPIN_GIVES_UP = 60.0


def _spin() -> None:
    started = time.process_time()
    while time.process_time() - started < SPIN_GIVES_UP:
        pass


def _slow_process(items, settings, **options):
    if any(isinstance(item, Page) and MARKER.encode() in (item.data or b"") for item in items):
        _spin()
    return _PROCESS(items, settings, **options)


def slow_worker(settings: Settings) -> None:
    """A batch worker's initializer that makes pages holding MARKER spin forever."""
    warm(settings)
    budget.process = _slow_process


def make_pages(folder: Path) -> Path:
    write_pages(folder, PAGES)
    slow = folder / SLOW
    slow.write_text(slow.read_text(encoding="utf-8").replace(
        "<article>", f"<!-- {MARKER} --><article>"), encoding="utf-8")
    return folder


def test_a_busy_loop_is_stopped_near_its_budget_and_the_previous_handler_comes_back():
    def mine(signum, frame):
        pass

    before = signal.signal(signal.SIGPROF, mine)
    try:
        cpu = time.process_time()
        with pytest.raises(OverBudget):
            within_cpu_seconds(0.3, _spin)
        used = time.process_time() - cpu
        assert signal.getsignal(signal.SIGPROF) is mine
        assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)
    finally:
        signal.signal(signal.SIGPROF, before)
    assert 0.25 <= used < 5, used
    assert within_cpu_seconds(5, lambda: 42) == 42  # work that ends in time gives its value


def test_a_catastrophic_regex_is_interrupted():
    pattern = re.compile(r"(a+)+$")
    with pytest.raises(OverBudget):
        within_cpu_seconds(0.3, lambda: pattern.match("a" * 64 + "b"))


def test_off_the_main_thread_the_work_runs_without_a_budget():
    seen = {}

    def in_thread():
        seen["available"] = budget.budget_available()
        seen["value"] = within_cpu_seconds(0.01, lambda: sum(range(2_000_000)))

    worker = threading.Thread(target=in_thread)
    worker.start()
    worker.join(60)
    assert seen == {"available": False, "value": sum(range(2_000_000))}


def _pages(folder: Path, settings: Settings) -> list:
    return read_sources([str(folder / f"page-{n:03d}.html") for n in range(PAGES)], settings)


def test_the_slow_page_alone_is_rejected_and_the_others_match_a_run_without_it(
        tmp_path, monkeypatch):
    settings = Settings(max_page_seconds=LIMIT)
    warm(settings)  # the model loads outside the budget, as a worker's initializer does
    items = _pages(make_pages(tmp_path / "pages"), settings)
    monkeypatch.setattr(budget, "process", _slow_process)
    outcomes, stats = process_within_budget(items, settings)
    assert [Path(o.source).name for o in outcomes] == [f"page-{n:03d}.html" for n in range(PAGES)]
    slow, others = outcomes[1], outcomes[:1] + outcomes[2:]
    assert slow.reject_reason == "too_slow" and slow.article is None
    assert f"max_page_seconds ({LIMIT:g} CPU seconds)" in slow.rejection.message
    assert stats["over_budget"] is True and [Path(s).name for s in stats["too_slow"]] == [SLOW]
    expected = _PROCESS(items[:1] + items[2:], settings)
    assert [o.to_json() for o in others] == [o.to_json() for o in expected]


def test_without_a_budget_no_timer_is_set(tmp_path, monkeypatch):
    settings = Settings(max_page_seconds=0)
    items = _pages(write_pages_folder(tmp_path), settings)

    def no_timer(*args):
        raise AssertionError("a timer was set with max_page_seconds=0")

    monkeypatch.setattr(budget.signal, "setitimer", no_timer)
    outcomes, stats = process_within_budget(items, settings)
    assert stats == {} and all(o.article is not None for o in outcomes)


def write_pages_folder(tmp_path: Path) -> Path:
    write_pages(tmp_path / "plain", PAGES)
    return tmp_path / "plain"


def _rejects(store: Store) -> list[tuple[str, str]]:
    return store.conn.execute("SELECT source, reason FROM rejects").fetchall()


@pytest.mark.slow
@pytest.mark.parametrize("pool", [False, True], ids=["in-this-process", "worker-pool"])
def test_a_batch_with_a_slow_page_goes_on_and_a_rerun_changes_nothing(
        tmp_path, monkeypatch, pool):
    monkeypatch.chdir(tmp_path)
    make_pages(tmp_path / "pages")
    settings = Settings(workers=2 if pool else 1, shard_size=2, max_page_seconds=LIMIT)
    if not pool:
        warm(settings)
        monkeypatch.setattr(budget, "process", _slow_process)

    def run(store: Store) -> dict:
        if not pool:
            return run_batch(["pages"], settings, store)
        runner = make_executor("local", workers=2, in_process=False, initializer=slow_worker,
                               initargs=(settings,))
        try:
            return run_batch(["pages"], settings, store, executor=runner)
        finally:
            runner.close()

    with Store(tmp_path / "budget.db") as store:
        summary = run(store)
        rejects = _rejects(store)
        counts = store.counts()
        again = run(store)
        assert _rejects(store) == rejects
        again_counts = store.counts()
    assert summary["pages"] == PAGES and summary["articles"] == PAGES - 1
    assert summary["reasons"] == {"too_slow": 1} and summary["shards_over_budget"] == 1
    assert [(Path(source).name, reason) for source, reason in rejects] == [(SLOW, "too_slow")]
    assert counts["articles"] == PAGES - 1
    assert again["articles"] == 0 and again["shards_over_budget"] == 0
    assert {k: v for k, v in again_counts.items() if k != "runs"} == {
        k: v for k, v in counts.items() if k != "runs"}


def test_the_note_tells_the_next_run_what_a_dead_worker_was_running(tmp_path):
    note = BudgetNote(tmp_path / "s.budget.json")
    assert note.read() == Noted()
    note.write(Noted(), WHOLE)  # died running the whole shard: go page by page
    assert note.read() == Noted(page_by_page=True)
    note.write(Noted(page_by_page=True, too_slow=frozenset({"a"})), "b")  # died on page b
    assert note.read() == Noted(page_by_page=True, too_slow=frozenset({"a", "b"}))
    note.write(Noted(page_by_page=True, too_slow=frozenset({"a"})), WHOLE)  # on the rest
    assert note.read() == Noted(page_by_page=True, too_slow=frozenset({"a"}), together=False)
    note.write(Noted(page_by_page=True), None)  # nothing was running: nothing is held against
    assert note.read() == Noted(page_by_page=True)
    note.remove()
    assert note.read() == Noted() and not note.path.exists()


def _stuck_process(items, settings, **options):
    """A page that holds the interpreter inside one C call: the signal cannot stop it."""
    if any(isinstance(item, Page) and MARKER.encode() in (item.data or b"") for item in items):
        sum(range(5 * 10**9))  # about a minute: without the kernel limit the page gets through
    return _PROCESS(items, settings, **options)


def stuck_worker(settings: Settings) -> None:
    warm(settings)
    watchdog.GRACE = 0.5
    budget.process = _stuck_process


@pytest.mark.slow
def test_a_worker_stuck_in_c_is_stopped_and_replaced_and_only_that_page_is_lost(
        tmp_path, monkeypatch):
    """The signal cannot interrupt one long C call; the kernel's CPU limit ends
    the worker twice (the shard whole, then the page alone), the pool replaces
    it, and the note left behind names the page."""
    monkeypatch.chdir(tmp_path)
    make_pages(tmp_path / "pages")
    settings = Settings(workers=2, shard_size=2, max_page_seconds=1.0)
    runner = make_executor("local", workers=2, in_process=False, initializer=stuck_worker,
                           initargs=(settings,))
    try:
        with Store(tmp_path / "stuck.db") as store:
            summary = run_batch(["pages"], settings, store, executor=runner)
            rejects = _rejects(store)
            folder = Path(summary["folder"])
            stats = [json.loads(p.read_text()) for p in folder.glob("*.stats.json")]
            notes = list(folder.glob("*.budget.json"))
            again = run_batch(["pages"], settings, store, executor=runner)
            assert _rejects(store) == rejects
    finally:
        runner.close()
    (over,) = [s for s in stats if s.get("over_budget")]
    assert over["worker_killed"] is True and [Path(p).name for p in over["too_slow"]] == [SLOW]
    assert summary["articles"] == PAGES - 1 and summary["reasons"] == {"too_slow": 1}
    assert [(Path(source).name, reason) for source, reason in rejects] == [(SLOW, "too_slow")]
    assert not notes, "the note goes once the shard is written"
    assert summary["shards_over_budget"] == 1
    assert again["articles"] == 0
