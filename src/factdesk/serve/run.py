"""``serve(settings, db_path, host, port)``: run the web app with uvicorn.

The shell (``factdesk serve``) loads the settings and calls this; it opens the
store, builds the app and serves until interrupted.  Without a ``base_url``
setting, links in notifications point at ``http://host:port`` (a wildcard host
such as 0.0.0.0 leaves that to each request's own address, and to
``base_url``, which should then be set).
"""

from __future__ import annotations

import dataclasses
import logging

from ..notify.links import app_address
from ..settings import Settings
from ..store import Store
from .app import create_app

__all__ = ["serve", "served_settings"]

log = logging.getLogger(__name__)


def serve(settings: Settings, db_path: str, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the database at ``db_path`` on ``host:port`` until interrupted."""
    import uvicorn  # the serve extra; imported here so the rest of factdesk runs without it

    settings = served_settings(settings, host, port)
    with Store(db_path) as store:
        app = create_app(store, settings)
        log.info("serving %s on http://%s:%d/", db_path, host, port)
        # proxy_headers off: uvicorn would believe X-Forwarded-For from loopback; the app
        # reads it only from settings.trusted_proxies (factdesk.serve.clients).
        uvicorn.run(app, host=host, port=port, log_level="info", access_log=False,
                    server_header=False, proxy_headers=False,
                    log_config=None)  # uvicorn's records go to the shell's handler (text/json)


def served_settings(settings: Settings, host: str, port: int) -> Settings:
    """``settings`` with ``base_url`` set to where the app listens, unless it is set."""
    if settings.base_url:
        return settings
    address = app_address(host, port)
    return dataclasses.replace(settings, base_url=address) if address else settings
