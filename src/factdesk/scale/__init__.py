"""Batch runs: stable sharding, shard files with completion markers, executors, and
worker memory kept at what one shard needs."""

from .executors import EXECUTORS, Executor, InlineExecutor, LocalExecutor, make_executor
from .memory import release_memory
from .shards import Shard, ShardFiles, plan_shards, stable_shard

__all__ = ["EXECUTORS", "Executor", "InlineExecutor", "LocalExecutor", "Shard", "ShardFiles",
           "make_executor", "plan_shards", "release_memory", "stable_shard"]
