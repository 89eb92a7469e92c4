"""``factdesk notify --every`` and ``factdesk watch`` as services: SIGTERM stops
them cleanly, after the cycle under way, with nothing half written.

Each test runs the real command in a subprocess and signals it.  The feed and
its page come from a server on loopback in this process (the command is told
``allow_private_addresses=true``); nothing leaves the host.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from factdesk.store import Store

from .conftest import EXAMPLES, ROOT

PAGE = (EXAMPLES / "valley-reservoir-drought.html").read_bytes()


class Service:
    """A factdesk command in a subprocess whose stderr lines are read as they come."""

    def __init__(self, *args: str, cwd: Path) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "NO_COLOR": "1"}
        self.proc = subprocess.Popen([sys.executable, "-m", "factdesk", *args], cwd=cwd,
                                     env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True)
        self.lines: list[dict] = []
        self.raw: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.proc.stderr:
            self.raw.append(line)
            try:
                self.lines.append(json.loads(line))
            except json.JSONDecodeError:
                pass

    def wait_for(self, test, timeout: float = 120.0) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [line for line in self.lines if test(line)]
            if found:
                return found[0]
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        self.proc.kill()
        pytest.fail(f"no such log line; stderr: {''.join(self.raw)[-2000:]}")

    def stop(self, timeout: float = 120.0) -> tuple[int, float]:
        """SIGTERM, then how it exited and how long that took."""
        sent = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            pytest.fail("the service did not stop after SIGTERM")
        self._reader.join(5)
        return code, time.monotonic() - sent


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "news.db"
    Store(path).close()
    return path


def test_notify_loop_logs_each_pass_and_stops_on_sigterm(tmp_path, db):
    service = Service("notify", "--db", str(db), "--every", "30", "--log-format", "json",
                      cwd=tmp_path)
    service.wait_for(lambda d: d.get("cycle") == "notify")
    code, took = service.stop()
    assert code == 0, "".join(service.raw)
    assert took < 10  # the 30 s wait was cut short
    assert "stopped notifying" in service.lines[-1]["message"]
    (first,) = [d for d in service.lines if d.get("cycle") == "notify"]
    assert first["logger"] == "factdesk.cli" and first["sent"] == 0
    assert json.loads(service.proc.stdout.readline())["sent"] == 0


def test_watch_between_polls_stops_at_once_on_sigterm(tmp_path, db):
    service = Service("watch", "http://127.0.0.1:9/feed.xml", "--interval", "3600",
                      "--db", str(db), "--log-format", "json", cwd=tmp_path)
    service.wait_for(lambda d: d.get("cycle") == "watch")
    code, took = service.stop()
    assert code == 0, "".join(service.raw)
    assert took < 10
    assert "SIGTERM: stopped watching" in service.lines[-1]["message"]


class _Site(BaseHTTPRequestHandler):
    """A feed of one story; the story answers slowly, so a signal lands mid-poll."""

    asked = threading.Event()

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        port = self.server.server_address[1]
        if self.path == "/feed.xml":
            body = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
                    f"<item><title>Reservoir</title><link>http://127.0.0.1:{port}/story"
                    f"</link></item></channel></rss>").encode()
            kind = "application/rss+xml"
        elif self.path == "/story":
            self.asked.set()
            time.sleep(1.5)
            body, kind = PAGE, "text/html; charset=utf-8"
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("content-type", kind)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def site():
    _Site.asked = threading.Event()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.mark.slow
def test_sigterm_during_a_poll_finishes_the_ingest_then_stops(tmp_path, db, site):
    feed = f"http://127.0.0.1:{site.server_address[1]}/feed.xml"
    service = Service("--set", "allow_private_addresses=true", "--set", "workers=1",
                      "--set", "fetch_host_delay=0", "watch", feed, "--interval", "3600",
                      "--db", str(db), "--log-format", "json", cwd=tmp_path)
    assert _Site.asked.wait(120), "".join(service.raw)
    code, _ = service.stop()  # the story is being fetched: the poll is under way
    assert code == 0, "".join(service.raw)
    polls = [d for d in service.lines if d.get("cycle") == "watch"]
    assert len(polls) == 1 and polls[0]["articles"] == 1
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        (articles,) = conn.execute("SELECT count(*) FROM articles").fetchone()
        (unfinished,) = conn.execute("SELECT count(*) FROM runs WHERE finished IS NULL"
                                     ).fetchone()
    assert articles == 1 and unfinished == 0
