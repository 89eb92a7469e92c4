"""The SQLite store: one file, WAL mode, foreign keys on, one writer at a time.

``Store(path)`` opens (and migrates) a database; ``":memory:"`` gives a
throwaway one for tests.  Pages and their analyses go in through
:meth:`Store.write` (and ``write_data``, ``replace_analyses``, ``recluster``
and the run book-keeping methods), each one short ``BEGIN IMMEDIATE``
transaction routing rows through :mod:`factdesk.store.writer`.  Everything
else is a function of a store module taking a connection: code outside the
store reads with :meth:`Store.read` (``store.read(inbox, user_id)``) and
writes inside :meth:`Store.transaction`, never through ``Store.conn`` itself.
Which module writes which table is listed in :mod:`factdesk.store.writer`.
A server reading from many threads at once borrows read-only connections from
a :class:`~factdesk.store.readers.ReadPool` instead of using the store's one
connection; :func:`~factdesk.store.retry.write_retrying` is one transaction
that waits out another process's writer.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from ..clock import utc_stamp
from ..errors import StoreError
from ..model import Analysis, Article, PageOutcome, from_dict, to_dict
from .claims import Linker
from .claim_graph import recluster
from .schema import MIGRATIONS
from .identity import rebuild_identities, refresh_entities
from .text_identity import fill_text_keys
from .writer import delete_analysis, write_analysis, write_record
from .stories import articles_of_story, regroup, story_of

__all__ = ["TABLES", "Store"]

log = logging.getLogger(__name__)

#: The tables whose row counts ``factdesk db stats`` reports.
TABLES = ("pages", "articles", "removed", "analyses", "entities", "entity_articles", "mentions",
          "quotes", "claim_mentions", "claim_nodes", "claims", "claim_members", "stances",
          "claim_aliases", "entity_aliases", "facts", "dates", "rejects", "runs", "events",
          "users", "follows", "comments", "notifications", "deliveries")

T = TypeVar("T")


class Store:
    """A factdesk database.  Use as a context manager, or call :meth:`close`."""

    def __init__(self, path: str | Path = ":memory:", *, readonly: bool = False) -> None:
        self.path = str(path)
        try:
            if readonly:
                uri = Path(self.path).resolve().as_uri() + "?mode=ro"
                self.conn = sqlite3.connect(uri, uri=True, isolation_level=None,
                                            check_same_thread=False)
            else:
                if self.path != ":memory:":
                    Path(self.path).parent.mkdir(parents=True, exist_ok=True)
                self.conn = sqlite3.connect(self.path, isolation_level=None,
                                            check_same_thread=False)
            self.conn.execute("PRAGMA busy_timeout = 30000")
            self.conn.execute("PRAGMA foreign_keys = ON")
            if not readonly:
                self.conn.execute("PRAGMA journal_mode = WAL")
                self.conn.execute("PRAGMA synchronous = NORMAL")
                self.migrate()
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open the database ({exc}); check the path "
                             "and that it is a factdesk database") from exc

    # -- lifecycle --------------------------------------------------------

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One short write transaction (``BEGIN IMMEDIATE`` ... ``COMMIT``)."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def read(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """``fn(conn, *args, **kwargs)`` on this store's connection, outside any
        transaction: how code outside the store calls the reading functions of
        the store's modules (``store.read(inbox, user_id, limit=20)``), as
        :meth:`transaction` is how it calls their writing ones."""
        return fn(self.conn, *args, **kwargs)

    def data_version(self) -> int:
        """SQLite's ``data_version``: changes when another connection commits, so a
        reader can tell its cached answers are stale."""
        (version,) = self.conn.execute("PRAGMA data_version").fetchone()
        return version

    def migrate(self) -> list[str]:
        """Apply the migrations this database lacks; returns their names."""
        self.conn.execute("CREATE TABLE IF NOT EXISTS migrations "
                          "(name TEXT PRIMARY KEY, applied TEXT NOT NULL)")
        done = {row[0] for row in self.conn.execute("SELECT name FROM migrations")}
        applied = []
        for name, sql in MIGRATIONS:
            if name in done:
                continue
            with self.transaction() as conn:
                for statement in _statements(sql):
                    conn.execute(statement)
                conn.execute("INSERT INTO migrations (name, applied) VALUES (?, ?)",
                             (name, utc_stamp()))
            applied.append(name)
            log.info("applied migration %s to %s", name, self.path)
        if "0015_entity_identity" in applied:
            with self.transaction() as conn:
                rebuild_identities(conn)
        if "0022_article_text_key" in applied:
            with self.transaction() as conn:
                fill_text_keys(conn)
        return applied

    def migrations(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT name FROM migrations ORDER BY name")]

    # -- the writer path --------------------------------------------------

    def write(self, records: Iterable[PageOutcome], *, run_id: str | None = None,
              shard: str | None = None) -> int:
        """Write page outcomes in one transaction; returns how many were new pages.

        With ``shard``, the shard is marked loaded for ``run_id`` in the same
        transaction, so a crash never loads a shard twice or half.
        """
        return self.write_data((r.to_data() for r in records), run_id=run_id, shard=shard)

    def write_data(self, records: Iterable[dict[str, Any]], *, run_id: str | None = None,
                   shard: str | None = None) -> int:
        """:meth:`write` for records as plain data (``PageOutcome.to_data()``, or a
        shard file's JSON lines parsed), as the batch loader has them."""
        new = 0
        touched: set[str] = set()
        with self.transaction() as conn:
            for record in records:
                before = conn.total_changes
                touched |= write_record(conn, record, run_id)
                article = record.get("article")
                # new: written now, under its own id (not the same text stored before)
                new += conn.total_changes > before and article is not None and conn.execute(
                    "SELECT 1 FROM articles WHERE id = ?", (article["id"],)).fetchone() is not None
            refresh_entities(conn, touched)
            if shard is not None and run_id is not None:
                conn.execute("INSERT OR IGNORE INTO run_shards (run_id, shard, loaded) "
                             "VALUES (?, ?, ?)", (run_id, shard, utc_stamp()))
        return new

    def replace_analyses(self, analyses: Iterable[Analysis]) -> int:
        """Swap in new analyses of stored articles (``factdesk reanalyze``)."""
        count = 0
        with self.transaction() as conn:
            touched: set[str] = set()
            for analysis in analyses:
                touched |= delete_analysis(conn, analysis.article_id)
                touched |= write_analysis(conn, to_dict(analysis))
                count += 1
            refresh_entities(conn, touched)
        return count

    def recluster(self, linker: Linker | None = None, *, full: bool = False) -> int | None:
        """Bring claim clusters across articles up to date with ``linker`` (the
        analyze stage's ``CLAIM_LINKER``; see :mod:`factdesk.store.claim_graph`):
        only where the graph changed, or everywhere with ``full``.  A linker that
        carries a story grouper (``linker.stories``) brings the stories up to date
        too (:mod:`factdesk.store.stories`)."""
        with self.transaction() as conn:
            count = recluster(conn, linker, full=full)
            grouper = getattr(linker, "stories", None)
            if grouper is not None:
                regroup(conn, grouper)
            return count

    def story_of(self, article_id: str) -> str | None:
        """The id of the story an article belongs to (same event, other articles)."""
        return story_of(self.conn, article_id)

    def story_articles(self, story_id: str) -> list[str]:
        """The ids of the current articles of a story."""
        return articles_of_story(self.conn, story_id)

    # -- runs -------------------------------------------------------------

    def begin_run(self, run_id: str, *, sources: list[str], settings: dict[str, Any],
                  executor: str) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO runs (id, started, executor, sources, settings) VALUES (?,?,?,?,?) "
                "ON CONFLICT(id) DO UPDATE SET finished = NULL",
                (run_id, utc_stamp(), executor, json.dumps(sources), json.dumps(settings)))

    def finish_run(self, run_id: str, stats: dict[str, Any]) -> None:
        with self.transaction() as conn:
            conn.execute("UPDATE runs SET finished = ?, stats = ? WHERE id = ?",
                         (utc_stamp(), json.dumps(stats), run_id))

    def loaded_shards(self, run_id: str) -> set[str]:
        return {r[0] for r in self.conn.execute(
            "SELECT shard FROM run_shards WHERE run_id = ?", (run_id,))}

    def forget_run_shards(self, run_id: str) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM run_shards WHERE run_id = ?", (run_id,))

    def feed_state(self, url: str) -> tuple[str | None, str | None]:
        """The ETag and Last-Modified a feed last answered with."""
        row = self.conn.execute("SELECT etag, last_modified FROM feeds WHERE url = ?",
                                (url,)).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def set_feed_state(self, url: str, *, etag: str | None, last_modified: str | None,
                       status: int) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO feeds (url, etag, last_modified, checked, status) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET etag = excluded.etag, "
                "last_modified = excluded.last_modified, checked = excluded.checked, "
                "status = excluded.status", (url, etag, last_modified, utc_stamp(), status))

    # -- reads ------------------------------------------------------------

    def stored_keys(self, keys: Iterable[str]) -> set[str]:
        """Which of ``keys`` (URLs or sources) already have a stored page."""
        keys = list(keys)
        found: set[str] = set()
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            found |= {r[0] for r in self.conn.execute(
                f"SELECT DISTINCT key FROM pages WHERE key IN ({','.join('?' * len(chunk))})",
                chunk)}
        return found

    def known_page_ids(self) -> set[str]:
        return {r[0] for r in self.conn.execute("SELECT id FROM pages")}

    def counts(self) -> dict[str, int]:
        return {t: self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}

    def articles(self, *, current_only: bool = True) -> Iterator[tuple[Article, Analysis | None]]:
        """Stored articles with their analyses, in id order."""
        where = "WHERE r.current = 1" if current_only else ""
        rows = self.conn.execute(
            f"SELECT r.record, a.record FROM articles r LEFT JOIN analyses a "
            f"ON a.article_id = r.id {where} ORDER BY r.id")
        for article, analysis in rows:
            yield (from_dict(json.loads(article)),
                   from_dict(json.loads(analysis)) if analysis else None)

    def stale_articles(self, analyzers: Iterable[str]) -> list[str]:
        """Ids of current articles analysed with other analyzer versions than ``analyzers``."""
        wanted = sorted(analyzers)
        out = []
        for article_id, used in self.conn.execute(
                "SELECT r.id, a.analyzers FROM articles r LEFT JOIN analyses a "
                "ON a.article_id = r.id WHERE r.current = 1 ORDER BY r.id"):
            if used is None or sorted(json.loads(used)) != wanted:
                out.append(article_id)
        return out

    def article(self, article_id: str) -> Article:
        row = self.conn.execute("SELECT record FROM articles WHERE id = ?",
                                (article_id,)).fetchone()
        if row is None:
            raise StoreError(f"no article {article_id!r} in {self.path}")
        return from_dict(json.loads(row[0]))


def _statements(sql: str) -> Iterator[str]:
    """Split a migration into statements (triggers hold ``;`` inside BEGIN ... END)."""
    buffer = ""
    for line in sql.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                yield buffer.strip()
            buffer = ""
    if buffer.strip():
        yield buffer.strip()
