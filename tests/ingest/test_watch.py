"""Watching feeds: conditional GET, robots.txt, and only new entries ingested.

A fake site (httpx MockTransport) plays the server; nothing leaves the process.
"""

import httpx
import pytest

from factdesk.ingest import Fetcher, Robots, poll_feed
from factdesk.scale.feed_polling import watch, watch_once
from factdesk.settings import Settings
from factdesk.store import Store
from tests.store.newsroom import page_html

ROBOTS = b"User-agent: *\nDisallow: /private/\n"


def rss(*paths):
    items = "".join(f"<item><title>{p}</title><link>https://news.example{p}</link></item>"
                    for p in paths)
    return f"<?xml version='1.0'?><rss version='2.0'><channel>{items}</channel></rss>".encode()


class Site:
    """A news site whose feed can change; it records every request."""

    def __init__(self):
        self.feed = rss("/story/1", "/story/2", "/private/3")
        self.etag = '"v1"'
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        path = request.url.path
        if path == "/robots.txt":
            return httpx.Response(200, content=ROBOTS)
        if path == "/feed.xml":
            if request.headers.get("if-none-match") == self.etag:
                return httpx.Response(304, headers={"etag": self.etag})
            return httpx.Response(200, content=self.feed,
                                  headers={"etag": self.etag,
                                           "last-modified": "Tue, 24 Nov 2026 10:00:00 GMT"})
        if path.startswith(("/story/", "/private/")):
            n = int(path.rsplit("/", 1)[1])
            return httpx.Response(200, content=page_html(n).encode(),
                                  headers={"content-type": "text/html; charset=utf-8"})
        return httpx.Response(404)

    def paths(self):
        return [r.url.path for r in self.requests]


@pytest.fixture
def site():
    return Site()


@pytest.fixture
def fetcher(site):
    with Fetcher(Settings(), transport=httpx.MockTransport(site),
                 resolve=lambda host, port: ["93.184.215.14"]) as f:
        yield f


def test_robots_rules_are_cached_per_site(site, fetcher):
    robots = Robots(fetcher)
    assert robots.allowed("https://news.example/story/1")
    assert not robots.allowed("https://news.example/private/3")
    assert site.paths().count("/robots.txt") == 1


def test_missing_robots_allows_and_unreachable_robots_disallows():
    def no_robots(request):
        return httpx.Response(404 if request.url.host == "a.example" else 503)

    with Fetcher(Settings(), transport=httpx.MockTransport(no_robots),
                 resolve=lambda host, port: ["93.184.215.14"]) as f:
        robots = Robots(f)
        assert robots.allowed("https://a.example/x")
        assert not robots.allowed("https://b.example/x")


def test_poll_sends_validators_and_a_304_lists_nothing(site, fetcher):
    first = poll_feed(fetcher, "https://news.example/feed.xml", robots=Robots(fetcher))
    assert first.urls == ("https://news.example/story/1", "https://news.example/story/2")
    assert [p.reason for p in first.problems] == ["disallowed_by_robots"]
    again = poll_feed(fetcher, "https://news.example/feed.xml", etag=first.etag,
                      last_modified=first.last_modified)
    assert again.not_modified and again.urls == ()
    assert site.requests[-1].headers["if-none-match"] == '"v1"'
    assert site.requests[-1].headers["if-modified-since"] == "Tue, 24 Nov 2026 10:00:00 GMT"


@pytest.mark.slow
def test_watch_ingests_only_what_is_new(site, fetcher, tmp_path):
    settings = Settings(workers=1)
    with Store(tmp_path / "w.db") as store:
        first = watch_once(["https://news.example/feed.xml"], settings, store, fetcher=fetcher)
        assert first.new_urls == 2 and first.summary["articles"] == 2
        assert "/private/3" not in site.paths()
        second = watch_once(["https://news.example/feed.xml"], settings, store, fetcher=fetcher)
        assert second.unchanged == 1 and second.new_urls == 0
        site.feed, site.etag = rss("/story/1", "/story/2", "/story/4"), '"v2"'
        before = len(site.requests)
        sleeps = []
        watch(["https://news.example/feed.xml"], settings, store, fetcher=fetcher, cycles=1,
              sleep=sleeps.append)
        fetched = [p for p in site.paths()[before:] if p.startswith("/story/")]
        assert fetched == ["/story/4"]
        assert store.counts()["articles"] == 3
        assert dict(store.conn.execute("SELECT reason, count(*) FROM rejects GROUP BY reason")
                    ) == {"disallowed_by_robots": 1}
