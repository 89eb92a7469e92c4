"""Wire datelines read as place and credit, and kept out of the first paragraph."""

from __future__ import annotations

import pytest

from factdesk.clean import clean_page
from factdesk.clean.datelines import find_dateline
from factdesk.model import Article, Page, from_dict, to_dict


@pytest.mark.parametrize("paragraph, place, credit", [
    ("WASHINGTON (AP) — The harbour bill passed the Senate.", "WASHINGTON", "AP"),
    ("LONDON (Reuters) - The ferry operator cut its fares.", "LONDON", "Reuters"),
    ("PARIS (AFP) — Le maire a parlé.", "PARIS", "AFP"),
    ("PORTLAND, Maine (AP) — A storm closed the port.", "PORTLAND, Maine", "AP"),
    ("SANTA CRUZ, Calif. — The pier reopened on Monday.", "SANTA CRUZ, Calif.", None),
    ("Lisbon (Reuters) - Trams were halted.", "Lisbon", "Reuters"),
    ("OSLO, March 3 (Reuters) - Oil output rose.", "OSLO", "Reuters"),
], ids=["ap", "reuters", "afp", "state", "no-credit", "mixed-case-with-credit", "with-date"])
def test_find_dateline(paragraph, place, credit):
    found = find_dateline(paragraph)
    assert found is not None
    assert paragraph[slice(*found.place)] == place
    assert (paragraph[slice(*found.credit)] if found.credit else None) == credit
    assert paragraph[found.end:found.end + 1].strip()


@pytest.mark.parametrize("paragraph", [
    "The council met on Monday - and voted.",
    "FBI — The agency said nothing.",
    "Lisbon - the city - was quiet.",
    "NATO — the alliance met.",
    "WASHINGTON (AP) —",
], ids=["sentence", "short-acronym", "mixed-case-without-credit", "lower-case-after", "nothing-after"])
def test_no_dateline(paragraph):
    assert find_dateline(paragraph) is None


BODY = ("WASHINGTON (AP) — The Senate passed the harbour bill on Tuesday after a long debate "
        "about the cost of the new ferries.\n\n"
        "Senators from coastal states said the ferries would carry a million people a year, "
        "and the bill now goes to the House.\n")


def test_an_article_carries_its_dateline_and_the_paragraph_starts_after_it():
    article = clean_page(Page(source="wire.txt", text=BODY), kind="text")
    assert isinstance(article, Article)
    dateline = article.dateline
    assert dateline is not None
    assert (dateline.span.text, dateline.place.text, dateline.credit.text) == \
        ("WASHINGTON (AP) —", "WASHINGTON", "AP")
    assert article.paragraphs[0].text.startswith("The Senate passed")
    for span in article.spans():
        assert article.text[span.start:span.end] == span.text
    assert article.body.startswith("WASHINGTON (AP) — The Senate passed")
    assert from_dict(to_dict(article)) == article
