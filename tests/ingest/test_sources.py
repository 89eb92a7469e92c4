"""The one source reader: ``clean``/``analyze`` read sitemaps, WARC files and
stdin as ``ingest`` does, and a fetcher is borrowed or built in one place."""

import httpx
import pytest

from factdesk.errors import FetchError
from factdesk.ingest import Fetcher, LazyFetcher
from factdesk.pipeline import run_sources
from factdesk.settings import Settings
from tests.ingest.test_fetch import handler, resolver
from tests.ingest.test_warc import build_warc
from tests.store.newsroom import page_html


def _fetcher() -> Fetcher:
    return Fetcher(Settings(), transport=httpx.MockTransport(handler), resolve=resolver)


def test_a_given_fetcher_is_used_and_left_open():
    with _fetcher() as given:
        with LazyFetcher(Settings(), given) as lazy:
            assert lazy.fetch("https://news.example/story").url == "https://news.example/story"
            assert lazy.own is None
        assert not given.closed


def test_without_a_fetcher_one_is_built_on_first_use_and_closed():
    lazy = LazyFetcher(Settings())
    assert lazy.own is None  # nothing is built until a URL is asked for
    with pytest.raises(FetchError, match="non-public"):  # refused before any connection
        lazy.fetch("http://127.0.0.1/admin")
    built = lazy.own
    assert built is not None and built.settings == Settings()
    lazy.close()
    assert built.closed and lazy.own is None


def test_a_sitemap_file_gives_its_pages(tmp_path):
    sitemap = tmp_path / "sitemap.xml"
    sitemap.write_text("<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/"
                       "sitemap/0.9'><url><loc>https://news.example/story</loc></url>"
                       "<url><loc>https://news.example/missing</loc></url></urlset>")
    with _fetcher() as fetcher:
        outcomes = list(run_sources([str(sitemap)], Settings(), fetcher=fetcher))
    assert [o.source for o in outcomes] == ["https://news.example/story",
                                            "https://news.example/missing"]
    assert "Paragraph 3" in outcomes[0].article.body
    assert outcomes[1].reason == "fetch_failed" and "HTTP 404" in outcomes[1].error


def test_a_warc_file_gives_its_records_and_stdin_is_read(tmp_path, monkeypatch):
    import io
    import sys

    warc = tmp_path / "news.warc.gz"
    warc.write_bytes(build_warc([("https://news.example/w/1", "text/html; charset=utf-8",
                                  page_html(1))]))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(page_html(2).encode())))
    outcomes = list(run_sources([str(warc), "-"], Settings()))
    assert [o.source for o in outcomes] == ["https://news.example/w/1", "-"]
    assert all(o.article is not None for o in outcomes)
    assert outcomes[0].article.url == "https://news.example/w/1"
