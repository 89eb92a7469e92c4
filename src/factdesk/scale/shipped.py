"""Shards whose pages travel with the task, for workers that share no files.

On a cluster without a shared filesystem (the usual Ray cluster) a worker can
open neither the run folder nor the page files the user named.  So for such an
executor the driver reads each shard's pages itself (:func:`pack`: files,
WARC records and standard input become :class:`~factdesk.model.Page` values
holding their bytes), the task carries them to the worker, the worker cleans
and analyses them (:func:`run_packed`) and *returns* the results; the driver
then writes the shard's files and loads them, exactly as a local run's loader
does.  Resumption therefore works as locally: finished shards are recorded by
the driver alone.

URLs are the one exception: a worker fetches them itself (through the same
guarded fetcher), as that needs the network, not the driver's files.  Pages
the store already holds are dropped by the driver before they travel; for a
shard with URLs the task also carries the ids of the stored pages, so the
worker can drop fetched pages already stored.

:func:`run_packed` is a pure function of its task: running it twice (Ray
retries a task whose worker or node died) gives the same result, and nothing
is written until the driver has it.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..ingest import Fetcher, LazyFetcher, PageRef
from ..model import Page, PageOutcome
from ..pipeline import read
from .budget import process_within_budget
from ..settings import Settings
from .memory import release_memory
from .shards import Shard

__all__ = ["PackedShard", "ShardResult", "pack", "run_packed", "shard_stats"]


@dataclass(frozen=True, slots=True, kw_only=True)
class PackedShard:
    """One shard with its pages read: all a worker needs, no path to open.

    ``items`` are pages (with their bytes), outcomes of pages the driver could
    not read, and refs of URLs (kind ``url`` only) for the worker to fetch.
    ``skipped`` counts pages the driver dropped as already stored; ``known``
    (only when the shard has URLs) lists the stored pages' ids.
    """

    name: str
    pages: int
    items: tuple[Page | PageOutcome | PageRef, ...]
    settings: Settings
    skipped: int = 0
    known: frozenset[str] = frozenset()
    analyze: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class ShardResult:
    """What a worker sends back: one JSON line per outcome, and the shard's stats."""

    name: str
    lines: tuple[str, ...]
    stats: dict[str, Any]


def pack(shard: Shard[PageRef], settings: Settings, known: frozenset[str], *,
         analyze: bool = True) -> PackedShard:
    """Read ``shard``'s pages here, in the driver, into a task that carries them."""
    items: list[Page | PageOutcome | PageRef] = []
    skipped = 0
    for ref in shard.items:
        if ref.kind == "url":
            items.append(ref)
            continue
        item = read(ref, settings)
        if isinstance(item, Page) and item.id in known:
            skipped += 1
        else:
            items.append(item)
    urls = any(isinstance(item, PageRef) for item in items)
    return PackedShard(name=shard.name, pages=len(shard.items), items=tuple(items),
                       settings=settings, skipped=skipped,
                       known=known if urls else frozenset(), analyze=analyze)


def run_packed(task: PackedShard, fetcher: Fetcher | None = None) -> ShardResult:
    """Clean and analyze one packed shard; the results come back, nothing is written."""
    started, cpu = time.perf_counter(), time.process_time()
    with LazyFetcher(task.settings, fetcher) as lazy:
        items = [read(item, task.settings, lazy) if isinstance(item, PageRef) else item
                 for item in task.items]
    fresh = [item for item in items if not (isinstance(item, Page) and item.id in task.known)]
    skipped = task.skipped + len(items) - len(fresh)
    del items
    outcomes, budget = process_within_budget(fresh, task.settings, analyze=task.analyze)
    stats = shard_stats(task.name, task.pages, skipped, outcomes, started=started, cpu=cpu,
                        budget=budget)
    lines = tuple(outcome.to_json() for outcome in outcomes)
    del outcomes, fresh
    release_memory()  # the next shard starts from what the process holds, not the last peak
    return ShardResult(name=task.name, lines=lines, stats=stats)


def shard_stats(name: str, pages: int, skipped: int, outcomes: Iterable[PageOutcome], *,
                started: float, cpu: float, budget: dict[str, Any] | None = None
                ) -> dict[str, Any]:
    """A shard's counts and timings (``started``/``cpu``: the clocks when it began;
    ``budget``: what the time budget did, :mod:`.budget`)."""
    outcomes = list(outcomes)
    reasons = Counter(o.reject_reason for o in outcomes if o.reject_reason)
    return {"shard": name, "pages": pages, "skipped": skipped,
            "articles": sum(o.article is not None for o in outcomes),
            "rejects": sum(reasons.values()), "reasons": dict(sorted(reasons.items())),
            "seconds": round(time.perf_counter() - started, 3),
            "cpu_seconds": round(time.process_time() - cpu, 3), "pid": os.getpid(),
            **(budget or {})}
