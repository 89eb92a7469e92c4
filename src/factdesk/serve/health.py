"""What a process supervisor or load balancer asks the web app.

- ``GET /healthz``: liveness.  The process is up and its event loop answers;
  it touches nothing else, so a slow database never gets a live server killed.
- ``GET /readyz``: readiness.  The database file opens (a fresh read-only
  connection, so a file removed or made unreadable under a running server is
  noticed), its schema is at this version's last migration and it answers a
  trivial read, within ``READY_TIMEOUT_S``.  ``200 {"status": "ready"}``, or
  ``503 {"status": "unavailable", "reason": ...}`` saying what is wrong.

:func:`add_operations` registers both routes and the access log
(:mod:`factdesk.serve.access_log`) on an app; ``create_app`` calls it.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from ..errors import StoreError
from ..store import Store
from ..store.readiness import SchemaState, schema_state
from .access_log import AccessLog

__all__ = ["READY_TIMEOUT_S", "add_operations", "health_router"]

log = logging.getLogger(__name__)

#: Seconds ``/readyz`` waits for the database before answering 503.
READY_TIMEOUT_S = 5.0
_NO_STORE = {"cache-control": "no-store"}


def add_operations(app: FastAPI) -> None:
    """Add ``/healthz``, ``/readyz`` and the access log to ``app``."""
    app.include_router(health_router())
    app.add_middleware(AccessLog)


def health_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/healthz")
    async def healthz() -> JSONResponse:
        return JSONResponse({"status": "alive"}, headers=_NO_STORE)

    @router.get("/readyz")
    async def readyz(request: Request) -> JSONResponse:
        store: Store = request.app.state.ctx.store
        try:
            state = await asyncio.wait_for(_schema_of(store), READY_TIMEOUT_S)
        except TimeoutError:
            return _unavailable(f"the database did not answer within {READY_TIMEOUT_S:g} s")
        except (StoreError, sqlite3.Error) as exc:
            log.warning("not ready: %s", exc)
            return _unavailable("the database cannot be opened or read: "
                                f"{_sqlite_words(exc)}")
        if not state.current:
            return _unavailable(_schema_words(state))
        return JSONResponse({"status": "ready", "migrations": state.applied},
                            headers=_NO_STORE)

    return router


async def _schema_of(store: Store) -> SchemaState:
    if store.path == ":memory:":  # nothing to reopen: ask the app's own connection
        return store.read(schema_state)
    return await run_in_threadpool(_reopen_and_read, store.path)


def _reopen_and_read(path: str) -> SchemaState:
    with Store(path, readonly=True) as fresh:
        return fresh.read(schema_state)


def _sqlite_words(exc: Exception) -> str:
    """The database's own complaint, without the file's path."""
    cause = exc.__cause__ if isinstance(exc, StoreError) and exc.__cause__ else exc
    return str(cause) if isinstance(cause, sqlite3.Error) else type(cause).__name__


def _schema_words(state: SchemaState) -> str:
    if state.missing:
        return (f"the schema lacks {len(state.missing)} migration(s) "
                f"({', '.join(state.missing[:3])}); any factdesk command that writes "
                "(factdesk ingest, factdesk notify) applies them")
    return (f"the database was migrated by a newer factdesk ({', '.join(state.unknown[:3])}); "
            "upgrade factdesk")


def _unavailable(reason: str) -> JSONResponse:
    return JSONResponse({"status": "unavailable", "reason": reason}, status_code=503,
                        headers=_NO_STORE)
