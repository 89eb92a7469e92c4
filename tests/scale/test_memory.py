"""Worker memory between shards: glibc's malloc_trim.

The effect is measured by ``bench/throughput.py --scale`` (peak RSS by corpus
size); these tests check that the calls are real where glibc is, harmless where
it is not, and made around every shard.
"""

from __future__ import annotations

import ctypes
import platform

import pytest

import factdesk.scale.batch as batch
from factdesk.ingest import PageRef
from factdesk.scale import Shard, memory, release_memory
from factdesk.settings import Settings

GLIBC = platform.libc_ver()[0] == "glibc"


@pytest.mark.skipif(not GLIBC, reason="the allocator calls are glibc's")
def test_on_glibc_the_trim_is_the_real_call():
    assert memory.glibc() is not None
    # memory freed from the heap can be given back: allocate and free many small
    # blocks, then trim (returns whether pages were released; either is a real answer)
    blocks = [ctypes.create_string_buffer(4096) for _ in range(20_000)]
    del blocks
    assert isinstance(release_memory(), bool)


def test_without_glibc_it_is_a_no_op():
    assert memory.trim_heap(None) is False


def test_every_shard_trims_after_writing(tmp_path):
    calls: list[str] = []

    def trim():
        assert list(tmp_path.glob("*.done")), "trimmed before the shard's files were written"
        calls.append("trim")

    page = tmp_path / "in" / "note.txt"
    page.parent.mkdir()
    page.write_text("Harbour ferries will run every hour from May, the council said on "
                    "Tuesday.\n", encoding="utf-8")
    ref = PageRef(kind="path", location=str(page))
    task = batch.ShardTask(shard=Shard(index=1, key="k", items=(ref,)), folder=str(tmp_path),
                           settings=Settings(), analyze=False, after_shard=trim)
    stats = batch.run_shard(task)
    assert stats["pages"] == 1
    assert calls == ["trim"]
    batch.run_shard(task)  # already done: nothing parsed, nothing to give back
    assert calls == ["trim"]
