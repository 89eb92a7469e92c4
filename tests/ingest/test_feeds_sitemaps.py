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


# -- limits and entities (issue 17) ----------------------------------------------------------

def entity_feed(value: str, uses: int) -> bytes:
    """An RSS feed whose DOCTYPE declares ``&e;`` as ``value`` and uses it ``uses`` times."""
    return (f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY e "{value}">]>'
            f'<rss version="2.0"><channel><title>Gazette</title><item><title>{"&e;" * uses}'
            f"</title><description>{'&e;' * uses}</description>"
            "<link>https://news.example/one</link></item></channel></rss>").encode()


LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "hahahahahahahahahaha">'
          + b"".join(f'<!ENTITY {n} "{("&" + p + ";") * 10}">'.encode()
                     for p, n in zip("abcdefgh", "bcdefghi"))
          + b']><rss version="2.0"><channel><item><title>&i;</title>'
            b"<link>https://news.example/one</link></item></channel></rss>")
EXTERNAL = (b"<?xml version='1.0'?><!DOCTYPE rss [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
            b"<rss version='2.0'><channel><item><title>&x;</title>"
            b"<link>https://news.example/&x;</link></item></channel></rss>")


@pytest.mark.parametrize("feed", [entity_feed("<b>x</b>" * 1000, 150),
                                  entity_feed("word " * 20_000, 150), LAUGHS, EXTERNAL],
                         ids=["markup-entity-150", "text-entity-150", "billion-laughs",
                              "external-entity"])
def test_entities_a_feed_declares_are_never_expanded(feed):
    """The feed's own link is kept; the DOCTYPE's internal subset is cut out before
    parsing, so nothing it declares reaches a ref (the markup one took seconds before)."""
    refs = list(feed_refs(feed, "https://news.example/feed.xml"))
    locations = [r.location for r in refs if isinstance(r, PageRef)]
    assert all(loc.startswith("https://news.example/") for loc in locations)
    assert all("root:" not in loc and "haha" not in loc for loc in locations)
    assert all(len(r.message) < 2000 for r in refs if isinstance(r, SourceProblem))


def test_a_feed_with_an_entity_still_gives_its_entries_and_says_it_is_broken():
    refs = list(feed_refs(entity_feed("<b>x</b>" * 1000, 150), "https://news.example/f.xml"))
    assert [r.location for r in refs if isinstance(r, PageRef)] == ["https://news.example/one"]
    assert [r.reason for r in refs if isinstance(r, SourceProblem)] == ["broken_feed"]


def test_an_external_dtd_alone_is_kept():
    """RSS 0.91 names Netscape's DTD (no internal subset): read as it always was."""
    feed = (b'<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS '
            b'0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">' + RSS[21:])
    assert [r.location for r in feed_refs(feed, "f.xml")] == [
        "https://news.example/one", "https://news.example/two"]


@pytest.mark.parametrize("data", [RSS, gzip.compress(RSS)], ids=["plain", "gzip"])
def test_a_feed_is_read_up_to_its_limit_and_too_large_past_it(data):
    assert len(list(feed_refs(data, "f.xml", limit=len(RSS)))) == 2
    (problem,) = feed_refs(data, "f.xml", limit=len(RSS) - 1)
    assert problem.reason == "too_large" and "max_feed_bytes" in problem.message


@pytest.mark.parametrize("data", [urlset("https://a.example/1"),
                                  gzip.compress(urlset("https://a.example/1"))],
                         ids=["plain", "gzip"])
def test_a_sitemap_is_read_up_to_its_limit_and_too_large_past_it(data):
    size = len(urlset("https://a.example/1"))
    (ref,) = sitemap_refs("s.xml", read, data=data, limit=size)
    assert ref.location == "https://a.example/1"
    (problem,) = sitemap_refs("s.xml", read, data=data, limit=size - 1)
    assert problem.reason == "too_large" and "max_sitemap_bytes" in problem.message


def test_a_corrupt_gzipped_sitemap_is_broken():
    (problem,) = sitemap_refs("s.xml.gz", read, data=gzip.compress(urlset("x"))[:-30])
    assert problem.reason == "broken_sitemap" and "corrupt or truncated" in problem.message


def test_the_listing_limits_come_from_the_settings(tmp_path):
    feed, sitemap = tmp_path / "feed.xml.gz", tmp_path / "sitemap.xml"
    feed.write_bytes(gzip.compress(RSS))
    sitemap.write_bytes(urlset("https://a.example/1"))
    sources = [str(feed), str(sitemap)]
    assert len(list(page_refs(sources, Settings()))) == 3
    small = Settings(max_feed_bytes=len(RSS) - 1, max_sitemap_bytes=100)
    assert [r.reason for r in page_refs(sources, small)] == ["too_large", "too_large"]
