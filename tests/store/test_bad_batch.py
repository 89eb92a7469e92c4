"""A batch with broken parts: each broken part is a reject with its reason, the
rest of the batch is stored as if nothing happened.

Every fixture is built here from text written here; URLs are served by a fake
site (httpx MockTransport), so nothing leaves the process.
"""

import httpx
import pytest

from factdesk.ingest import Fetcher
from factdesk.scale.batch import run_batch
from factdesk.settings import Settings
from factdesk.store import Store
from tests.ingest.test_warc import build_warc
from tests.store.newsroom import page_html, write_pages


def site(request: httpx.Request) -> httpx.Response:
    path = request.url.path
    if path == "/loop.xml":  # a sitemap index that lists itself and a real sitemap
        return httpx.Response(200, content=(
            b"<?xml version='1.0'?><sitemapindex xmlns='http://www.sitemaps.org/schemas/"
            b"sitemap/0.9'><sitemap><loc>https://news.example/loop.xml</loc></sitemap>"
            b"<sitemap><loc>https://news.example/pages.xml</loc></sitemap></sitemapindex>"))
    if path == "/pages.xml":
        return httpx.Response(200, content=(
            b"<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
            b"<url><loc>https://news.example/story/30</loc></url></urlset>"))
    if path.startswith("/story/"):
        return httpx.Response(200, content=page_html(int(path.rsplit("/", 1)[1])).encode(),
                              headers={"content-type": "text/html; charset=utf-8"})
    return httpx.Response(404)


@pytest.mark.slow
def test_broken_inputs_are_rejects_and_the_rest_is_stored(tmp_path):
    folder = tmp_path / "in"
    write_pages(folder, 2)
    warc = build_warc([(f"https://news.example/warc/{n}", "text/html; charset=utf-8",
                        page_html(10 + n)) for n in range(3)])
    (folder / "cut.warc.gz").write_bytes(warc[:-150])
    feed = tmp_path / "broken-feed.xml"
    feed.write_bytes(b"<?xml version='1.0'?><rss version='2.0'><channel>"
                     b"<item><link>https://news.example/story/20</link></item>"
                     b"<item><title>unclosed & broken <b></title>")
    huge = folder / "one-line.txt"
    huge.write_bytes(b"The council met again today and talked. " * 250_000)  # 10 MB, no newline
    assert huge.stat().st_size == 10_000_000
    with Fetcher(Settings(), transport=httpx.MockTransport(site),
                 resolve=lambda host, port: ["93.184.215.14"]) as fetcher, \
            Store(tmp_path / "bad.db") as store:
        summary = run_batch([str(folder), str(feed), "https://news.example/loop.xml"],
                            Settings(workers=1), store, fetcher=fetcher)
        reasons = dict(store.conn.execute("SELECT reason, count(*) FROM rejects "
                                          "GROUP BY reason"))
        urls = sorted(r[0] or r[1] for r in store.conn.execute("SELECT url, source FROM articles"))
    assert reasons == {"broken_feed": 1, "sitemap_loop": 1, "too_large": 1,
                       "truncated_record": 1}
    assert summary["articles"] == 2 + 2 + 1 + 1
    assert "https://news.example/warc/0" in urls and "https://news.example/warc/1" in urls
    assert "https://news.example/story/20" in urls and "https://news.example/story/30" in urls
