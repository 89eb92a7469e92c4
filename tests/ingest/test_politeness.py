"""Crawling that respects sites: robots.txt wildcards and Crawl-delay, a delay
per host, retries with backoff.  A fake clock makes waiting free and visible."""

import httpx
import pytest

from factdesk.errors import FetchError
from factdesk.ingest import Fetcher, Robots
from factdesk.ingest.politeness import MAX_RETRY_AFTER, Politeness
from factdesk.settings import Settings

PUBLIC = lambda host, port: ["93.184.215.14"]  # noqa: E731 - a stub resolver


class FakeTime:
    """A clock that only moves when slept on; it remembers every sleep."""

    def __init__(self):
        self.now = 100.0
        self.slept: list[float] = []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(round(seconds, 3))
        self.now += seconds


def fetcher_for(handler, time, **settings):
    settings = Settings(**settings)
    return Fetcher(settings, transport=httpx.MockTransport(handler), resolve=PUBLIC,
                   politeness=Politeness(settings, sleep=time.sleep, clock=time.clock))


def test_robots_wildcards_and_end_anchors_are_honoured():
    rules = b"User-agent: *\nDisallow: /*?print=\nDisallow: /*.pdf$\nAllow: /\n"
    fetched = []

    def site(request):
        fetched.append(request.url.path)
        return httpx.Response(200, content=rules)

    with fetcher_for(site, FakeTime()) as f:
        robots = Robots(f)
        assert not robots.allowed("https://news.example/story/1?print=1")
        assert not robots.allowed("https://news.example/files/report.pdf")
        assert robots.allowed("https://news.example/files/report.pdf?page=2")  # $ anchors the end
        assert robots.allowed("https://news.example/story/1")
    assert fetched == ["/robots.txt"]


def test_crawl_delay_spaces_requests_to_that_host_only():
    def site(request):
        if request.url.path == "/robots.txt":
            return httpx.Response(200, content=b"User-agent: *\nCrawl-delay: 7\n")
        return httpx.Response(200, content=b"<p>page</p>")

    time = FakeTime()
    with fetcher_for(site, time, fetch_host_delay=0.5) as f:
        assert Robots(f).allowed("https://slow.example/a")
        f.fetch("https://slow.example/a")          # 7 s after robots.txt was asked for
        f.fetch("https://other.example/a")         # another host: no wait
        f.fetch("https://other.example/b")         # fetch_host_delay on that host
    assert time.slept == [7.0, 0.5]


def test_busy_answers_are_retried_with_backoff_and_retry_after():
    answers = iter([httpx.Response(503), httpx.Response(429, headers={"retry-after": "4"}),
                    httpx.Response(200, content=b"<p>at last</p>")])
    time = FakeTime()
    with fetcher_for(lambda request: next(answers), time, fetch_host_delay=0,
                     fetch_backoff_s=1.5) as f:
        page = f.fetch("https://busy.example/story")
    assert page.data == b"<p>at last</p>"
    assert time.slept == [1.5, 4.0]               # backoff, then the server's Retry-After


def test_retries_run_out_and_a_huge_retry_after_is_capped():
    calls = []

    def down(request):
        calls.append(request)
        return httpx.Response(503, headers={"retry-after": "86400"})

    time = FakeTime()
    with fetcher_for(down, time, fetch_host_delay=0, fetch_retries=2) as f:
        with pytest.raises(FetchError, match="HTTP 503"):
            f.fetch("https://down.example/")
    assert len(calls) == 3 and time.slept == [MAX_RETRY_AFTER, MAX_RETRY_AFTER]


def test_connection_errors_are_retried_but_not_found_and_timeouts_are_final():
    attempts = {"refused": 0, "missing": 0, "slow": 0}

    def site(request):
        host = request.url.host.split(".")[0]
        attempts[host] += 1
        if host == "refused" and attempts[host] == 1:
            raise httpx.ConnectError("connection refused", request=request)
        if host == "slow":
            raise httpx.ReadTimeout("too slow", request=request)
        return httpx.Response(404 if host == "missing" else 200, content=b"ok")

    time = FakeTime()
    with fetcher_for(site, time, fetch_host_delay=0, fetch_backoff_s=2) as f:
        assert f.fetch("https://refused.example/").data == b"ok"
        with pytest.raises(FetchError, match="HTTP 404"):
            f.fetch("https://missing.example/")
        with pytest.raises(FetchError, match="timed out"):
            f.fetch("https://slow.example/")
    assert attempts == {"refused": 2, "missing": 1, "slow": 1}
    assert time.slept == [2.0]


def test_no_retries_when_turned_off():
    calls = []

    def down(request):
        calls.append(request)
        return httpx.Response(500)

    with fetcher_for(down, FakeTime(), fetch_retries=0) as f:
        with pytest.raises(FetchError):
            f.fetch("https://down.example/")
    assert len(calls) == 1


@pytest.mark.parametrize("broken", ["http://[", "http://[::1", "http://a.example:99999/"])
def test_a_broken_url_fails_as_the_fetcher_says_not_in_the_schedule(broken):
    with fetcher_for(lambda request: httpx.Response(200), FakeTime()) as f:
        with pytest.raises(FetchError):
            f.fetch(broken)
