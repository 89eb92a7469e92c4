"""Read-only connections for many threads (``ReadPool``), the corpus version caches key
on, and writes that wait out another writer instead of failing."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest

from factdesk.errors import StoreError
from factdesk.store import Store
from factdesk.store.readers import ReadPool, corpus_version
from factdesk.store.retry import write_retrying
from tests.serve.conftest import ferry_record


def _count_articles(conn) -> int:
    return conn.execute("SELECT count(*) FROM articles").fetchone()[0]


def test_readers_see_commits_and_cannot_write(tmp_path):
    with Store(tmp_path / "r.db") as store:
        pool = ReadPool(store, size=2)
        assert pool.read(_count_articles) == 0
        store.write([ferry_record()])
        assert pool.read(_count_articles) == 1
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            pool.read(lambda conn: conn.execute("DELETE FROM articles"))
        assert pool.read(_count_articles) == 1
        pool.close()


def test_readers_do_not_wait_for_each_other_nor_for_an_open_write(tmp_path):
    with Store(tmp_path / "r.db") as store:
        store.write([ferry_record()])
        pool = ReadPool(store, size=4)
        inside = threading.Barrier(4, timeout=10)

        def read_together(conn):
            inside.wait()  # all four readers hold a connection at once
            return _count_articles(conn)

        results = []
        with store.transaction() as conn:  # a writer holds the lock meanwhile
            conn.execute("DELETE FROM comments")
            threads = [threading.Thread(target=lambda: results.append(
                pool.read(read_together))) for _ in range(4)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=20)
        assert results == [1, 1, 1, 1]
        pool.close()


def test_an_in_memory_store_lends_itself_one_thread_at_a_time():
    with Store(":memory:") as store:
        pool = ReadPool(store)
        with pool.reader() as reader:
            assert reader is store
        store.write([ferry_record()])
        assert pool.query(lambda reader: reader.read(_count_articles)) == 1


def test_the_corpus_version_moves_with_articles_and_claims_not_with_comments(tmp_path):
    with Store(tmp_path / "v.db") as store, Store(tmp_path / "v.db") as other:
        before = corpus_version(store.conn)
        other.write([ferry_record()])
        after_write = corpus_version(store.conn)
        assert after_write > before
        with other.transaction() as conn:
            conn.execute("INSERT INTO users (name, email, password_hash, created, feed_token) "
                         "VALUES ('ana', 'ana@example.org', 'x', '2024-01-01T00:00:00Z', 'f')")
        assert corpus_version(store.conn) == after_write


def test_a_write_waits_for_another_writer_and_a_stuck_lock_is_a_store_error(tmp_path):
    path = tmp_path / "w.db"
    with Store(path) as store, Store(path) as other:
        store.conn.execute("PRAGMA busy_timeout = 50")
        other.conn.execute("BEGIN IMMEDIATE")
        release = threading.Timer(0.3, lambda: other.conn.execute("COMMIT"))
        release.start()
        started = time.monotonic()
        write_retrying(store, lambda conn: conn.execute("DELETE FROM comments"), attempts=6)
        assert time.monotonic() - started >= 0.25  # it waited, and then it went through
        release.join()
        other.conn.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(StoreError, match="locked by another writer"):
                write_retrying(store, lambda conn: None, attempts=2, pause=0.01)
        finally:
            other.conn.execute("ROLLBACK")


def test_two_processes_claiming_the_same_deliveries_claim_each_once(tmp_path):
    """What keeps two server processes' notifiers from sending twice: a due delivery
    is claimed in a write transaction, and only one claim of it wins."""
    from factdesk.store.events import record_event
    from factdesk.store.people.accounts import create_user
    from factdesk.store.people.deliveries import (
        add_notification,
        claim_delivery,
        due_deliveries,
        plan_delivery,
    )

    now, lease = "2026-01-01T00:00:00+00:00", "2026-01-01T00:05:00+00:00"
    path = tmp_path / "n.db"
    with Store(path) as store:
        with store.transaction() as conn:
            ana = create_user(conn, name="ana", email="ana@example.org", password_hash="x")
            for n in range(20):
                record_event(conn, key=f"article:a{n}", kind="article", subject=f"a{n}")
                note = add_notification(conn, ana.id, n + 1, "search:ferry", now)
                plan_delivery(conn, note, "email", "ana@example.org")
    claimed: list[int] = []
    start = threading.Barrier(2, timeout=10)

    def notifier() -> None:
        with Store(path) as own:  # a process's own connection
            due = own.read(due_deliveries, now, limit=100)
            start.wait()
            for delivery in due:
                if write_retrying(own, lambda conn, d=delivery: claim_delivery(
                        conn, d.id, now=now, lease=lease)):
                    claimed.append(delivery.id)

    threads = [threading.Thread(target=notifier) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(claimed) == 20 and len(set(claimed)) == 20
