"""Web ingests as jobs: the request queues one and answers at once; workers do the rest.

``POST /api/ingest`` (and the ingest form) checks who is asking
(:func:`ingester_of`) and how big the paste is, stores a ``queued`` job
(:mod:`factdesk.store.jobs`) and answers ``202`` with the job and the URL to
poll (``GET /api/jobs/{id}``; the form redirects to the page ``/jobs/{id}``,
which reloads itself with a meta refresh until the job is over and then links
the article).

:class:`IngestJobs` runs each job: the URL (if any) is fetched in a thread
(network-bound, with the fetcher's one deadline and capped body), the page is
cleaned and analysed in a *separate process* (a spawn
``ProcessPoolExecutor`` of ``ingest_workers`` processes, started with the
first job), so the analysis never holds the server's GIL, and the outcome is
written by the server through its one writer path.  At most
``ingest_workers`` jobs run at once; the others wait ``queued``.  A worker
process that dies fails its job with a message and the pool is made anew;
jobs a stopped server left unfinished are marked failed when the app starts.

With several server processes each runs the jobs it queued (the page is in its
memory) and renews their leases every :data:`LEASE` / 3 seconds; a process
fails only jobs whose lease ran out (their process died), at start and then
every :data:`LEASE` seconds, so no job is run twice nor failed under a live
process (:mod:`factdesk.store.jobs`).
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import secrets
import socket
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from ..errors import AuthError, InputError, PayloadTooLarge
from ..model import Page, PageOutcome
from ..settings import Settings
from ..store import Store
from ..store.jobs import (
    Job,
    create_job,
    fail_job,
    fail_unfinished,
    finish_job,
    renew_leases,
    start_job,
)
from ..store.people.tokens import user_by_api_token
from ..store.text_identity import stored_article_id
from .people.auth import viewer_of
from .csrf import check_header
from .problems import error_body
from .submit import Submission, analyze_submission, page_of, store_submission

__all__ = ["IngestBodyLimit", "IngestJobs", "body_limit", "check_size", "ingester_of",
           "job_view"]

log = logging.getLogger(__name__)
#: Answered when a worker process died under a job (killed, out of memory).
WORKER_DIED = "the analysis worker stopped before finishing (out of memory?); submit again"
#: Seconds a server process vouches for its jobs without renewing.
LEASE = 60.0
ABANDONED_ELSEWHERE = ("the server process running this job stopped before it finished; "
                      "submit the page again")
_LOGIN = ("log in to ingest pages, or send an API token as 'Authorization: Bearer ...' "
          "(an admin makes one with: factdesk users token NAME)")


async def ingester_of(request: Request, *, form: bool) -> int | None:
    """The id of the user an ingest is made for: a bearer token's user, else the
    session's (a JSON call with the session cookie must carry its CSRF header; a
    form's token is checked by the form handler); ``None`` for a visitor when
    ``open_ingest`` is on.  :class:`AuthError` otherwise."""
    ctx = request.app.state.ctx
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        user = await ctx.read(user_by_api_token, token.strip())
        if user is None:
            raise AuthError("the API token is unknown or was revoked; ask an admin for a new "
                            "one (factdesk users token NAME)")
        return user.id
    user = viewer_of(request).user
    if user is not None:
        if not form:
            check_header(request)
        return user.id
    if ctx.settings.open_ingest:
        return None
    raise AuthError(_LOGIN)


def check_size(submission: Submission, settings: Settings) -> None:
    """Refuse (:class:`PayloadTooLarge`, a 413) a paste over ``max_paste_bytes``."""
    limit = settings.max_paste_bytes
    size = max(len(getattr(submission, name).encode("utf-8"))
               for name in ("url", "html", "text"))
    if size > limit:
        raise PayloadTooLarge(f"the paste is over max_paste_bytes ({limit:,} bytes); "
                              "cut it, or ingest the file with factdesk ingest")


def body_limit(settings: Settings) -> int:
    """The largest ingest request body read at all: an encoded paste may be several
    times its text (JSON ``\\u`` escapes, percent-encoding), hence six times the
    paste limit and room for the rest of the form."""
    return 6 * settings.max_paste_bytes + 65536


class IngestBodyLimit:
    """Pure ASGI middleware: an ingest ``POST`` whose declared ``Content-Length`` is
    over :func:`body_limit` is answered 413 before its body is read, and one
    without a length (chunked) 411, so no ingest body is read unbounded."""

    PATHS = ("/api/ingest", "/ingest")

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or \
                scope["path"] not in self.PATHS:
            await self.app(scope, receive, send)
            return
        settings = scope["app"].state.ctx.settings
        limit = body_limit(settings)
        declared = dict(scope.get("headers", [])).get(b"content-length", b"")
        if not declared.isdigit():
            status, code, message = 411, "length_required", (
                "send the request's Content-Length (ingest bodies are not read unbounded)")
        elif int(declared) > limit:
            status, code, message = 413, "too_large", (
                f"the request is over {limit:,} bytes (max_paste_bytes is "
                f"{settings.max_paste_bytes:,}); cut the paste, or ingest the file with "
                "factdesk ingest")
        else:
            await self.app(scope, receive, send)
            return
        await JSONResponse(error_body(status, message, code), status_code=status)(
            scope, receive, send)


def job_view(job: Job) -> dict[str, Any]:
    """A job as the API answers it."""
    return {"id": job.id, "status": job.status.value, "source": job.source,
            "created": job.created, "started": job.started, "finished": job.finished,
            "article_id": job.article_id,
            "article_url": f"/articles/{job.article_id}" if job.article_id else None,
            "rejection": job.rejection, "message": job.message,
            "poll_url": f"/api/jobs/{job.id}", "page_url": f"/jobs/{job.id}"}


class IngestJobs:
    """The app's ingest queue: ``await jobs.submit(ctx, submission, user_id)``.

    ``analyze(page, settings) -> PageOutcome`` runs in the worker processes
    (default :func:`~factdesk.serve.submit.analyze_submission`); it must be a
    module-level function, so that a spawned process can import it.
    """

    def __init__(self, settings: Settings,
                 analyze: Callable[[Page, Settings], PageOutcome] = analyze_submission) -> None:
        self.workers = settings.ingest_workers
        self.analyze = analyze
        self._slots = asyncio.Semaphore(self.workers)
        self._pool: ProcessPoolExecutor | None = None
        self._tasks: set[asyncio.Task] = set()
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"
        self.lease = LEASE  # seconds this process vouches for its jobs between renewals
        self._keeper: asyncio.Task | None = None
        self._ctx = None

    @staticmethod
    def recover(store: Store) -> int:
        """Fail the jobs a stopped server left queued or running (at app start): those
        no live server process vouches for any more."""
        with store.transaction() as conn:
            count = fail_unfinished(conn, now=time.time())
        if count:
            log.warning("%d ingest job(s) were left unfinished by a stopped server; "
                        "marked failed", count)
        return count

    def start(self, ctx) -> None:
        """Start renewing this process's leases and failing abandoned jobs (lifespan)."""
        self._ctx = ctx
        loop = asyncio.get_running_loop()
        if self._keeper is None or self._keeper.done() or self._keeper.get_loop() is not loop:
            self._keeper = loop.create_task(self._keep(ctx))

    async def _keep(self, ctx) -> None:
        beats = 0
        while True:
            await asyncio.sleep(self.lease / 3)
            beats += 1
            try:
                if self._tasks:
                    await ctx.write(renew_leases, self.owner, time.time() + self.lease)
                if beats % 3 == 0:
                    await ctx.write(lambda conn: fail_unfinished(conn, ABANDONED_ELSEWHERE,
                                                                 now=time.time()))
            except Exception:  # a process boundary: log it, try again at the next beat
                log.exception("could not renew the ingest jobs' leases")

    async def submit(self, ctx, submission: Submission, user_id: int | None) -> Job:
        """Queue ``submission`` (already checked) and start its job; returns the job."""
        source = submission.url.strip() or ("paste:html" if submission.html.strip()
                                            else "paste:text")
        job = await ctx.write(lambda conn: create_job(conn, source=source, user_id=user_id,
                                                      owner=self.owner,
                                                      lease=time.time() + self.lease))
        task = asyncio.get_running_loop().create_task(self._run(ctx, job.id, submission))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return job

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.workers,
                                             mp_context=multiprocessing.get_context("spawn"))
        return self._pool

    async def _run(self, ctx, job_id: str, submission: Submission) -> None:
        async with self._slots:
            if not await ctx.write(start_job, job_id):
                return  # failed meanwhile (its lease ran out): nothing to run
            try:
                record = await self._work(ctx, submission)
            except InputError as exc:  # FetchError too: the message says what to do
                await ctx.write(fail_job, job_id, str(exc))
                return
            except BrokenProcessPool:
                log.error("an ingest worker process died under job %s", job_id)
                self._reset()
                await ctx.write(fail_job, job_id, WORKER_DIED)
                return
            except Exception:  # a process boundary: log it, fail the job, keep serving
                log.exception("ingest job %s failed", job_id)
                await ctx.write(fail_job, job_id, "internal error; see the server log")
                return
            async with ctx.write_lock:
                await run_in_threadpool(_store_outcome, ctx, job_id, record)
        if record.article is not None:
            ctx.notify_soon()  # the new stances, quotes and article may concern followers

    async def _work(self, ctx, submission: Submission) -> PageOutcome:
        page = await run_in_threadpool(page_of, submission, ctx.settings, ctx.fetcher)
        future = self._executor().submit(self.analyze, page, ctx.settings)
        return await asyncio.wrap_future(future)

    def _reset(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            _stop(pool)

    async def idle(self) -> None:
        """Wait until every job started so far is over (tests, the load benchmark)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def close(self) -> None:
        """At shutdown: stop the worker processes, even mid-analysis (their jobs are
        failed at the next start) and stop waiting for jobs."""
        keeper, self._keeper = self._keeper, None
        if keeper is not None:
            keeper.cancel()
            if keeper.get_loop() is asyncio.get_running_loop():
                await asyncio.gather(keeper, return_exceptions=True)
        if self._ctx is not None and self._tasks:  # no longer vouched for: failed at next start
            try:
                await self._ctx.write(renew_leases, self.owner, 0.0)
            except Exception:  # shutting down: the leases run out on their own
                log.exception("could not give up the ingest jobs' leases")
        if self._pool is not None:
            pool, self._pool = self._pool, None
            _stop(pool)
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*list(self._tasks), return_exceptions=True)


def _store_outcome(ctx, job_id: str, record: PageOutcome) -> None:
    """Write an analysed page and finish its job (a worker thread; the caller holds
    the app's write lock)."""
    article = record.article
    with ctx.readers.exclusive():
        store_submission(ctx.store, record)
        # the same text stored before (by any route) is that article
        stored = None if article is None else ctx.store.read(
            stored_article_id, article.id, article.text, article.url)
    ctx.write_now(lambda conn: finish_job(
        conn, job_id, source=record.source, article_id=stored,
        rejection=record.reject_reason,
        message=record.rejection.message if record.rejection else record.error))


def _stop(pool: ProcessPoolExecutor) -> None:
    """Shut ``pool`` down without waiting for the analyses it is running."""
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14+
    if terminate is not None:
        terminate()
        return
    # Before 3.14 the executor has no public way to stop a busy worker: take its
    # processes before shutdown() forgets them, then end them.
    processes = getattr(pool, "_processes", None)
    busy = list((processes or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    busy += [p for p in list((processes or {}).values()) if p not in busy]  # started meanwhile
    for process in busy:
        process.terminate()
    for process in busy:
        process.join(5)
        if process.is_alive():
            process.kill()
