"""A page's publication time is read from a bounded number of candidates (issue 17 item 7).

``bench/fuzz.py`` showed dateparser costing 20-80 ms for each date-like value
it cannot read (it tries every locale), and the HTML cleaner used to try every
``<time datetime>`` on the page: a 2.7 KB page with 40 of them took 0.8 s to
clean, about 20 times what the same size of analysed text costs per KB.  The
cleaner now reads the first eight values (publication-marked ones first) and
the eight likeliest printed lines.
"""

from __future__ import annotations

import dateparser

from factdesk import Article, Page, Settings, clean_page

BODY = ("<article><h1>Ferry contract row deepens</h1>"
        + "<p>The port authority denied on Thursday that the ferry contract had been steered "
          "towards one bidder, officials said in a statement to the council.</p>" * 4
        + "</article>")


def _page(times: str) -> Page:
    html = f"<html><head><title>Ferry</title></head><body>{times}{BODY}</body></html>"
    return Page(source="times.html", data=html.encode())


def _garbled(count: int) -> str:
    return "".join(f'<time datetime="Tuesday {n} Xpril 2017 10:58 BST">x</time>'
                   for n in range(count))


def test_hundreds_of_unreadable_times_cost_a_bounded_number_of_dateparser_calls(monkeypatch):
    calls = []
    real = dateparser.parse

    def counting(text, *args, **kwargs):
        calls.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(dateparser, "parse", counting)
    result = clean_page(_page(_garbled(300)), Settings())
    assert isinstance(result, Article)
    assert result.published is None
    assert 0 < len(calls) <= 16, len(calls)


def test_a_publication_marked_time_is_still_read_behind_unreadable_ones():
    marked = '<time itemprop="datePublished" datetime="2021-03-04T09:15:00+00:00">4 March</time>'
    result = clean_page(_page(_garbled(300) + marked), Settings())
    assert isinstance(result, Article)
    assert result.published is not None
    assert result.published.isoformat() == "2021-03-04T09:15:00+00:00"
