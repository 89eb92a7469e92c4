"""Batch runs: stable sharding, shard files with completion markers, executors."""

from .executors import EXECUTORS, Executor, InlineExecutor, LocalExecutor, make_executor
from .shards import Shard, ShardFiles, plan_shards, stable_shard

__all__ = ["EXECUTORS", "Executor", "InlineExecutor", "LocalExecutor", "Shard", "ShardFiles",
           "make_executor", "plan_shards", "stable_shard"]
