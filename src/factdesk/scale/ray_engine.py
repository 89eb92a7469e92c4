"""The Ray adapter (``pip install 'factdesk[ray]'``).

Ray maps a picklable shard function over tasks that carry their pages:
Ray's nodes need not see the driver's files (``shares_files`` is false, see
:mod:`factdesk.scale.shipped`), only have factdesk and its spaCy model
installed.  A task's arguments and results go through Ray (large ones by its
object store); the driver alone writes the run folder and the database.  A
task whose worker process or node dies is run again (``max_retries``), which is
safe: the task writes nothing and gives the same result twice.

Each Ray worker process keeps what it loaded (the spaCy model) between tasks,
until ``tasks_per_worker`` tasks have run in it (Ray's ``max_calls``), when Ray
starts a fresh one.  With no ``address`` a single-node Ray is started with
``workers`` CPUs and shut down again on :meth:`RayExecutor.close`; with an
address (``HEAD:6379`` of ``ray start --head``) the tasks go to that cluster.
A Ray already initialised by the caller (``ray.init(runtime_env=...)``) is used
as it is and left running.
"""

from __future__ import annotations

import logging

from ..errors import ConfigError

__all__ = ["RayExecutor"]

log = logging.getLogger(__name__)


def _apply(fn, task):
    """``fn(task)``: what a Ray task runs (``fn`` may be any picklable callable,
    a :func:`functools.partial` too, which ``ray.remote`` does not take)."""
    return fn(task)


class RayExecutor:
    """Runs tasks as Ray remote functions, at most ``workers * 2`` in flight
    (``workers`` 0: as many as the cluster has CPUs)."""

    name = "ray"
    shares_files = False
    #: How many times Ray runs a task again whose worker or node died.
    max_retries = 2

    def __init__(self, workers: int, *, address: str = "", tasks_per_worker: int = 0) -> None:
        try:
            import ray
        except ImportError as exc:
            raise ConfigError("the ray executor needs Ray: pip install 'factdesk[ray]'") from exc
        self.ray = ray
        self.tasks_per_worker = tasks_per_worker
        self.started = False
        if not ray.is_initialized():
            if address:
                self._connect(address)
            else:
                ray.init(num_cpus=workers if workers > 0 else None, include_dashboard=False,
                         log_to_driver=False, configure_logging=False)
            self.started = True
        #: Tasks in flight are twice this: ``workers``, or (0) the cluster's CPUs.
        cluster = int(ray.cluster_resources().get("CPU", 1)) if workers <= 0 else workers
        self.workers = max(1, cluster)

    def _connect(self, address: str) -> None:
        try:
            self.ray.init(address=address, log_to_driver=False)
        except (ConnectionError, TimeoutError, ValueError, RuntimeError) as exc:
            raise ConfigError(
                f"cannot reach the Ray cluster at {address} ({exc}); start its head with "
                f"`ray start --head` and give HEAD:6379 as ray_address") from exc

    def map(self, fn, tasks):
        remote = self.ray.remote(num_cpus=1, max_retries=self.max_retries,
                                 max_calls=self.tasks_per_worker)(_apply)
        pending = iter(tasks)
        running = {}
        for task in pending:
            running[remote.remote(fn, task)] = task
            if len(running) >= self.workers * 2:
                break
        while running:
            done, _ = self.ray.wait(list(running), num_returns=1)
            for ref in done:
                task = running.pop(ref)
                yield task, self.ray.get(ref)
                for more in pending:
                    running[remote.remote(fn, more)] = more
                    break

    def close(self) -> None:
        if self.started:
            self.ray.shutdown()
            self.started = False

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
