"""Ingest jobs: a web ingest as a row that a worker moves along.

``queued`` (made by the request, which answers at once) -> ``running`` (a
worker took it) -> ``done`` (with the article id, or the rejection slug and
message when the page gave no article) or ``failed`` (with a message saying
what to do).  A job never goes back.  When the app starts, jobs left
``queued`` or ``running`` by a server that stopped are marked ``failed``
(:func:`fail_unfinished`): nothing is left waiting for a worker that is gone.

Several server processes share one database (``factdesk serve --workers N``):
a job records its ``owner`` (the process that queued it and alone runs it: the
page is in that process's memory) and a ``lease``, a time until which the
owner vouches for it; the owner renews the leases of its jobs while it lives
(:func:`renew_leases`), and only jobs whose lease ran out (or that have none)
are failed as abandoned, so one process starting never fails another's jobs.
:func:`start_job` claims a job atomically: it says whether this call moved it
from ``queued`` to ``running``.

Every function works on a ``sqlite3.Connection`` inside the caller's
transaction, like the rest of the store's write helpers.
"""

from __future__ import annotations

import secrets
import sqlite3
from dataclasses import dataclass
from enum import StrEnum

from ..clock import utc_stamp

__all__ = ["ABANDONED", "Job", "JobStatus", "create_job", "fail_job", "fail_unfinished",
           "finish_job", "job_by_id", "renew_leases", "start_job"]

#: The message of a job its server stopped under.
ABANDONED = "the server stopped before this job finished; submit the page again"
_COLUMNS = "id, user_id, status, source, created, started, finished, article_id, rejection, message"


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True, slots=True, kw_only=True)
class Job:
    """One web ingest; ``source`` names what was submitted (a URL or ``paste:...``)."""

    id: str
    user_id: int | None
    status: JobStatus
    source: str
    created: str
    started: str | None = None
    finished: str | None = None
    article_id: str | None = None
    rejection: str | None = None
    message: str | None = None

    @property
    def finished_work(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)


def _job(row: tuple | None) -> Job | None:
    if row is None:
        return None
    return Job(id=row[0], user_id=row[1], status=JobStatus(row[2]), source=row[3],
               created=row[4], started=row[5], finished=row[6], article_id=row[7],
               rejection=row[8], message=row[9])


def create_job(conn: sqlite3.Connection, *, source: str, user_id: int | None,
               owner: str | None = None, lease: float | None = None) -> Job:
    """A new queued job with an unguessable id (the id is what lets one poll it),
    run by ``owner``, who vouches for it until ``lease`` (seconds since the epoch)."""
    job_id = secrets.token_urlsafe(12)
    conn.execute("INSERT INTO ingest_jobs (id, user_id, status, source, created, owner, lease) "
                 "VALUES (?, ?, 'queued', ?, ?, ?, ?)",
                 (job_id, user_id, source[:2000], utc_stamp(), owner, lease))
    return job_by_id(conn, job_id)


def job_by_id(conn: sqlite3.Connection, job_id: str) -> Job | None:
    return _job(conn.execute(f"SELECT {_COLUMNS} FROM ingest_jobs WHERE id = ?",
                             (job_id,)).fetchone())


def start_job(conn: sqlite3.Connection, job_id: str) -> bool:
    """Claim a queued job: whether this call moved it to ``running`` (``False``:
    someone else did, or it was failed meanwhile)."""
    return conn.execute("UPDATE ingest_jobs SET status = 'running', started = ? "
                        "WHERE id = ? AND status = 'queued'",
                        (utc_stamp(), job_id)).rowcount == 1


def renew_leases(conn: sqlite3.Connection, owner: str, until: float) -> int:
    """``owner`` still runs its unfinished jobs: vouch for them until ``until``."""
    return conn.execute("UPDATE ingest_jobs SET lease = ? WHERE owner = ? "
                        "AND status IN ('queued', 'running')", (until, owner)).rowcount


def finish_job(conn: sqlite3.Connection, job_id: str, *, source: str, article_id: str | None,
               rejection: str | None = None, message: str | None = None) -> None:
    """Done: the article it stored, or why the page gave none."""
    conn.execute("UPDATE ingest_jobs SET status = 'done', finished = ?, source = ?, "
                 "article_id = ?, rejection = ?, message = ? WHERE id = ?",
                 (utc_stamp(), source[:2000], article_id, rejection,
                  (message or None) and message[:1000], job_id))


def fail_job(conn: sqlite3.Connection, job_id: str, message: str) -> None:
    conn.execute("UPDATE ingest_jobs SET status = 'failed', finished = ?, message = ? "
                 "WHERE id = ? AND status IN ('queued', 'running')",
                 (utc_stamp(), message[:1000], job_id))


def fail_unfinished(conn: sqlite3.Connection, message: str = ABANDONED, *,
                    now: float | None = None) -> int:
    """Mark failed every queued or running job no live process vouches for: without a
    lease, or (given ``now``) whose lease ran out before ``now``; every one without ``now``."""
    expired = "" if now is None else " AND (lease IS NULL OR lease < ?)"
    return conn.execute("UPDATE ingest_jobs SET status = 'failed', finished = ?, message = ? "
                        f"WHERE status IN ('queued', 'running'){expired}",
                        (utc_stamp(), message, *(() if now is None else (now,)))).rowcount
