"""A plain-text article whose first line is its headline keeps it as the headline."""

from __future__ import annotations

import pytest

from factdesk.clean import clean_page
from factdesk.clean.textdump.roles import reads_as_lead_headline
from factdesk.model import Article, Page

BODY = ("The harbour council voted on Tuesday to keep the ferry running through the winter, "
        "ending forty years of seasonal closures on the estuary crossing.\n\n"
        "Councillors said a new electric boat had cut the cost of each trip by two thirds, "
        "and traders on both quays welcomed the decision.\n\n"
        "The first winter timetable starts in November, with a crossing every half hour.\n")


def _clean(text: str) -> Article:
    article = clean_page(Page(source="pasted.txt", text=text), kind="text")
    assert isinstance(article, Article)
    return article


@pytest.mark.parametrize("first", [
    "Council keeps harbour ferry running all winter.",
    "Mayor Says Ferry Will Run Through The Winter.",
    "Ferry to run all winter",
    "Ferry to run all winter;",
], ids=["sentence-case-with-stop", "title-case-with-stop", "no-stop", "semicolon"])
def test_first_line_that_reads_as_a_headline_is_the_headline(first):
    article = _clean(f"{first}\n\n{BODY}")
    assert article.headline is not None and article.headline.text == first
    assert article.text[article.headline.start:article.headline.end] == first
    assert all(first not in p.text for p in article.paragraphs)
    assert not any(r.text == first for r in article.removed)


def test_a_section_label_between_headline_and_body_is_allowed():
    article = _clean(f"Council keeps harbour ferry running all winter.\n\nLETTERS.\n\n{BODY}")
    assert article.headline is not None
    assert article.headline.text == "Council keeps harbour ferry running all winter."


@pytest.mark.parametrize("line, following, expected", [
    ("Council keeps ferry running.", "A much longer paragraph follows this line of title text.",
     True),
    ("Council keeps ferry running.", "Short.", False),
    ("Ferry runs. Traders cheer the news on both quays.",
     "A much longer paragraph follows this line of title text, as paragraphs do.", False),
    ("the council kept the ferry running", "A much longer paragraph follows this line.", False),
    ("Menu:", "A much longer paragraph follows this line of title text.", False),
    ("The harbour council voted on Tuesday to keep the ferry running through the winter months "
     "after a long debate.", "x " * 80, False),
], ids=["title", "no-longer-paragraph", "two-sentences", "lower-case", "label",
        "long-sentence-case-lead"])
def test_reads_as_lead_headline(line, following, expected):
    assert reads_as_lead_headline(line, following) is expected


def test_an_opening_paragraph_is_not_taken_for_a_headline():
    lead = ("The harbour council voted on Tuesday to keep the ferry running through the "
            "winter months after a long and heated debate.")
    article = _clean(f"{lead}\n\n{BODY}")
    assert article.headline is None
    assert article.paragraphs[0].text == lead
