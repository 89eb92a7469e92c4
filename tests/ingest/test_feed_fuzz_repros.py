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
