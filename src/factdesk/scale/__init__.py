"""Running the pipeline over many pages into the store.

:mod:`.batch` is a batch run (``factdesk ingest``): sources listed once, split
into stable shards (:mod:`.shards`, with completion markers so a killed run
resumes), each shard cleaned and analysed by :func:`factdesk.pipeline.process`
on an executor (:mod:`.executors`: inline, a local process pool, or Ray in
:mod:`.ray_engine`), worker memory kept at what one shard needs
(:mod:`.memory`), each page held to a CPU-time budget (:mod:`.budget`), results
loaded by the one driver.  Workers that share no
files with the driver (Ray's) get the pages inside their tasks and send the
results back (:mod:`.shipped`).  :mod:`.feed_polling` keeps
a corpus current by polling feeds on a schedule and running batches of what is
new (``factdesk watch``)."""

from .executors import EXECUTORS, Executor, InlineExecutor, LocalExecutor, make_executor
from .memory import release_memory
from .shards import Shard, ShardFiles, plan_shards, stable_shard

__all__ = ["EXECUTORS", "Executor", "InlineExecutor", "LocalExecutor", "Shard", "ShardFiles",
           "make_executor", "plan_shards", "release_memory", "stable_shard"]
