"""Stable sharding, shard files and the executors' worker lifetimes."""

import json
import os

import pytest

from factdesk.errors import ConfigError
from factdesk.scale import (
    InlineExecutor,
    ShardFiles,
    make_executor,
    plan_shards,
    stable_shard,
)


def test_stable_shard_is_the_same_in_every_process():
    # sha256-based: fixed values, unlike Python's salted hash()
    assert [stable_shard(k, 7) for k in ("a", "b", "examples/x.html")] == [
        stable_shard("a", 7), stable_shard("b", 7), stable_shard("examples/x.html", 7)]
    assert stable_shard("a", 7) == int.from_bytes(
        __import__("hashlib").sha256(b"a").digest()[:8], "big") % 7


def test_a_plan_depends_only_on_the_items_not_their_order():
    keys = [f"page-{n}" for n in range(50)]
    plan = plan_shards(keys, str, shard_size=8)
    again = plan_shards(list(reversed(keys)), str, shard_size=8)
    assert plan == again
    assert sorted(k for s in plan for k in s.items) == sorted(keys)
    assert len({s.name for s in plan}) == len(plan)


def test_shard_files_marker_comes_last(tmp_path):
    files = ShardFiles(tmp_path, "shard-00001-abc")
    assert not files.done()
    files.write(['{"a": 1}', '{"b": 2}'], {"pages": 2})
    assert files.done()
    assert [json.loads(line) for line in files.lines()] == [{"a": 1}, {"b": 2}]
    assert files.read_stats() == {"pages": 2}
    files.remove_results()
    assert not files.done()


def test_inline_executor_runs_initializer_once_and_maps():
    calls = []
    with InlineExecutor(calls.append, ("warm",)) as executor:
        assert list(executor.map(lambda x: x * 2, [1, 2])) == [(1, 2), (2, 4)]
    assert calls == ["warm"]


def test_a_pool_worker_is_replaced_after_tasks_per_worker_tasks():
    with make_executor("local", workers=1, in_process=False, tasks_per_worker=2) as executor:
        pids = [pid for _, pid in executor.map(_pid, range(6))]
    assert len(pids) == 6 and len(set(pids)) == 3 and os.getpid() not in pids
    assert all(pids.count(pid) == 2 for pid in set(pids))


def test_a_negative_worker_life_is_a_config_error():
    with pytest.raises(ConfigError, match="tasks_per_worker"):
        make_executor("local", workers=2, tasks_per_worker=-1)


def _pid(_task: int) -> int:
    return os.getpid()
