"""``factdesk watch`` end to end: the command polls a real HTTP server on loopback
(allowed through ``allow_private_addresses``), ingests what is new, sends the
feed's ETag on the next poll and stores nothing twice."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from factdesk.cli import main
from tests.store.newsroom import page_html

pytestmark = pytest.mark.slow  # two real ingests through spaCy


class NewsSite:
    """A loopback news site: robots.txt, a feed with an ETag, and story pages."""

    def __init__(self) -> None:
        self.stories = [1, 2]
        self.etag = '"v1"'
        self.log: list[tuple[str, str | None]] = []  # (path, If-None-Match)
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                site.log.append((self.path, self.headers.get("If-None-Match")))
                status, body, headers = site.answer(self.path, self.headers)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def answer(self, path: str, headers) -> tuple[int, bytes, dict]:
        if path == "/robots.txt":
            return 200, b"User-agent: *\nDisallow: /private/\n", {"Content-Type": "text/plain"}
        if path == "/feed.xml":
            if headers.get("If-None-Match") == self.etag:
                return 304, b"", {"ETag": self.etag}
            items = "".join(f"<item><title>Story {n}</title><link>{self.base}/story/{n}</link>"
                            "</item>" for n in self.stories)
            items += f"<item><title>Hidden</title><link>{self.base}/private/9</link></item>"
            feed = f"<?xml version='1.0'?><rss version='2.0'><channel>{items}</channel></rss>"
            return 200, feed.encode(), {"Content-Type": "application/rss+xml", "ETag": self.etag}
        if path.startswith(("/story/", "/private/")):
            return 200, page_html(int(path.rsplit("/", 1)[1])).encode(), {
                "Content-Type": "text/html; charset=utf-8"}
        return 404, b"not here", {"Content-Type": "text/plain"}

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site():
    news = NewsSite()
    yield news
    news.close()


def _watch_once(db, feed: str) -> dict:
    result = CliRunner().invoke(
        main, ["--set", "allow_private_addresses=true", "--set", "workers=1", "watch", feed,
               "--once", "--db", str(db)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    (line,) = [json.loads(x) for x in result.stdout.splitlines() if x.startswith("{")]
    return line


def _counts(db) -> dict:
    result = CliRunner().invoke(main, ["db", "stats", "--db", str(db)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["counts"]


def test_watch_polls_with_validators_and_ingests_only_new_stories(site, tmp_path):
    db, feed = tmp_path / "watch.db", f"{site.base}/feed.xml"
    first = _watch_once(db, feed)
    # The private entry is a problem (robots.txt says no), recorded and never fetched.
    assert first == {"polled": 1, "unchanged": 0, "new_urls": 2, "problems": 1, "articles": 2}
    assert "/private/9" not in [path for path, _ in site.log]
    counts = _counts(db)
    assert counts["articles"] == 2 and counts["rejects"] == 1

    second = _watch_once(db, feed)
    assert second["unchanged"] == 1 and second["new_urls"] == 0
    assert site.log[-1] == ("/feed.xml", '"v1"')  # the stored ETag went back
    assert _counts(db) == counts

    site.stories, site.etag = [1, 2, 3], '"v2"'
    third = _watch_once(db, feed)
    assert third["new_urls"] == 1 and third["articles"] == 1
    assert [p for p, _ in site.log].count("/story/1") == 1  # never fetched again
    assert _counts(db)["articles"] == 3
