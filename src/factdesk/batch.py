"""Batch runs: sources -> shards -> (clean + analyze in workers) -> one loader.

``ingest`` plans shards by a stable hash, runs them on an executor (local
process pool or Ray), and loads each finished shard into the store in one
transaction, so a killed run started again loses and duplicates nothing;
``reanalyze`` and :mod:`factdesk.watch` reuse the same path.  The one-off streams the CLI's
``clean``/``analyze`` print live in :mod:`factdesk.pipeline`.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from . import notify
from .analyze import ANALYZERS, CLAIM_LINKER, analyze_many, load_pipeline
from .clean import clean_many
from .errors import InputError
from .ingest import (ArchiveMetadata, Fetcher, PageRef, SourceProblem, page_refs, read_ref,
                     unmatched_rows, with_hints)
from .model import Analysis, Article, Page, ProblemReason, RejectReason, Rejection, content_id
from .scale import Shard, ShardFiles, make_executor, plan_shards, release_memory
from .settings import Settings
from .store import PageRecord, Store

__all__ = ["IngestProgress", "ShardTask", "ingest", "notify_followers", "process_pages",
           "reanalyze", "run_id_of", "run_shard", "warm"]

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


def _too_large(article: Article, settings: Settings) -> Rejection | None:
    if len(article.text) <= settings.max_article_chars:
        return None
    return Rejection(source=article.source, reason=RejectReason.TOO_LARGE, page_id=article.page_id,
                     message=f"the article has {len(article.text):,} characters, more than "
                             f"max_article_chars ({settings.max_article_chars:,})")


def _one_huge_line(page: Page, settings: Settings) -> Rejection | None:
    """A text page whose first line alone is longer than any article may be.

    Cleaning it would take seconds per megabyte only to give an article too
    long to analyse, so it is rejected as ``too_large`` up front.
    """
    data = page.data or b""
    limit = settings.max_article_chars
    if (len(data) <= limit or page.content_type not in (None, "text/plain")
            or data[:1024].lstrip()[:1] == b"<" or b"\n" in data[:limit]):
        return None
    return Rejection(source=page.source, reason=RejectReason.TOO_LARGE, page_id=page.id,
                     message=f"a single line of more than {limit:,} characters; no article "
                             "can be that long (max_article_chars)")


def _analyses(articles: list[Article], settings: Settings) -> list[Analysis | Rejection]:
    """Analyses in order; an article whose analysis fails gets an internal_error rejection."""
    try:
        return list(analyze_many(articles, settings))
    except Exception:  # a batch task boundary: retry one by one to find the culprit
        log.exception("analysis of a batch failed; retrying article by article")
    out: list[Analysis | Rejection] = []
    for article in articles:
        try:
            out.append(next(analyze_many([article], settings)))
        except Exception as exc:  # noqa: BLE001 - a batch task boundary
            out.append(Rejection(source=article.source, reason=RejectReason.INTERNAL_ERROR,
                                 page_id=article.page_id,
                                 message=f"analysis failed: {type(exc).__name__}: {exc}"))
    return out


def process_pages(pages: list[Page], settings: Settings, *, analyze: bool = True,
                  kind: str | None = None) -> list[PageRecord]:
    """Clean (together) and analyze pages; one record per page, in order."""
    records: list[PageRecord | None] = [None] * len(pages)
    articles: list[tuple[int, Article]] = []
    huge = [_one_huge_line(page, settings) for page in pages]
    for n, rejection in enumerate(huge):
        if rejection is not None:
            records[n] = PageRecord.of_page(pages[n], rejection=rejection)
    kept = [n for n, rejection in enumerate(huge) if rejection is None]
    cleaned = clean_many([pages[n] for n in kept], settings, kind=kind)
    for n, result in zip(kept, cleaned):
        page = pages[n]
        if isinstance(result, Article):
            result = _too_large(result, settings) or result
        if isinstance(result, Article):
            articles.append((n, result))
        else:
            records[n] = PageRecord.of_page(page, rejection=result)
    results = _analyses([a for _, a in articles], settings) if analyze else [None] * len(articles)
    for (n, article), analysis in zip(articles, results):
        if isinstance(analysis, Rejection):
            records[n] = PageRecord.of_page(pages[n], rejection=analysis)
        else:
            records[n] = PageRecord.of_page(pages[n], article=article, analysis=analysis)
    return [r for r in records if r is not None]


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
    records: list[PageRecord] = []
    pages: list[Page] = []
    skipped = 0
    for ref in task.shard.items:
        try:
            page = read_ref(ref, task.settings, fetcher)
        except InputError as exc:
            reason = ProblemReason.FETCH_FAILED if ref.kind == "url" else ProblemReason.UNREADABLE
            records.append(PageRecord(source=ref.key, error=str(exc), reason=reason))
            continue
        if page.id in known:
            skipped += 1
        else:
            pages.append(page)
    records += process_pages(pages, task.settings, analyze=task.analyze)
    reasons = Counter(r.reject_reason for r in records if r.reject_reason)
    stats = {"shard": task.shard.name, "pages": len(task.shard.items), "skipped": skipped,
             "articles": sum(r.article is not None for r in records),
             "rejects": sum(reasons.values()), "reasons": dict(sorted(reasons.items())),
             "seconds": round(time.perf_counter() - started, 3),
             "cpu_seconds": round(time.process_time() - cpu, 3), "pid": os.getpid()}
    written = files.write((r.to_json() for r in records), stats)
    del records, pages
    task.after_shard()  # the next shard starts from what the process holds, not the last peak
    return written


def _spool_stdin(folder: Path) -> PageRef:
    data = sys.stdin.buffer.read()
    path = folder / f"stdin-{content_id(data)}.page"
    folder.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return PageRef(kind="path", location=str(path), origin="-")


def run_id_of(sources: Iterable[str], settings: Settings,
              metadata: ArchiveMetadata | None = None) -> str:
    """A batch run's id: the same sources, settings and metadata file contents
    resume the same run."""
    resolved = {k: v for k, v in settings.to_dict().items()
                if k not in ("executor", "workers", "ray_address", "db_path", "base_url",
                             "spacy_matmul", "blas_threads")
                and not k.startswith(("smtp_", "vapid_", "notify_"))}
    if metadata is not None:
        return content_id(json.dumps(list(sources)), json.dumps(resolved, sort_keys=True),
                          metadata.digest, length=12)
    return content_id(json.dumps(list(sources)), json.dumps(resolved, sort_keys=True), length=12)


def ingest(sources: Iterable[str], settings: Settings, store: Store, *,
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
    folder = Path(folder or _default_folder(store, run_id))
    if (folder / "complete").exists():  # a finished run: this is a new ingest
        shutil.rmtree(folder)
        store.forget_run_shards(run_id)
    fresh = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    refs: list[PageRef] = []
    problems: list[PageRecord] = []
    named = [s for s in sources if s != "-"]
    if "-" in sources:
        refs.append(_spool_stdin(folder))
    for item in page_refs(named, settings, fetcher=fetcher):
        if isinstance(item, SourceProblem):
            problems.append(PageRecord(source=item.source, error=item.message,
                                       reason=item.reason))
        else:
            refs.append(item)
    refs = list({r.key: r for r in refs}.values())
    try:
        unmatched = _join_metadata(refs, metadata) if metadata is not None else None
    except InputError:
        if fresh:  # nothing of this run is left behind
            shutil.rmtree(folder, ignore_errors=True)
        raise
    (folder / "settings.json").write_text(
        json.dumps(settings.to_dict(), indent=2, sort_keys=True), encoding="utf-8")
    store.begin_run(run_id, sources=sources, settings=settings.to_dict(),
                    executor=getattr(executor, "name", settings.executor))
    store.write(problems, run_id=run_id)
    (folder / "known-pages.txt").write_text("\n".join(sorted(store.known_page_ids())),
                                            encoding="utf-8")
    shards = plan_shards(refs, lambda r: r.key, shard_size=settings.shard_size)
    loaded = store.loaded_shards(run_id)
    totals = Counter(pages=0, articles=0, rejects=len(problems), skipped=0)
    shard_stats: list[dict[str, Any]] = []
    started = time.perf_counter()

    def account(stats: dict[str, Any], shard: Shard) -> None:
        shard_stats.append(stats)
        for name in ("articles", "rejects", "skipped"):
            totals[name] += stats.get(name, 0)
        totals["pages"] += len(shard.items)
        if progress:
            progress(IngestProgress(pages=len(refs), done=totals["pages"],
                                    articles=totals["articles"], rejects=totals["rejects"],
                                    skipped=totals["skipped"], shards=len(shards),
                                    shards_done=len(shard_stats)))

    todo = []
    for shard in shards:
        files = ShardFiles(folder, shard.name)
        if shard.name in loaded:
            account(files.read_stats(), shard)
        elif files.done():
            _load(store, files, run_id, shard.name)
            account(files.read_stats(), shard)
        else:
            todo.append(ShardTask(shard=shard, folder=str(folder), settings=settings))
    own = executor is None
    if own:
        executor = _executor(settings, len(todo), fetcher)
    try:
        work = run_shard if fetcher is None else functools.partial(run_shard, fetcher=fetcher)
        for task, stats in executor.map(work, todo):
            _load(store, ShardFiles(folder, task.shard.name), run_id, task.shard.name)
            account(stats, task.shard)
    finally:
        if own:
            executor.close()
    store.recluster(CLAIM_LINKER)
    notified = notify_followers(store, settings)
    summary = {"run_id": run_id, "folder": str(folder), "sources": sources,
               "pages": len(refs), "shards": len(shards), **dict(totals),
               "reasons": dict(sorted(sum((Counter(s.get("reasons", {})) for s in shard_stats),
                                          Counter(p.reason for p in problems)).items())),
               "seconds": round(time.perf_counter() - started, 3),
               "worker_cpu_seconds": round(sum(s.get("cpu_seconds", 0) for s in shard_stats), 3),
               "counts": store.counts(), "notify": notified}
    if metadata is not None:
        summary["metadata"] = {"file": metadata.path, "rows": len(metadata.rows),
                               "pages_matched": sum(r.hints is not None for r in refs),
                               "rows_unmatched": unmatched}
    store.finish_run(run_id, summary)
    (folder / "summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    for shard in shards:
        ShardFiles(folder, shard.name).remove_results()
    (folder / "complete").write_text("complete\n", encoding="utf-8")
    return summary


def _join_metadata(refs: list[PageRef], metadata: ArchiveMetadata) -> int:
    """Give each ref its row's hints (in place); the number of rows naming no page."""
    locations = [r.location for r in refs]
    hints = with_hints(metadata, locations)
    refs[:] = [replace(r, hints=hints[r.location]) if r.location in hints else r for r in refs]
    return len(unmatched_rows(metadata, locations))


def _default_folder(store: Store, run_id: str) -> Path:
    if store.path == ":memory:":
        return Path(tempfile.mkdtemp(prefix="factdesk-run-")) / run_id
    base = Path(store.path).resolve()
    return base.with_name(base.name + ".runs") / run_id


def _executor(settings: Settings, shards: int, fetcher: Fetcher | None):
    """One worker runs in this process, unless the run is longer than one
    worker's life (``worker_shards``): then it runs in a worker process that is
    replaced as it ages, like every pool worker."""
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
        fresh = [a for a in _analyses(articles, settings) if isinstance(a, Analysis)]
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
