"""Fetching user-given URLs: no private addresses, every redirect re-checked.

The network is never touched: httpx's MockTransport plays the server and a
fake resolver plays DNS.
"""

import ipaddress

import httpx
import pytest

from factdesk.errors import FetchError
from factdesk.ingest import Fetcher, check_url
from factdesk.ingest.fetch import system_resolver
from factdesk.pipeline import run_sources
from factdesk.settings import Settings

PUBLIC = {"news.example": ["93.184.215.14"], "other.example": ["2606:4700::6810:84e5"]}
PRIVATE = {
    "loopback.example": ["127.0.0.1"],
    "ten.example": ["10.1.2.3"],
    "oneninetwo.example": ["192.168.0.10"],
    "linklocal.example": ["169.254.169.254"],  # the cloud metadata address
    "v6loop.example": ["::1"],
    "v6mapped.example": ["::ffff:127.0.0.1"],
    "mixed.example": ["93.184.215.14", "10.0.0.1"],
    "unspecified.example": ["0.0.0.0"],
}


def resolver(host, port):
    """A stub DNS: the names above; an IP literal is itself (as getaddrinfo answers)."""
    try:
        return [str(ipaddress.ip_address(host))]
    except ValueError:
        return {**PUBLIC, **PRIVATE}.get(host, ["93.184.215.14"])


ARTICLE = ("<html><head><title>Ferry</title></head><body><article><h1>Ferry service resumes</h1>"
           + "".join(f"<p>Paragraph {n} about the ferry service resuming after the storm, with "
                     "enough words to count as body text for the extractor.</p>" for n in range(6))
           + "</article></body></html>")


def handler(request: httpx.Request) -> httpx.Response:
    path = request.url.path
    if path == "/story":
        return httpx.Response(200, headers={"content-type": "text/html; charset=iso-8859-1"},
                              content=ARTICLE.encode("latin-1"))
    if path == "/moved":
        return httpx.Response(301, headers={"location": "/story"})
    if path == "/to-metadata":
        return httpx.Response(302, headers={"location": "http://linklocal.example/latest"})
    if path == "/bad-location":
        return httpx.Response(302, headers={"location": "http://[oops/x"})
    if path == "/loop":
        return httpx.Response(302, headers={"location": "/loop"})
    if path == "/big":
        return httpx.Response(200, content=b"x" * 5000)
    return httpx.Response(404)


@pytest.fixture
def fetcher():
    with Fetcher(Settings(), transport=httpx.MockTransport(handler), resolve=resolver) as f:
        yield f


def test_fetch_follows_redirects_and_reads_headers(fetcher):
    page = fetcher.fetch("https://news.example/moved")
    assert page.url == "https://news.example/story"
    assert page.source == "https://news.example/moved"
    assert page.content_type == "text/html"
    assert page.declared_encoding == "iso-8859-1"
    assert page.data.startswith(b"<html>")


@pytest.mark.parametrize("host", sorted(PRIVATE), ids=sorted(PRIVATE))
def test_private_addresses_are_refused_after_resolution(host):
    with pytest.raises(FetchError, match="non-public address"):
        check_url(f"http://{host}/x", Settings(), resolver)


def test_redirect_to_a_private_address_is_refused(fetcher):
    with pytest.raises(FetchError, match="169.254.169.254"):
        fetcher.fetch("https://news.example/to-metadata")


@pytest.mark.parametrize("url, message", [
    ("file:///etc/passwd", "only http and https"),
    ("ftp://news.example/x", "only http and https"),
    ("http://user:secret@news.example/", "credentials"),
    ("http:///nohost", "no host"),
], ids=["file", "ftp", "credentials", "no-host"])
def test_other_urls_are_refused(url, message):
    with pytest.raises(FetchError, match=message):
        check_url(url, Settings(), resolver)


def test_allow_setting_lets_loopback_through():
    settings = Settings(allow_private_addresses=True)
    assert check_url("http://loopback.example/", settings, resolver) == "http://loopback.example/"


def test_real_resolution_of_localhost_is_refused():
    with pytest.raises(FetchError, match="non-public"):
        check_url("http://localhost:8080/", Settings(), system_resolver)


def test_redirect_to_a_malformed_url_is_a_fetch_error(fetcher):
    # urljoin raises ValueError on "http://[oops"; it must not escape the fetcher
    with pytest.raises(FetchError, match="malformed"):
        fetcher.fetch("https://news.example/bad-location")


def test_redirect_loops_end(fetcher):
    with pytest.raises(FetchError, match="more than 5 redirects"):
        fetcher.fetch("https://news.example/loop")


def test_http_errors_are_fetch_errors(fetcher):
    with pytest.raises(FetchError, match="HTTP 404"):
        fetcher.fetch("https://news.example/missing")


def test_body_is_cut_one_byte_past_the_cap():
    settings = Settings(max_page_bytes=1000)
    with Fetcher(settings, transport=httpx.MockTransport(handler), resolve=resolver) as f:
        assert len(f.fetch("https://news.example/big").data) == 1001


def test_timeouts_say_what_to_do():
    def slow(request):
        raise httpx.ReadTimeout("slow", request=request)

    with Fetcher(Settings(), transport=httpx.MockTransport(slow), resolve=resolver) as f:
        with pytest.raises(FetchError, match="raise fetch_timeout"):
            f.fetch("https://news.example/story")


def test_run_sources_fetches_urls_and_reports_refusals(fetcher):
    outcomes = list(run_sources(["https://news.example/story", "http://ten.example/x"],
                                Settings(), fetcher=fetcher))
    assert outcomes[0].article is not None
    assert outcomes[0].article.url == "https://news.example/story"
    assert "Paragraph 3" in outcomes[0].article.body
    assert outcomes[1].source == "http://ten.example/x"
    assert "non-public" in outcomes[1].error and outcomes[1].reason == "fetch_failed"


LITERALS = ["http://127.0.0.1/", "http://127.1.2.3:8080/x", "http://10.0.0.1/",
            "http://10.255.255.254/", "http://169.254.169.254/latest/meta-data/",
            "http://[::1]/", "http://[::ffff:10.0.0.1]/", "http://[fe80::1]/"]


@pytest.mark.parametrize("url", LITERALS, ids=LITERALS)
def test_literal_private_addresses_are_refused_and_never_requested(url):
    """Numeric hosts go through the real resolver, which answers without DNS traffic."""
    asked = []

    def record(request):
        asked.append(request.url)
        return httpx.Response(200, content=b"secret")

    with Fetcher(Settings(), transport=httpx.MockTransport(record)) as f:
        with pytest.raises(FetchError, match="non-public address"):
            f.fetch(url)
    assert asked == []


@pytest.mark.parametrize("host", ["loopback.example", "ten.example", "linklocal.example",
                                  "v6loop.example"])
def test_names_resolving_to_private_addresses_are_never_requested(host):
    asked = []

    def record(request):
        asked.append(request.url)
        return httpx.Response(200, content=b"secret")

    with Fetcher(Settings(), transport=httpx.MockTransport(record), resolve=resolver) as f:
        with pytest.raises(FetchError, match="non-public address"):
            f.fetch(f"http://{host}/")
    assert asked == []


def test_feed_entries_pointing_inside_are_refused_when_read():
    from factdesk.ingest import PageRef, read_ref

    with Fetcher(Settings(), transport=httpx.MockTransport(handler), resolve=resolver) as f:
        for url in ("http://169.254.169.254/latest/meta-data/", "http://linklocal.example/x"):
            with pytest.raises(FetchError, match="non-public"):
                read_ref(PageRef(kind="url", location=url), Settings(), f)


def test_conditional_get_is_guarded_too():
    from factdesk.ingest.conditional import conditional_get

    with Fetcher(Settings(), transport=httpx.MockTransport(handler), resolve=resolver) as f:
        with pytest.raises(FetchError, match="169.254.169.254"):
            conditional_get(f, "https://news.example/to-metadata")
        with pytest.raises(FetchError, match="non-public"):
            conditional_get(f, "http://[::1]/robots.txt")


def test_a_url_httpx_cannot_parse_is_a_fetch_error(fetcher):
    with pytest.raises(FetchError):
        fetcher.fetch("https://news.example.org/a\x00b")
