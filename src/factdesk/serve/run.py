"""``serve(settings, db_path, host, port, workers=N)``: run the web app with uvicorn.

The shell (``factdesk serve``) loads the settings and calls this.  With one
worker the app is built here and served in this process; with several,
uvicorn starts ``workers`` processes that share the listening socket, and each
builds its own app with :func:`app_from_environment` (an app factory: uvicorn
imports it by name in each process).  The database path and the resolved
settings reach those processes in one environment variable,
:data:`CONFIG_VARIABLE` (this module is a process boundary, like the CLI).

Everything the processes must agree on lives in the database: sessions, the
CSRF signing secret, rate-limit attempts, ingest jobs (each run by the process
that queued it, under a lease), notification deliveries (claimed under a
lease) and the corpus version the caches key on.

Forwarded headers: uvicorn's own ``proxy_headers`` is off in every process
(it would believe ``X-Forwarded-For`` from any loopback peer); the app reads
the header only from the ``trusted_proxies`` setting
(:mod:`factdesk.serve.clients`), which every process gets with the settings.

Without a ``base_url`` setting, links in notifications point at
``http://host:port`` (a wildcard host such as 0.0.0.0 leaves that to each
request's own address, and to ``base_url``, which should then be set).
"""

from __future__ import annotations

import atexit
import dataclasses
import json
import logging
import os
from typing import Any

from ..notify.links import app_address
from ..errors import ConfigError
from ..settings import Settings
from ..store import Store
from .app import create_app

__all__ = ["CONFIG_VARIABLE", "app_from_environment", "serve", "served_settings",
           "uvicorn_options"]

log = logging.getLogger(__name__)

#: The environment variable that carries the database path and settings to workers.
CONFIG_VARIABLE = "FACTDESK_SERVE_WORKER_CONFIG"


def uvicorn_options(host: str, port: int, workers: int) -> dict[str, Any]:
    """The options every ``uvicorn.run`` of factdesk gets (the same for each worker)."""
    return {"host": host, "port": port, "workers": workers, "log_level": "info",
            "access_log": False, "server_header": False, "proxy_headers": False,
            "log_config": None}  # uvicorn's records go to the shell's handler (text/json)


def app_from_environment():
    """The app of one worker process, over the database :func:`serve` named."""
    raw = os.environ.get(CONFIG_VARIABLE)
    if not raw:
        raise ConfigError(f"{CONFIG_VARIABLE} is not set; start the app with factdesk serve")
    config = json.loads(raw)
    store = Store(config["db"])
    atexit.register(store.close)
    return create_app(store, Settings(**config["settings"]))


def serve(settings: Settings, db_path: str, host: str = "127.0.0.1", port: int = 8000,
          *, workers: int = 1) -> None:
    """Serve the database at ``db_path`` on ``host:port`` with ``workers`` processes
    until interrupted."""
    import uvicorn  # the serve extra; imported here so the rest of factdesk runs without it

    settings = served_settings(settings, host, port)
    if workers < 1:
        raise ConfigError(f"workers must be at least 1, not {workers}")
    log.info("serving %s on http://%s:%d/ with %d worker process(es)", db_path, host, port,
             workers)
    if workers == 1:
        with Store(db_path) as store:
            uvicorn.run(create_app(store, settings), **uvicorn_options(host, port, 1))
        return
    with Store(db_path):  # migrate once, before the workers open it
        pass
    os.environ[CONFIG_VARIABLE] = json.dumps(
        {"db": str(db_path), "settings": dataclasses.asdict(settings)})
    uvicorn.run(f"{__name__}:app_from_environment", factory=True,
                **uvicorn_options(host, port, workers))


def served_settings(settings: Settings, host: str, port: int) -> Settings:
    """``settings`` with ``base_url`` set to where the app listens, unless it is set."""
    if settings.base_url:
        return settings
    address = app_address(host, port)
    return dataclasses.replace(settings, base_url=address) if address else settings
