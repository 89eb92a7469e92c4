"""What the app's handlers share, and the Jinja2 environment they render with.

Autoescaping is on for every template and nothing user- or article-supplied
is ever marked safe; ``finalize`` shows bidirectional control characters as
visible ``[U+202E]`` marks so that pasted text cannot reorder the page.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool

from ..ingest import Fetcher
from ..settings import Settings
from ..store import Store
from ..store.readers import ReadPool
from ..store.retry import write_retrying
from ..store.people.notifications import unread_count
from .people.auth import load_viewer
from .cache import ViewCache
from .csrf import attach_pre_cookie, csrf_token
from .notices import NOTICE_COOKIE, clear_notice, notice_of
from .ratelimit import RateLimits
from .timeline import STANCE_LABELS

__all__ = ["ServeContext", "make_templates"]

log = logging.getLogger(__name__)
T = TypeVar("T")
HERE = Path(__file__).parent
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _visible_controls(value: Any) -> Any:
    """Show bidi controls as ``[U+202E]`` so they cannot reorder the page (Trojan Source)."""
    if isinstance(value, str) and not isinstance(value, Markup) and _BIDI.search(value):
        return _BIDI.sub(lambda m: f"[U+{ord(m.group()):04X}]", value)
    return value


def make_templates() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True,
                      undefined=StrictUndefined, finalize=_visible_controls,
                      trim_blocks=True, lstrip_blocks=True)
    env.globals["STANCE_LABELS"] = STANCE_LABELS
    return env


@dataclass(slots=True, kw_only=True)
class ServeContext:
    """What the handlers share: the store, its read pool, settings, templates, fetcher.

    Reads run in worker threads on the pool's read-only connections
    (:meth:`read` for ``fn(conn, ...)`` store functions, :meth:`query` for
    ``fn(store, ...)`` ones), so readers never queue behind one another; every
    write goes through :meth:`write` (one lock in this process, one short
    transaction on the store's one connection, SQLite's lock across processes);
    :meth:`notify_soon` runs the notifier after a write that may concern someone
    (an ingest, a comment).
    """

    store: Store
    settings: Settings
    templates: Environment
    readers: ReadPool
    fetcher: Fetcher | None = None
    write_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    views: ViewCache = field(default_factory=ViewCache)
    secret: bytes = b""
    limits: RateLimits = field(default_factory=RateLimits)
    notifier: Callable[[Store, Settings], Any] | None = None
    _notify_task: asyncio.Task | None = None
    _notify_again: bool = False

    def html(self, name: str, **values: Any) -> str:
        return self.templates.get_template(name).render(**values)

    async def render(self, request: Request, name: str, status: int = 200,
                     **values: Any) -> Response:
        """A page, with the viewer, their unread count and the CSRF token filled in."""
        user = (await load_viewer(request)).user
        unread = await self.read(unread_count, user.id) if user is not None else 0
        notice = notice_of(request, user)
        response = HTMLResponse(self.html(name, request=request, viewer=user, unread=unread,
                                          csrf=csrf_token(request), notice=notice, **values),
                                status_code=status)
        attach_pre_cookie(request, response)
        if request.cookies.get(NOTICE_COOKIE):
            clear_notice(request, response)  # shown once
        return response

    async def read(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """``fn(conn, *args, **kwargs)`` on a read-only connection, in a worker thread."""
        return await run_in_threadpool(self.readers.read, fn, *args, **kwargs)

    async def query(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """``fn(reader, *args, **kwargs)`` (a store read function that takes the store,
        such as ``search``) on a read-only connection, in a worker thread."""
        return await run_in_threadpool(self.readers.query, fn, *args, **kwargs)

    async def write(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``fn(conn, *args, **kwargs)`` in one transaction, under the app's write lock,
        in a worker thread (another process holding SQLite's write lock is waited for)."""
        async with self.write_lock:
            return await run_in_threadpool(self.write_now, fn, *args, **kwargs)

    def write_now(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """:meth:`write` in this thread; the caller holds :attr:`write_lock`."""
        with self.readers.exclusive():
            return write_retrying(self.store, functools.partial(fn, **kwargs), *args)

    def notify_soon(self) -> None:
        """Run the notifier in a worker thread (coalesced; errors are logged, never raised)."""
        if self.notifier is None:
            return
        if self._notify_task is not None and not self._notify_task.done():
            self._notify_again = True
            return
        self._notify_task = asyncio.get_running_loop().create_task(self._notify())

    async def _notify(self) -> None:
        while True:
            self._notify_again = False
            try:
                if self.store.path == ":memory:":  # one connection: take turns with the app
                    async with self.write_lock:
                        await run_in_threadpool(self.notifier, self.store, self.settings)
                else:  # its own connection: network sends never hold up the app's writes
                    await run_in_threadpool(self._notify_on_own_connection)
            except Exception:  # a process boundary: log, never fail the request
                log.exception("the notifier failed; it will run again after the next write")
            if not self._notify_again:
                return

    def _notify_on_own_connection(self) -> None:
        with Store(self.store.path) as store:
            self.notifier(store, self.settings)

    async def notify_idle(self) -> None:
        """Wait until the notifier has nothing left to do (tests, shutdown)."""
        while self._notify_task is not None and not self._notify_task.done():
            await asyncio.shield(self._notify_task)
