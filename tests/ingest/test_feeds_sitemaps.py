"""Feeds and sitemaps: entries become page refs; broken ones become rejects."""

import gzip

import httpx
import pytest

from factdesk.ingest import Fetcher, PageRef, SourceProblem, feed_refs, page_refs, sitemap_refs
from factdesk.settings import Settings

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Gazette</title>
<item><title>One</title><link>https://news.example/one</link></item>
<item><title>Two</title><link>https://news.example/two</link></item>
<item><title>Two again</title><link>https://news.example/two</link></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>Gazette</title><entry><title>A</title><link href="/a" rel="alternate"/></entry>
<entry><title>B</title><link href="https://news.example/b"/></entry></feed>"""

BROKEN = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Gazette</title>
<item><title>One</title><link>https://news.example/one</link></item>
<item><title>Broken & unclosed <b></title><link>https://news.example/two</link>"""


def test_rss_entries_in_order_without_duplicates():
    refs = list(feed_refs(RSS, "https://news.example/feed.xml"))
    assert [r.location for r in refs] == ["https://news.example/one", "https://news.example/two"]
    assert all(r.origin == "https://news.example/feed.xml" for r in refs)


def test_atom_links_are_made_absolute():
    refs = list(feed_refs(ATOM, "https://news.example/atom.xml"))
    assert [r.location for r in refs] == ["https://news.example/a", "https://news.example/b"]


def test_broken_xml_keeps_what_it_can_and_says_so():
    refs = list(feed_refs(BROKEN, "https://news.example/feed.xml"))
    problems = [r for r in refs if isinstance(r, SourceProblem)]
    assert [p.reason for p in problems] == ["broken_feed"]
    assert "https://news.example/one" in [r.location for r in refs if isinstance(r, PageRef)]


def urlset(*urls):
    return ("<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
            + "".join(f"<url><loc>{u}</loc></url>" for u in urls) + "</urlset>").encode()


def index(*urls):
    return ("<?xml version='1.0'?><sitemapindex "
            "xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
            + "".join(f"<sitemap><loc>{u}</loc></sitemap>" for u in urls)
            + "</sitemapindex>").encode()


SITE = {
    "https://news.example/sitemap.xml": index("https://news.example/sitemap-a.xml",
                                              "https://news.example/sitemap-b.xml.gz"),
    "https://news.example/sitemap-a.xml": urlset("https://news.example/1",
                                                 "https://news.example/2"),
    "https://news.example/sitemap-b.xml.gz": gzip.compress(urlset("https://news.example/3")),
    # a loop: the index lists itself and a child that lists the index again
    "https://news.example/loop.xml": index("https://news.example/loop.xml",
                                           "https://news.example/child.xml"),
    "https://news.example/child.xml": index("https://news.example/loop.xml",
                                            "https://news.example/sitemap-a.xml"),
}


def read(location):
    return SITE[location]


def test_sitemap_index_is_followed_including_gzip():
    refs = list(sitemap_refs("https://news.example/sitemap.xml", read))
    assert [r.location for r in refs] == ["https://news.example/1", "https://news.example/2",
                                          "https://news.example/3"]


def test_a_sitemap_loop_ends_with_a_reject_and_keeps_the_pages():
    refs = list(sitemap_refs("https://news.example/loop.xml", read))
    assert [r.location for r in refs if isinstance(r, PageRef)] == [
        "https://news.example/1", "https://news.example/2"]
    assert {r.reason for r in refs if isinstance(r, SourceProblem)} == {"sitemap_loop"}


def test_broken_sitemap_xml_is_a_reject():
    (problem,) = sitemap_refs("x.xml", read, data=b"<urlset><url><loc>https://a.example/")
    assert problem.reason == "broken_sitemap"


def test_sitemap_entities_are_not_expanded():
    evil = (b"<?xml version='1.0'?><!DOCTYPE u [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
            b"<urlset><url><loc>https://a.example/&x;</loc></url></urlset>")
    refs = list(sitemap_refs("x.xml", read, data=evil))
    assert all("root:" not in getattr(r, "location", "") for r in refs)


def handler(request: httpx.Request) -> httpx.Response:
    body = SITE.get(str(request.url))
    if str(request.url) == "https://news.example/feed.rss":
        body = RSS
    return httpx.Response(200, content=body) if body is not None else httpx.Response(404)


@pytest.fixture
def fetcher():
    with Fetcher(Settings(), transport=httpx.MockTransport(handler),
                 resolve=lambda host, port: ["93.184.215.14"]) as f:
        yield f


def test_page_refs_sniffs_feed_and_sitemap_urls_and_files(tmp_path, fetcher):
    feed_file = tmp_path / "local.xml"
    feed_file.write_bytes(ATOM)
    page = tmp_path / "story.html"
    page.write_text("<p>hi</p>")
    refs = list(page_refs(["https://news.example/feed.rss", "https://news.example/loop.xml",
                           str(feed_file), str(page), "https://news.example/story"],
                          Settings(), fetcher=fetcher))
    locations = [r.location for r in refs if isinstance(r, PageRef)]
    assert locations[:2] == ["https://news.example/one", "https://news.example/two"]
    assert "https://news.example/1" in locations and str(page) in locations
    assert locations[-1] == "https://news.example/story"
    assert [r.reason for r in refs if isinstance(r, SourceProblem)] == ["sitemap_loop"] * 2


def test_missing_sources_are_problems_not_exceptions(tmp_path):
    (problem,) = page_refs([str(tmp_path / "nope.txt")], Settings())
    assert problem.reason == "unreadable" and "no such file" in problem.message
