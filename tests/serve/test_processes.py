"""Several server processes over one database: ``factdesk serve --workers N`` and two
``factdesk serve`` beside each other agree on sessions, CSRF, rate limits and the cache.

Each test starts real servers (``python -m factdesk serve``) on free loopback ports
and talks to them over HTTP, the way a reverse proxy would spread a browser's
requests over the processes.
"""

from __future__ import annotations

import os
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from factdesk.store import Store
from tests.serve.conftest import PASSWORD, fill, ferry_record

SRC = Path(__file__).resolve().parents[2] / "src"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def server(db: Path, log: Path, *, workers: int = 1, options: tuple[str, ...] = ()):
    """``factdesk [options] serve`` over ``db`` in a subprocess; yields its base URL once
    it answers."""
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(SRC), os.environ.get("PYTHONPATH", "")])}
    with open(log, "ab") as errors:
        process = subprocess.Popen(
            [sys.executable, "-m", "factdesk", *options, "serve", "--db", str(db),
             "--port", str(port),
             "--workers", str(workers)], stdout=subprocess.DEVNULL, stderr=errors, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(f"{base}/api/outlets", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"the server did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "shared.db"
    with Store(path) as store:
        fill(store)
    return path


def _token(http: httpx.Client, url: str) -> str:
    page = http.get(url)
    assert page.status_code == 200, page.text
    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)


def _register(http: httpx.Client, base: str, name: str) -> httpx.Response:
    return http.post(f"{base}/register", data={
        "name": name, "email": f"{name}@example.org", "password": PASSWORD,
        "csrf": _token(http, f"{base}/register"), "next": "/"})


def _login(http: httpx.Client, base: str, name: str, password: str, token: str,
           forwarded: str | None = None):
    headers = {"x-forwarded-for": forwarded} if forwarded else {}
    return http.post(f"{base}/login", data={"name": name, "password": password,
                                            "csrf": token, "next": "/"}, headers=headers)


def _logged_in_as(http: httpx.Client, base: str, session: str) -> str | None:
    """The account page ``base`` shows to the session cookie ``session`` alone
    (``None``: it sends the browser to log in)."""
    page = httpx.get(f"{base}/account", cookies={"factdesk_session": session}, timeout=30)
    return page.text if page.status_code == 200 else None


def test_two_processes_share_sessions_csrf_and_the_login_rate_limit(db, tmp_path):
    with server(db, tmp_path / "a.log") as a, server(db, tmp_path / "b.log") as b:
        with httpx.Client(follow_redirects=False, timeout=30) as http:
            # a visitor's form token signed by one process is good on the other
            assert _register(http, a, "ana").status_code == 303
            first = http.cookies["factdesk_session"]
            assert "ana" in (_logged_in_as(http, b, first) or "")  # made on A, valid on B

            # CSRF: no token, or a forged one, is refused by either process
            for base in (a, b):
                assert _login(http, base, "ana", PASSWORD, "").status_code == 403
                assert _login(http, base, "ana", PASSWORD, "1.forged").status_code == 403

            # logging in on B starts a new session and ends the one made on A
            assert _login(http, b, "ana", PASSWORD, _token(http, f"{a}/login")).status_code == 303
            second = http.cookies["factdesk_session"]
            assert second != first
            assert _logged_in_as(http, a, second) is not None
            assert _logged_in_as(http, a, first) is None and _logged_in_as(http, b, first) is None

        with httpx.Client(follow_redirects=False, timeout=30) as guesser:
            # five wrong passwords spread over both processes use up one budget
            for attempt in range(5):
                base = (a, b)[attempt % 2]
                answer = _login(guesser, base, "ana", "wrong password!", _token(
                    guesser, f"{base}/login"))
                assert answer.status_code == 401, (attempt, answer.status_code)
            for base in (a, b):
                refused = _login(guesser, base, "ana", PASSWORD, _token(guesser, f"{base}/login"))
                assert refused.status_code == 429, base
                assert int(refused.headers["retry-after"]) > 0


def test_wrong_passwords_sent_at_once_to_two_processes_get_one_budget(db, tmp_path):
    """Twelve guesses in flight together: the check and the count are one transaction,
    so no more than the pair's five are let through to the password check."""
    with server(db, tmp_path / "a.log") as a, server(db, tmp_path / "b.log") as b:
        with httpx.Client(follow_redirects=False, timeout=30) as http:
            assert _register(http, a, "ana").status_code == 303
        guessers = []
        for n in range(12):
            http = httpx.Client(follow_redirects=False, timeout=60)
            base = (a, b)[n % 2]
            guessers.append((http, base, _token(http, f"{base}/login")))
        together = threading.Barrier(len(guessers), timeout=30)
        answers: list[int] = []

        def guess(http, base, token) -> None:
            together.wait()
            answers.append(_login(http, base, "ana", "wrong password!", token).status_code)

        threads = [threading.Thread(target=guess, args=g) for g in guessers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        for http, _, _ in guessers:
            http.close()
        assert sorted(answers) == [401] * 5 + [429] * 7


def _wrong(base: str, forwarded: str) -> int:
    with httpx.Client(follow_redirects=False, timeout=30) as http:
        token = _token(http, f"{base}/login")
        return _login(http, base, "ana", "wrong password!", token, forwarded).status_code


def test_forwarded_addresses_are_trusted_only_from_configured_proxies_in_every_worker(
        db, tmp_path):
    """``--set trusted_proxies=...`` reaches every worker process (a worker without it
    would key some attempts by the proxy's address and let the sixth one through)."""
    proxied_options = ("--set", "trusted_proxies=127.0.0.1")
    with server(db, tmp_path / "p.log", workers=2, options=proxied_options) as proxied, \
            server(db, tmp_path / "d.log") as direct:
        with httpx.Client(follow_redirects=False, timeout=30) as http:
            assert _register(http, direct, "ana").status_code == 303
        # behind our proxy: each client address behind it has its own budget
        assert [_wrong(proxied, "198.51.100.7") for _ in range(5)] == [401] * 5
        assert _wrong(proxied, "198.51.100.7") == 429
        assert _wrong(proxied, "198.51.100.8") == 401
        # no trusted proxy: the header is the client's say and changes nothing
        assert [_wrong(direct, f"203.0.113.{n}") for n in range(5)] == [401] * 5
        assert _wrong(direct, "203.0.113.99") == 429


def _zebra_record():
    record = ferry_record("2024-06-01", "Zebra Gazette", "zebra.example")
    article = record.article
    text = article.text.replace("Harbour users waited.", "Zebrafish crowded the harbour.")
    from dataclasses import replace

    return replace(record, article=replace(article, text=text))


def test_a_write_by_another_process_invalidates_a_servers_cached_search(db, tmp_path):
    with server(db, tmp_path / "a.log") as a:
        search = f"{a}/api/search?q=zebrafish&kind=articles"
        assert httpx.get(search).json()["total"] == 0
        assert httpx.get(search).json()["total"] == 0  # now cached in the server
        with Store(db) as other:  # another process's writer (an ingest beside the server)
            other.write([_zebra_record()])
        found = httpx.get(search).json()
        assert found["total"] == 1
        assert "Zebrafish" in str(found["items"][0]["highlights"])


def test_an_ingest_while_readers_and_commenters_hammer_two_workers(db, tmp_path):
    """20 readers, 5 commenters and an ingest at once: no error, no lost comment,
    and the database is intact."""
    with server(db, tmp_path / "w.log", workers=2) as base:
        articles = [a["id"] for a in httpx.get(f"{base}/api/articles").json()["items"]]
        commenters = []
        for n in range(5):
            http = httpx.Client(follow_redirects=False, timeout=60)
            assert _register(http, base, f"writer{n}").status_code == 303
            commenters.append(http)
        problems: list[str] = []
        stop = threading.Event()
        per_commenter = 6

        def read(n: int) -> None:
            paths = ["/?q=ferry", f"/articles/{articles[n % len(articles)]}",
                     "/api/search?q=said&kind=quotes", "/claims/claim-rigged", "/?q=zebrafish"]
            with httpx.Client(timeout=60) as http:
                i = 0
                while not stop.is_set():
                    answer = http.get(base + paths[i % len(paths)])
                    if answer.status_code != 200:
                        problems.append(f"GET {paths[i % len(paths)]}: {answer.status_code}")
                    i += 1

        def comment(n: int) -> None:
            http = commenters[n]
            for i in range(per_commenter):
                page = http.get(f"{base}/claims/claim-rigged")
                token = re.search(r'<meta name="csrf-token" content="([^"]+)">', page.text)
                answer = http.post(f"{base}/comments", data={
                    "target_kind": "claim", "target": "claim-rigged",
                    "body": f"comment {i} of writer{n}", "csrf": token.group(1)})
                if answer.status_code != 303:
                    problems.append(f"comment: {answer.status_code} {answer.text[:200]}")

        def ingest() -> None:
            with Store(db) as writer:
                for day in range(1, 6):
                    writer.write([ferry_record(f"2024-07-0{day}", f"Outlet {day}",
                                               f"outlet{day}.example")])
                    time.sleep(0.2)
                writer.write([_zebra_record()])

        readers = [threading.Thread(target=read, args=(n,)) for n in range(20)]
        writers = [threading.Thread(target=comment, args=(n,)) for n in range(5)]
        ingester = threading.Thread(target=ingest)
        for thread in readers + writers + [ingester]:
            thread.start()
        for thread in writers + [ingester]:
            thread.join(timeout=300)
        stop.set()
        for thread in readers:
            thread.join(timeout=60)
        for http in commenters:
            http.close()
        assert not problems, problems[:10]
        found = httpx.get(f"{base}/api/search?q=zebrafish&kind=articles").json()
        assert found["total"] == 1  # the ingest's last write is seen, not a stale cache
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        bodies = [r[0] for r in conn.execute(
            "SELECT body FROM comments WHERE target = 'claim-rigged'")]
    finally:
        conn.close()
    assert sorted(bodies) == sorted(f"comment {i} of writer{n}"
                                    for n in range(5) for i in range(per_commenter))


def test_every_worker_count_gets_the_same_uvicorn_options_with_proxy_headers_off():
    from factdesk.serve.run import uvicorn_options

    one, four = uvicorn_options("127.0.0.1", 8000, 1), uvicorn_options("127.0.0.1", 8000, 4)
    assert one.pop("workers") == 1 and four.pop("workers") == 4
    assert one == four and one["proxy_headers"] is False


def test_serve_refuses_a_worker_count_out_of_range(db):
    from click.testing import CliRunner

    from factdesk.cli import main

    result = CliRunner().invoke(main, ["serve", "--db", str(db), "--workers", "0"])
    assert result.exit_code == 2 and "--workers" in result.output
