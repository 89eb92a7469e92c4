"""End-to-end batch runs on every executor, and kill -9 plus resume.

The same pages go through the in-process executor, the local process pool and
Ray; every run must store the same articles, quotes, entities and claim
clusters.  The kill tests really SIGKILL the driver process (``factdesk
ingest`` in a subprocess) after its first finished shard, start the same
command again, and check that nothing is lost or stored twice.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from factdesk.scale.batch import run_batch
from factdesk.scale import make_executor
from factdesk.settings import Settings
from factdesk.store import Store
from tests.scale.conftest import PAGES, kill_session, need_ray, snapshot

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_the_local_pool_stores_the_same(pages, reference, tmp_path):
    settings = Settings(executor="local", workers=2, shard_size=2)
    with Store(tmp_path / "run.db") as store:
        runner = make_executor("local", workers=2)
        try:
            summary = run_batch([str(pages)], settings, store, executor=runner)
        finally:
            runner.close()
        assert summary["articles"] == PAGES and summary["shards"] > 1
        assert snapshot(store) == reference
        assert reference["claims"] and reference["quotes"]


def shard_pids(summary: dict) -> list[int]:
    return [json.loads(path.read_text())["pid"]
            for path in sorted(Path(summary["folder"]).glob("*.stats.json"))]


@pytest.mark.slow
def test_a_run_longer_than_a_workers_life_recycles_its_one_worker(pages, reference, tmp_path):
    """workers=1 and more shards than worker_shards: each shard here runs in a
    fresh worker process (worker_shards=1), and the store is the same."""
    settings = Settings(workers=1, shard_size=2, worker_shards=1)
    with Store(tmp_path / "recycled.db") as store:
        summary = run_batch([str(pages)], settings, store)
        assert snapshot(store) == reference
    pids = shard_pids(summary)
    assert len(pids) == summary["shards"] > 1
    assert len(set(pids)) == len(pids) and os.getpid() not in pids


def test_a_short_run_with_one_worker_stays_in_this_process(pages, tmp_path):
    settings = Settings(workers=1, shard_size=2, worker_shards=100)
    with Store(tmp_path / "inline.db") as store:
        summary = run_batch([str(pages)], settings, store)
    assert summary["shards"] > 1 and set(shard_pids(summary)) == {os.getpid()}


@pytest.mark.slow
def test_ingesting_the_same_folder_twice_changes_no_row_count(pages, tmp_path):
    with Store(tmp_path / "twice.db") as store:
        first = run_batch([str(pages)], Settings(workers=1), store)
        second = run_batch([str(pages)], Settings(workers=1), store)
    content = {k: v for k, v in first["counts"].items() if k != "runs"}
    assert {k: v for k, v in second["counts"].items() if k != "runs"} == content
    assert second["skipped"] == PAGES and second["articles"] == 0
    assert second["counts"]["runs"] == first["counts"]["runs"] == 1  # the same run id


def _ingest_command(pages: Path, db: Path, executor: str) -> list[str]:
    return [sys.executable, "-m", "factdesk", "--set", "shard_size=1", "--set", "workers=2",
            "ingest", str(pages), "--db", str(db), "--executor", executor]


@pytest.mark.slow
@pytest.mark.parametrize("executor", ["local", "ray"])
def test_kill_9_then_resume_loses_and_duplicates_nothing(pages, reference, tmp_path, executor):
    if executor == "ray":
        need_ray()
    db = tmp_path / "killed.db"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    driver = subprocess.Popen(_ingest_command(pages, db, executor), cwd=tmp_path, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              start_new_session=True)
    runs = tmp_path / "killed.db.runs"
    try:
        deadline = time.monotonic() + 240
        while not list(runs.glob("*/*.done")):
            assert driver.poll() is None, driver.stderr.read().decode()
            assert time.monotonic() < deadline, "no shard finished in time"
            time.sleep(0.05)
        os.kill(driver.pid, signal.SIGKILL)  # the driver only: workers are orphaned
        driver.wait(timeout=30)
        assert driver.returncode == -signal.SIGKILL
    finally:
        time.sleep(0.5)
        kill_session(driver.pid)  # then clean up whatever it left running
    finished = len(list(runs.glob("*/*.done")))
    assert 1 <= finished < PAGES, "the kill came too late to test resumption"
    resumed = subprocess.run(_ingest_command(pages, db, executor), cwd=tmp_path, env=env,
                             capture_output=True, text=True, timeout=400,
                             start_new_session=True)
    assert resumed.returncode == 0, resumed.stderr
    summary = json.loads(resumed.stdout)
    assert summary["pages"] == PAGES and summary["rejects"] == 0
    with Store(db) as store:
        assert snapshot(store) == reference
        assert store.counts()["pages"] == PAGES and store.counts()["articles"] == PAGES
        (runs_row,) = store.conn.execute("SELECT finished FROM runs").fetchall()
        assert runs_row[0] is not None
