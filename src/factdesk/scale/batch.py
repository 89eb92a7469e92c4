"""Batch runs: sources -> shards -> (clean + analyze in workers) -> one loader.

:func:`run_batch` plans shards by a stable hash, runs them on an executor
(local process pool or Ray), and loads each finished shard into the store in
one transaction, so a killed run started again loses and duplicates nothing;
``reanalyze`` and :mod:`factdesk.scale.feed_polling` reuse the same path.  Workers read
pages with the one source reader and compose the stages with
:func:`factdesk.pipeline.process`, as the CLI's ``clean``/``analyze`` and the
web app do.  On an executor whose workers share no files with this process
(Ray), this process reads the pages and sends them inside the tasks, and
writes the shard files from the results the tasks return
(:mod:`factdesk.scale.shipped`).
"""

from __future__ import annotations

import functools
import json
import logging
import os
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import notify
from ..analyze import ANALYZERS, CLAIM_LINKER, load_pipeline
from ..errors import InputError
from ..ingest import (ArchiveMetadata, Fetcher, LazyFetcher, PageRef, SourceProblem,
                     join_metadata, page_refs)
from ..model import Analysis, Page, PageOutcome, content_id
from ..pipeline import analyze_articles, read
from . import Shard, ShardFiles, make_executor, plan_shards, release_memory
from .budget import process_within_budget
from .watchdog import BudgetNote
from .shipped import pack, run_packed, shard_stats
from ..settings import Settings
from ..store import Store

__all__ = ["IngestProgress", "ShardTask", "notify_followers", "reanalyze", "run_batch",
           "run_id_of", "run_shard", "warm"]

log = logging.getLogger(__name__)

@dataclass(frozen=True, slots=True, kw_only=True)
class ShardTask:
    """One shard of a batch run: picklable, so any executor can ship it."""

    shard: Shard
    folder: str
    settings: Settings
    analyze: bool = True
    #: Called once the shard's files are written: gives the parse's memory back.
    after_shard: Callable[[], object] = release_memory


@dataclass(frozen=True, slots=True, kw_only=True)
class IngestProgress:
    """Where a batch run stands; sent to the progress callback after each shard."""

    pages: int
    done: int
    articles: int
    rejects: int
    skipped: int
    shards: int
    shards_done: int


def warm(settings: Settings) -> None:
    """Load what workers need once per process (the spaCy model)."""
    load_pipeline(settings.spacy_model, settings.spacy_matmul)


def _known_ids(folder: Path) -> frozenset[str]:
    try:
        return frozenset((folder / "known-pages.txt").read_text(encoding="utf-8").split())
    except OSError:
        return frozenset()


def run_shard(task: ShardTask, fetcher: Fetcher | None = None) -> dict[str, Any]:
    """Read, clean and analyze one shard's pages and write its files.

    A shard whose completion marker exists is not run again.  Pages already
    in the store (listed in the run folder's ``known-pages.txt``) are skipped.
    """
    files = ShardFiles(Path(task.folder), task.shard.name)
    if files.done():
        return files.read_stats()
    started, cpu = time.perf_counter(), time.process_time()
    known = _known_ids(Path(task.folder))
    with LazyFetcher(task.settings, fetcher) as lazy:
        items = [read(ref, task.settings, lazy) for ref in task.shard.items]
    fresh = [item for item in items if not (isinstance(item, Page) and item.id in known)]
    skipped = len(items) - len(fresh)
    del items
    note = BudgetNote(Path(task.folder) / f"{task.shard.name}.budget.json")
    outcomes, budget = process_within_budget(fresh, task.settings, analyze=task.analyze,
                                             note=note)
    stats = shard_stats(task.shard.name, len(task.shard.items), skipped, outcomes,
                        started=started, cpu=cpu, budget=budget)
    written = files.write((o.to_json() for o in outcomes), stats)
    note.remove()
    del outcomes, fresh
    task.after_shard()  # the next shard starts from what the process holds, not the last peak
    return written


def run_id_of(sources: Iterable[str], settings: Settings,
              metadata: ArchiveMetadata | None = None) -> str:
    """A batch run's id: the same sources, settings that make the run's results
    (:meth:`~factdesk.settings.Settings.run_identity`) and metadata file
    contents resume the same run."""
    resolved = settings.run_identity()
    if metadata is not None:
        return content_id(json.dumps(list(sources)), json.dumps(resolved, sort_keys=True),
                          metadata.digest, length=12)
    return content_id(json.dumps(list(sources)), json.dumps(resolved, sort_keys=True), length=12)


@dataclass(frozen=True, slots=True, kw_only=True)
class _Plan:
    """What a run will do: the page refs, the sources' problems, the shards."""

    refs: list[PageRef]
    problems: list[PageOutcome]
    shards: list[Shard]
    unmatched: int | None = None


class _Tally:
    """What a run has done so far; the progress callback hears of each shard."""

    def __init__(self, plan: _Plan, progress: Callable[[IngestProgress], None] | None) -> None:
        self.plan = plan
        self.progress = progress
        self.totals = Counter(pages=0, articles=0, rejects=len(plan.problems), skipped=0)
        self.shard_stats: list[dict[str, Any]] = []

    def add(self, stats: dict[str, Any], shard: Shard) -> None:
        self.shard_stats.append(stats)
        for name in ("articles", "rejects", "skipped"):
            self.totals[name] += stats.get(name, 0)
        self.totals["pages"] += len(shard.items)
        if self.progress:
            self.progress(IngestProgress(
                pages=len(self.plan.refs), done=self.totals["pages"],
                articles=self.totals["articles"], rejects=self.totals["rejects"],
                skipped=self.totals["skipped"], shards=len(self.plan.shards),
                shards_done=len(self.shard_stats)))


def run_batch(sources: Iterable[str], settings: Settings, store: Store, *,
              folder: str | Path | None = None, executor: Any = None,
              progress: Callable[[IngestProgress], None] | None = None,
              fetcher: Fetcher | None = None,
              metadata: ArchiveMetadata | None = None) -> dict[str, Any]:
    """Clean, analyze and store every page the sources name; returns the run's stats.

    ``metadata`` (an archive's metadata file, :func:`~factdesk.ingest.read_metadata`)
    gives pages the outlet, date, headline and bylines they do not print; a file
    whose rows name none of the pages raises :class:`~factdesk.ingest.MetadataError`
    before anything is stored.

    Work is cut into shards by a stable hash of each page ref; each shard's
    results are written to the run folder (``folder``, default beside the
    database) and loaded into the store by this process only.  Running the same
    sources and settings again after a crash resumes: finished shards are
    loaded, not redone, and nothing is stored twice.
    """
    sources = list(sources)
    run_id = run_id_of(sources, settings, metadata)
    folder, fresh = _run_folder(store, run_id, folder)
    plan = _plan(sources, settings, folder, fresh, fetcher=fetcher, metadata=metadata)
    _begin(store, run_id, folder, sources, settings, plan,
           executor=getattr(executor, "name", settings.executor))
    tally = _Tally(plan, progress)
    started = time.perf_counter()
    _run_shards(store, run_id, folder, settings, plan, tally, executor=executor,
                fetcher=fetcher)
    store.recluster(CLAIM_LINKER)
    notified = notify_followers(store, settings)
    summary = _summary(run_id, folder, sources, plan, tally,
                       seconds=time.perf_counter() - started, store=store, notified=notified,
                       metadata=metadata)
    _finish(store, run_id, folder, plan, summary)
    return summary


def _run_folder(store: Store, run_id: str, folder: str | Path | None) -> tuple[Path, bool]:
    """The run's folder (made), and whether it is new; a finished run's folder
    is cleared, as that run is over and this is a new ingest."""
    path = Path(folder or _default_folder(store, run_id))
    if (path / "complete").exists():
        shutil.rmtree(path)
        store.forget_run_shards(run_id)
    fresh = not path.exists()
    path.mkdir(parents=True, exist_ok=True)
    return path, fresh


def _plan(sources: list[str], settings: Settings, folder: Path, fresh: bool, *,
          fetcher: Fetcher | None, metadata: ArchiveMetadata | None) -> _Plan:
    """Expand the sources into refs (standard input spooled into the run folder),
    join the metadata file, and cut the refs into shards."""
    refs: list[PageRef] = []
    problems: list[PageOutcome] = []
    for item in page_refs(sources, settings, fetcher=fetcher, spool=folder):
        if isinstance(item, SourceProblem):
            problems.append(PageOutcome.failure(item.source, item.message, item.reason))
        else:
            refs.append(item)
    refs = list({r.key: r for r in refs}.values())
    unmatched = None
    if metadata is not None:
        try:
            refs, unmatched = join_metadata(refs, metadata)
        except InputError:
            if fresh:  # nothing of this run is left behind
                shutil.rmtree(folder, ignore_errors=True)
            raise
    shards = plan_shards(refs, lambda r: r.key, shard_size=settings.shard_size)
    return _Plan(refs=refs, problems=problems, shards=shards, unmatched=unmatched)


def _begin(store: Store, run_id: str, folder: Path, sources: list[str], settings: Settings,
           plan: _Plan, *, executor: str) -> None:
    """Record the run and its sources' problems; list the pages already stored."""
    (folder / "settings.json").write_text(
        json.dumps(settings.to_dict(), indent=2, sort_keys=True), encoding="utf-8")
    store.begin_run(run_id, sources=sources, settings=settings.to_dict(), executor=executor)
    store.write(plan.problems, run_id=run_id)
    (folder / "known-pages.txt").write_text("\n".join(sorted(store.known_page_ids())),
                                            encoding="utf-8")


def _run_shards(store: Store, run_id: str, folder: Path, settings: Settings, plan: _Plan,
                tally: _Tally, *, executor: Any, fetcher: Fetcher | None) -> None:
    """Load the shards a killed run finished; run the others and load each as it ends."""
    loaded = store.loaded_shards(run_id)
    todo = []
    for shard in plan.shards:
        files = ShardFiles(folder, shard.name)
        if shard.name in loaded:
            tally.add(files.read_stats(), shard)
        elif files.done():
            _load(store, files, run_id, shard.name)
            tally.add(files.read_stats(), shard)
        else:
            todo.append(ShardTask(shard=shard, folder=str(folder), settings=settings))
    if not todo:  # all done before: no workers to start
        return
    own = executor is None
    if own:
        executor = _executor(settings, len(todo), fetcher)
    try:
        if getattr(executor, "shares_files", True):
            finished = _run_in_place(executor, todo, fetcher)
        else:
            finished = _run_packed(executor, todo, folder, fetcher)
        for task, stats in finished:
            _load(store, ShardFiles(folder, task.shard.name), run_id, task.shard.name)
            tally.add(stats, task.shard)
    finally:
        if own:
            executor.close()


def _run_in_place(executor: Any, todo: list[ShardTask],
                  fetcher: Fetcher | None) -> Iterator[tuple[ShardTask, dict[str, Any]]]:
    """Workers that see the driver's files read the pages and write the shard files."""
    work = run_shard if fetcher is None else functools.partial(run_shard, fetcher=fetcher)
    yield from executor.map(work, todo)


def _run_packed(executor: Any, todo: list[ShardTask], folder: Path,
                fetcher: Fetcher | None) -> Iterator[tuple[ShardTask, dict[str, Any]]]:
    """Workers that share no files with the driver (:mod:`.shipped`): pages go
    out inside the tasks, read here as the executor asks for them (a few shards
    ahead), results come back and this process writes the shard files."""
    known = _known_ids(folder)
    by_name = {task.shard.name: task for task in todo}
    packed = (pack(task.shard, task.settings, known, analyze=task.analyze) for task in todo)
    work = run_packed if fetcher is None else functools.partial(run_packed, fetcher=fetcher)
    for _, result in executor.map(work, packed):
        stats = ShardFiles(folder, result.name).write(result.lines, result.stats)
        yield by_name[result.name], stats


def _summary(run_id: str, folder: Path, sources: list[str], plan: _Plan, tally: _Tally, *,
             seconds: float, store: Store, notified: dict[str, Any] | None,
             metadata: ArchiveMetadata | None) -> dict[str, Any]:
    stats = tally.shard_stats
    reasons = sum((Counter(s.get("reasons", {})) for s in stats),
                  Counter(p.reason for p in plan.problems))
    summary = {"run_id": run_id, "folder": str(folder), "sources": sources,
               "pages": len(plan.refs), "shards": len(plan.shards), **dict(tally.totals),
               "reasons": dict(sorted(reasons.items())),
               "seconds": round(seconds, 3),
               "worker_cpu_seconds": round(sum(s.get("cpu_seconds", 0) for s in stats), 3),
               "shards_over_budget": sum(bool(s.get("over_budget")) for s in stats),
               "counts": store.counts(), "notify": notified}
    if metadata is not None:
        summary["metadata"] = {"file": metadata.path, "rows": len(metadata.rows),
                               "pages_matched": sum(r.hints is not None for r in plan.refs),
                               "rows_unmatched": plan.unmatched}
    return summary


def _finish(store: Store, run_id: str, folder: Path, plan: _Plan,
            summary: dict[str, Any]) -> None:
    """Record the run as finished, drop the shard results, mark the folder complete."""
    store.finish_run(run_id, summary)
    (folder / "summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    for shard in plan.shards:
        ShardFiles(folder, shard.name).remove_results()
    (folder / "complete").write_text("complete\n", encoding="utf-8")


def _default_folder(store: Store, run_id: str) -> Path:
    if store.path == ":memory:":
        return Path(tempfile.mkdtemp(prefix="factdesk-run-")) / run_id
    base = Path(store.path).resolve()
    return base.with_name(base.name + ".runs") / run_id


def _executor(settings: Settings, shards: int, fetcher: Fetcher | None):
    """One worker runs in this process, unless the run is longer than one
    worker's life (``worker_shards``): then it runs in a worker process that is
    replaced as it ages, like every pool worker.  On Ray, ``workers`` 0 keeps
    as many shards in flight as the cluster has CPUs, not this machine."""
    if settings.executor == "ray" and fetcher is None:
        workers = min(settings.workers, shards) if settings.workers else 0
        return make_executor("ray", workers=workers, ray_address=settings.ray_address,
                             tasks_per_worker=settings.worker_shards)
    workers = settings.workers or os.cpu_count() or 1
    workers = min(workers, max(1, shards))
    if fetcher is not None or (settings.executor == "local" and shards <= 1):
        workers = 1
    recycle = settings.worker_shards
    in_process = fetcher is not None or (workers == 1 and not 0 < recycle < shards)
    return make_executor(settings.executor, workers=workers, initializer=warm,
                         initargs=(settings,), ray_address=settings.ray_address,
                         tasks_per_worker=recycle, in_process=in_process)


def _load(store: Store, files: ShardFiles, run_id: str, shard: str, chunk: int = 200) -> None:
    """Load one finished shard in short transactions; mark it loaded with the last.

    Lines go to the writer as parsed JSON data: no model objects are rebuilt.
    """
    batch: list[dict[str, Any]] = []
    for line in files.lines():
        batch.append(json.loads(line))
        if len(batch) >= chunk:
            store.write_data(batch, run_id=run_id)
            batch = []
    store.write_data(batch, run_id=run_id, shard=shard)


def reanalyze(store: Store, settings: Settings, *, all_articles: bool = False,
              batch: int = 64, progress: Callable[[int, int], None] | None = None) -> int:
    """Re-run analysis on stored articles whose analyzer versions are not current.

    Every stored fact records the analyzer that produced it; after an analyzer
    upgrade this brings the store up to date without re-reading any page.
    """
    current = (*ANALYZERS, f"spacy:{settings.spacy_model}")
    ids = ([a.id for a, _ in store.articles()] if all_articles
           else store.stale_articles(current))
    done = 0
    for start in range(0, len(ids), batch):
        articles = [store.article(i) for i in ids[start:start + batch]]
        fresh = [a for a in analyze_articles(articles, settings) if isinstance(a, Analysis)]
        done += store.replace_analyses(fresh)
        if progress:
            progress(done, len(ids))
    store.recluster(CLAIM_LINKER)
    notify_followers(store, settings)
    return done


def notify_followers(store: Store, settings: Settings) -> dict[str, Any] | None:
    """Tell followers what the last writes changed (see :mod:`factdesk.notify`).

    A notifier that fails (an SMTP server down, say) never fails the ingest:
    the events stay recorded and the next run, or ``factdesk notify``, picks
    them up."""
    try:
        return notify.process(store, settings).to_dict()
    except Exception:  # noqa: BLE001 - the ingest itself succeeded
        log.exception("notifying followers failed; run `factdesk notify` to retry")
        return None
