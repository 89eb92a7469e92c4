"""Helpers for batch tests: Ray availability, process-tree cleanup, the pages
every executor runs and the in-process run they must all match.

No test starts a Ray driver in the test process itself (see test_batch.py).
"""

from __future__ import annotations

import importlib.util
import json
import os
import signal
from pathlib import Path

import pytest

from factdesk.model.serial import to_dict
from factdesk.scale.batch import run_batch
from factdesk.settings import Settings
from factdesk.store import Store
from tests.conftest import need
from tests.store.newsroom import write_pages


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


#: How many pages the batch tests run (``tests.store.newsroom`` pages 0..7).
PAGES = 8


def snapshot(store: Store) -> dict:
    """What a run stored, independent of arrival order: every current article
    with its analysis as the store reads them back, and the rows that link them
    (pages, entities, claim clusters, stances, facts)."""
    read_back = sorted(json.dumps(to_dict(pair), sort_keys=True) for pair in store.articles())
    query = {
        "pages": "SELECT id, key, source, size FROM pages ORDER BY id",
        "articles": "SELECT id, text FROM articles ORDER BY id",
        "quotes": "SELECT article_id, id, speaker_id, text FROM quotes ORDER BY article_id, id",
        "entities": "SELECT id, kind, name, articles FROM entities ORDER BY id",
        "claims": "SELECT id, key, label FROM claims ORDER BY id",
        "members": "SELECT claim_id, article_id, mention_id FROM claim_members "
                   "ORDER BY claim_id, article_id, mention_id",
        "stances": "SELECT claim_id, source, stance, mention_ids FROM stances "
                   "ORDER BY claim_id, source, stance",
        "facts": 'SELECT article_id, start, "end", text, value FROM facts '
                 'ORDER BY article_id, start, "end"',
    }
    rows = {name: store.conn.execute(sql).fetchall() for name, sql in query.items()}
    return {"read_back": read_back, **rows}


@pytest.fixture(scope="session")
def pages(tmp_path_factory) -> Path:
    """The batch tests' page folder."""
    folder = tmp_path_factory.mktemp("pages")
    write_pages(folder, PAGES)
    return folder


@pytest.fixture(scope="session")
def reference(pages, tmp_path_factory) -> dict:
    """The in-process run every executor must match."""
    db = tmp_path_factory.mktemp("ref") / "ref.db"
    with Store(db) as store:
        run_batch([str(pages)], Settings(workers=1, shard_size=2), store)
        return snapshot(store)
