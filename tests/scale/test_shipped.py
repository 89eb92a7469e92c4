"""Batch runs on an executor whose workers share no files with the driver.

These run the packed path in this process (an inline executor that says it
shares no files), so they are fast; ``test_ray_no_shared_files.py`` runs the
same path on real Ray workers that cannot reach the run folder or the pages.
"""

from __future__ import annotations

import httpx
import pytest

from factdesk.ingest import Fetcher, PageRef
from factdesk.model import Page, PageOutcome
from factdesk.scale import InlineExecutor
from factdesk.scale.batch import run_batch
from factdesk.scale.shipped import PackedShard
from factdesk.settings import Settings
from factdesk.store import Store
from tests.scale.conftest import PAGES, snapshot
from tests.store.newsroom import page_html

PUBLIC = lambda host, port: ["93.184.215.14"]  # noqa: E731 - a stub resolver


class Unshared(InlineExecutor):
    """Runs tasks here but, like Ray, shares no files: it keeps every task it is given."""

    name = "unshared"
    shares_files = False

    def __init__(self, *, stop_after: int | None = None) -> None:
        super().__init__()
        self.tasks: list[PackedShard] = []
        self.stop_after = stop_after

    def map(self, fn, tasks):
        for task in tasks:
            if self.stop_after is not None and len(self.tasks) >= self.stop_after:
                raise KeyboardInterrupt  # the driver dies between two shards
            self.tasks.append(task)
            yield task, fn(task)


def test_pages_travel_inside_the_tasks_and_the_store_is_the_same(pages, reference, tmp_path):
    runner = Unshared()
    with Store(tmp_path / "packed.db") as store:
        summary = run_batch([str(pages)], Settings(shard_size=2), store, executor=runner)
        assert snapshot(store) == reference
    assert summary["articles"] == PAGES and summary["shards"] == len(runner.tasks) > 1
    items = [item for task in runner.tasks for item in task.items]
    assert len(items) == PAGES and all(isinstance(i, Page) and i.data for i in items)
    assert {i.source for i in items} == {str(p) for p in pages.iterdir()}
    assert all(task.known == frozenset() for task in runner.tasks)  # no URLs: no id list


def test_a_run_killed_between_shards_resumes_without_gaps_or_duplicates(pages, reference,
                                                                       tmp_path):
    settings = Settings(shard_size=2)
    with Store(tmp_path / "resumed.db") as store:
        with pytest.raises(KeyboardInterrupt):
            run_batch([str(pages)], settings, store, executor=Unshared(stop_after=1))
        assert 0 < store.counts()["articles"] < PAGES
        again = Unshared()
        summary = run_batch([str(pages)], settings, store, executor=again)
        assert snapshot(store) == reference
        assert store.counts()["pages"] == PAGES
    assert summary["pages"] == PAGES and summary["articles"] == PAGES
    assert len(again.tasks) == summary["shards"] - 1  # the finished shard is not run again


def test_a_page_already_stored_is_dropped_before_it_travels(pages, tmp_path):
    settings = Settings(shard_size=2)
    with Store(tmp_path / "twice.db") as store:
        run_batch([str(pages)], settings, store, executor=Unshared())
        (extra,) = [pages.parent / "more"]
        extra.mkdir(exist_ok=True)
        (extra / "new.html").write_text(page_html(PAGES + 1), encoding="utf-8")
        runner = Unshared()
        summary = run_batch([str(pages), str(extra)], settings, store, executor=runner)
    assert summary["skipped"] == PAGES and summary["articles"] == 1
    assert [i.source for t in runner.tasks for i in t.items] == [str(extra / "new.html")]


def test_an_unreadable_page_travels_as_its_failure(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "good.html").write_text(page_html(1), encoding="utf-8")
    (folder / "broken.html.gz").write_bytes(b"\x1f\x8b\x08\x00 not gzip after all")
    runner = Unshared()
    with Store(tmp_path / "bad.db") as store:
        summary = run_batch([str(folder)], Settings(), store, executor=runner)
    (task,) = runner.tasks
    failures = [i for i in task.items if isinstance(i, PageOutcome)]
    assert [f.source for f in failures] == [str(folder / "broken.html.gz")]
    assert summary["articles"] == 1 and summary["reasons"] == {"unreadable": 1}


def test_urls_are_fetched_by_the_worker_and_stored_pages_are_skipped_there(tmp_path):
    urls = [f"https://news.example.org/story-{n}" for n in range(3)]
    served = []

    def site(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        served.append(str(request.url))
        n = int(str(request.url).rsplit("-", 1)[1])
        return httpx.Response(200, text=page_html(n), headers={"content-type": "text/html"})

    settings = Settings(shard_size=2)
    with Fetcher(settings, transport=httpx.MockTransport(site), resolve=PUBLIC) as fetcher, \
            Store(tmp_path / "urls.db") as store:
        first = Unshared()
        run_batch(urls, settings, store, executor=first, fetcher=fetcher)
        assert all(isinstance(i, PageRef) and i.kind == "url"
                   for t in first.tasks for i in t.items)
        assert sorted(served) == sorted(urls)
        second = Unshared()
        summary = run_batch([*urls, "https://news.example.org/story-7"], settings, store,
                            executor=second, fetcher=fetcher)
    assert all(len(t.known) == 3 for t in second.tasks)  # the stored pages' ids go along
    assert summary["skipped"] == 3 and summary["articles"] == 1
