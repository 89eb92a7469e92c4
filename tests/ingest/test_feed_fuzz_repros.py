"""Feeds the fuzz campaign (bench/fuzz.py, seed 1, inputs 17480, 18328, 24239 and
others of the 100,000-input run) made feedparser raise on: each is a broken_feed
problem with a message, never an exception out of feed_refs."""

from __future__ import annotations

import pytest

from factdesk.ingest.feeds import feed_refs
from factdesk.ingest.refs import SourceProblem
from factdesk.model import ProblemReason

ITEM = b"<item><title>T</title><link>https://a.example/x</link></item>"

BROKEN = {
    # the encoding declaration is not UTF-8 (feedparser decodes it as UTF-8)
    "encoding_not_utf8": b'<?xml version="1.0" encoding="\x8f\xc3"?><rss><channel>' + ITEM
                         + b"</channel></rss>",
    # a NUL inside the declared encoding's name
    "encoding_with_nul": b'<?xml version="1.0" encoding="utf\x00-8"?><rss><channel>' + ITEM
                         + b"</channel></rss>",
    # a character reference past U+10FFFF
    "charref_too_big": b"<rss><channel><item><title>&#99999999;</title>"
                       b"<link>https://a.example/x</link></item></channel></rss>",
    # a character reference past a C int, in a page that is not XML at all
    "charref_overflow": b"<html><body>&#99999999999;</body></html>",
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_feed_feedparser_cannot_parse_is_a_broken_feed(name: str) -> None:
    found = list(feed_refs(BROKEN[name], "https://a.example/feed.xml"))
    problems = [f for f in found if isinstance(f, SourceProblem)]
    assert problems, found
    assert problems[-1].reason is ProblemReason.BROKEN_FEED
    assert "https://a.example/feed.xml" in problems[-1].message


# bench/fuzz.py seed 1 input 96,594 (an RDF feed with random bytes in an entry's
# link) made urljoin raise "Invalid IPv6 URL" out of feed_refs.
def test_a_malformed_entry_link_is_skipped_and_the_rest_kept() -> None:
    feed = (b"<rss><channel><item><title>A</title><link>http://[oops/a</link></item>"
            b"<item><title>B</title><link>/b</link></item></channel></rss>")
    found = list(feed_refs(feed, "https://a.example/feed.xml"))
    assert [r.location for r in found if not isinstance(r, SourceProblem)] == [
        "https://a.example/b"]


def test_a_malformed_sitemap_loc_is_skipped_and_the_rest_kept() -> None:
    from factdesk.ingest import sitemap_refs

    def read(url: str) -> bytes:
        raise AssertionError(f"nothing to fetch: {url}")

    urlset = (b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
              b"<url><loc>http://[oops/a</loc></url><url><loc>/b</loc></url></urlset>")
    refs = list(sitemap_refs("https://a.example/s.xml", read, data=urlset))
    assert [r.location for r in refs] == ["https://a.example/b"]
    index = (b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
             b"<sitemap><loc>http://[oops/s2.xml</loc></sitemap></sitemapindex>")
    assert list(sitemap_refs("https://a.example/s.xml", read, data=index)) == []
