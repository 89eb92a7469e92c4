"""Stable sharding and per-shard files: results, stats and a completion marker.

Work items are assigned to shards by a stable hash of their key (sha256, not
Python's salted ``hash``), so every run, executor and machine cuts the same
work the same way.  A shard's files live in the run folder::

    shard-00003-<key>.jsonl       one result per line (``to_dict`` JSON)
    shard-00003-<key>.stats.json  counts and timings
    shard-00003-<key>.done        written last: the shard is finished

Results are written to a temporary name and renamed, and the marker comes
after the rename, so a killed worker leaves either a finished shard or none.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

__all__ = ["Shard", "ShardFiles", "plan_shards", "stable_shard"]

T = TypeVar("T")


def stable_shard(key: str, shards: int) -> int:
    """The shard (``0 <= n < shards``) that ``key`` belongs to, the same everywhere."""
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).digest()
    return int.from_bytes(digest[:8], "big") % shards


@dataclass(frozen=True, slots=True, kw_only=True)
class Shard(Generic[T]):
    """A numbered group of work items; ``key`` hashes the items' keys."""

    index: int
    key: str
    items: tuple[T, ...]

    @property
    def name(self) -> str:
        return f"shard-{self.index:05d}-{self.key}"


def plan_shards(items: Sequence[T], key: Callable[[T], str], *,
                shard_size: int) -> list[Shard[T]]:
    """Cut ``items`` into about ``len(items) / shard_size`` shards by stable hash.

    The number of shards depends only on how many items there are, and each
    item's shard only on its key, so the same inputs always give the same plan.
    Empty shards are left out; inside a shard items are sorted by key, so the
    plan does not depend on the order the items came in either.
    """
    count = max(1, math.ceil(len(items) / max(1, shard_size)))
    groups: list[list[T]] = [[] for _ in range(count)]
    for item in items:
        groups[stable_shard(key(item), count)].append(item)
    out = []
    for index, group in enumerate(groups):
        group.sort(key=key)
        if group:
            digest = hashlib.sha256("\n".join(key(i) for i in group).encode()).hexdigest()
            out.append(Shard(index=index, key=digest[:12], items=tuple(group)))
    return out


@dataclass(frozen=True, slots=True)
class ShardFiles:
    """The files of one shard in a run folder."""

    folder: Path
    name: str

    @property
    def results(self) -> Path:
        return self.folder / f"{self.name}.jsonl"

    @property
    def stats(self) -> Path:
        return self.folder / f"{self.name}.stats.json"

    @property
    def marker(self) -> Path:
        return self.folder / f"{self.name}.done"

    def done(self) -> bool:
        return self.marker.exists() and self.results.exists()

    def write(self, lines: Iterable[str], stats: dict[str, Any]) -> dict[str, Any]:
        """Write results (one line each), then stats, then the marker."""
        self.folder.mkdir(parents=True, exist_ok=True)
        temporary = self.results.with_name(self.results.name + f".{os.getpid()}.tmp")
        with temporary.open("w", encoding="utf-8") as out:
            for line in lines:
                out.write(line + "\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, self.results)
        self.stats.write_text(json.dumps(stats, indent=2, sort_keys=True), encoding="utf-8")
        self.marker.write_text("done\n", encoding="utf-8")
        return stats

    def read_stats(self) -> dict[str, Any]:
        try:
            return json.loads(self.stats.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def lines(self) -> Iterable[str]:
        with self.results.open(encoding="utf-8") as stream:
            for line in stream:
                if line.strip():
                    yield line

    def remove_results(self) -> None:
        self.results.unlink(missing_ok=True)
