"""Pages that print only a day, or a time without a zone, keep the day."""

from __future__ import annotations

import pytest

from factdesk.clean.html import clean_html
from factdesk.clean.published import parse_published_day
from factdesk.model import Page, Rejection
from factdesk.settings import Settings


@pytest.mark.parametrize(("text", "expected"), [
    ("March 18, 2015", "2015-03-18"),
    ("2015-03-18", "2015-03-18"),
    ("2015/03/18", "2015-03-18"),
    ("Posted 2015.03.18 09:40", "2015-03-18"),
    ("2015-03-18T09:40:12.5", "2015-03-18"),
    ("By Ana Ribeiro on Wednesday, March 18th, 2015 at 9:40 a.m.", "2015-03-18"),
    ("18 March 2015 09:40 GMT", None),        # a zone: parse_published's, with its time
    ("2015-03-18T09:40:00+52:50", None),      # an impossible offset is not a missing one
    ("03/04/2015", None),                     # March or April: ambiguous
    ("2015-02-30", None),
], ids=["us", "iso", "slashes", "dots-with-time", "naive-iso", "byline", "zone",
        "bad-offset", "ambiguous", "impossible"])
def test_parse_published_day(text, expected):
    value = parse_published_day(text)
    assert (value.date().isoformat() if value else None) == expected
    if value is not None:
        assert (value.hour, value.minute, value.utcoffset().total_seconds()) == (0, 0, 0)


BODY = "".join(f"<p>The harbour board met to discuss part {n} of the storm plan, and members "
               "said the repairs to the sea wall would take most of a year.</p>"
               for n in range(6))


@pytest.mark.parametrize("head, printed, expected", [
    ("<meta name='date' content='2015-03-18'>", "", "2015-03-18"),
    ("<meta name='site-post-date' content='2015/03/18'>", "", "2015-03-18"),
    ("<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"headline\": "
     "\"Harbour board meets\", \"datePublished\": \"2015-03-18 09:40:00+01:00\", "
     "\"description\": \"line one\nline two\"}</script>", "", "2015-03-18T09:40:00+01:00"),
    ("", "<p class='date'>March 18, 2015</p>", "2015-03-18"),
    ("<meta property='article:published_time' content='2015-03-18T09:40:00+00:00'>",
     "<p class='date'>March 17, 2015</p>", "2015-03-18T09:40:00+00:00"),
], ids=["meta-day", "site-named-meta", "json-ld-with-a-raw-newline", "printed-day",
        "a-full-time-wins"])
def test_html_pages_keep_the_day_they_print(head, printed, expected):
    page = Page(source="board.html", text=(
        f"<html><head>{head}<title>Harbour board meets</title></head><body><article>"
        f"<h1>Harbour board meets</h1>{printed}{BODY}</article></body></html>"))
    draft = clean_html(page, Settings())
    assert not isinstance(draft, Rejection)
    assert draft.published is not None
    assert draft.published.isoformat().startswith(expected)
