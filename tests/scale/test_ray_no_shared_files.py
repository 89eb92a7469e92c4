"""Ray workers that cannot reach the driver's files still store the same result.

The driver (a subprocess: a Ray driver leaves threads and a SIGSEGV handler
behind after ``ray.shutdown``, which the test process must not inherit) starts
Ray with a worker ``runtime_env`` whose working directory is an empty folder
elsewhere and whose environment is its own, then runs the batch.  Every task
runs under an audit hook (:mod:`tests.scale.audit`) that lists the files it
opens and the folders it lists: none may be under the run folder, the database's
folder or the page folder.  The first task kills its own worker (SIGKILL), so
Ray must run it again (``max_retries``) and the result must still be whole.

A control task in the same Ray session runs the shared-filesystem shard
function under the same hook: it must be seen opening the pages and writing the
run folder, so the check is shown to catch a worker that touches them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from factdesk.store import Store
from tests.scale.conftest import PAGES, kill_session, need_ray, snapshot

ROOT = Path(__file__).resolve().parents[2]
VARIABLE = "FACTDESK_WORKER_PLACE"

DRIVER = """
import json, os, sys
from pathlib import Path
import ray
from factdesk.ingest import PageRef
from factdesk.scale import Shard, make_executor
from factdesk.scale.batch import ShardTask, run_batch, run_shard
from factdesk.settings import Settings
from factdesk.store import Store
from tests.scale.audit import AuditedExecutor, run_audited

pages, db, elsewhere, control, variable, path = sys.argv[1:7]
ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False,
         runtime_env={"working_dir": elsewhere,
                      "env_vars": {variable: "elsewhere", "PYTHONPATH": path}})
settings = Settings(executor="ray", workers=2, shard_size=2)
ray_executor = make_executor("ray", workers=2, tasks_per_worker=1)
runner = AuditedExecutor(ray_executor, variable=variable,
                         crash_once=str(Path(control) / "crashed-once"))
with Store(db) as store:
    summary = run_batch([pages], settings, store, executor=runner)
refs = tuple(PageRef(kind="path", location=str(p)) for p in sorted(Path(pages).iterdir())[:2])
task = ShardTask(shard=Shard(index=0, key="control", items=refs),
                 folder=str(Path(control) / "run"), settings=settings)
remote = ray.remote(run_audited)
shared = ray.get(remote.remote(run_shard, task, variable=variable))
cluster_workers = make_executor("ray", workers=0).workers
ray.shutdown()
shared.pop("result")
print(json.dumps({"summary": {k: summary[k] for k in ("articles", "shards", "folder")},
                  "reports": runner.reports, "shared_files": shared,
                  "driver": os.getpid(), "cluster_workers": cluster_workers, "crashed": (Path(control) / "crashed-once").read_text()}))
"""


def under(path: str, *roots: Path) -> bool:
    return any(Path(path).is_relative_to(root) for root in roots)


@pytest.fixture(scope="module")
def ray_run(pages, tmp_path_factory) -> dict:
    """One Ray session for this module's checks: the batch and the control task."""
    need_ray()
    base = tmp_path_factory.mktemp("ray-no-shared-files")
    driver_dir, elsewhere, control = base / "driver", base / "elsewhere", base / "control"
    for folder in (driver_dir, elsewhere, control):
        folder.mkdir()
    db = driver_dir / "ray.db"
    path = os.pathsep.join([str(ROOT / "src"), str(ROOT)])
    args = [pages, db, elsewhere, control, VARIABLE, path]
    driver = subprocess.Popen([sys.executable, "-c", DRIVER, *map(str, args)], cwd=driver_dir,
                              env={**os.environ, "PYTHONPATH": path}, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        out, err = driver.communicate(timeout=400)
    finally:
        kill_session(driver.pid)
    assert driver.returncode == 0, err[-3000:]
    with Store(db) as store:
        stored = snapshot(store)
    return {**json.loads(out.strip().splitlines()[-1]), "stored": stored, "db": db,
            "driver_dir": driver_dir, "elsewhere": elsewhere, "control": control}


@pytest.mark.slow
def test_ray_stores_what_the_local_executor_stores(ray_run, reference):
    assert ray_run["summary"]["articles"] == PAGES and ray_run["summary"]["shards"] > 1
    assert ray_run["stored"] == reference
    assert reference["claims"] and reference["quotes"] and reference["facts"]


@pytest.mark.slow
def test_ray_workers_open_nothing_under_the_run_folder_or_the_pages(ray_run, pages):
    reports = ray_run["reports"]
    assert len(reports) == ray_run["summary"]["shards"]
    forbidden = (pages, ray_run["driver_dir"], Path(ray_run["summary"]["folder"]))
    for report in reports:
        assert report["opened"], "the audit hook saw nothing at all: it is not working"
        assert [p for p in report["opened"] if under(p, *forbidden)] == []


@pytest.mark.slow
def test_ray_workers_run_from_their_own_folder_and_environment(ray_run, pages):
    for report in ray_run["reports"]:
        assert report["variable"] == "elsewhere"
        assert not under(report["cwd"], pages, ray_run["driver_dir"])
        assert Path(report["factdesk"]).is_relative_to(ROOT / "src")  # this tree's code
    pids = [r["pid"] for r in ray_run["reports"]]  # tasks_per_worker=1: a fresh worker each
    assert len(set(pids)) == len(pids) and ray_run["driver"] not in pids


@pytest.mark.slow
def test_a_killed_ray_worker_is_retried_and_nothing_is_lost(ray_run):
    crashed = int(ray_run["crashed"])
    assert crashed not in [r["pid"] for r in ray_run["reports"]]  # its task ran elsewhere
    assert ray_run["summary"]["articles"] == PAGES


@pytest.mark.slow
def test_the_audit_catches_a_worker_that_reads_the_pages_and_writes_the_run_folder(ray_run,
                                                                                  pages):
    """The control: the shared-filesystem shard function, audited the same way."""
    opened = ray_run["shared_files"]["opened"]
    assert any(under(p, pages) for p in opened)
    assert any(under(p, ray_run["control"] / "run") for p in opened)


@pytest.mark.slow
def test_workers_0_on_ray_means_the_clusters_cpus(ray_run):
    assert ray_run["cluster_workers"] == 2  # ray.init(num_cpus=2) in the driver
