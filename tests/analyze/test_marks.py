"""Quotation marks: which stretches of a paragraph are quoted (no model needed)."""

import pytest

from factdesk.analyze.quotes.marks import quoted_segments


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("She said \u201cwe will win\u201d today.", ["we will win"], id="curly"),
    pytest.param('He said "no deal" and "no vote".', ["no deal", "no vote"], id="straight"),
    pytest.param("It was ''a fine day'' he wrote.", ["a fine day"], id="two-apostrophes"),
    pytest.param("\u201cThis quote goes on to the next paragraph", 
                 ["This quote goes on to the next paragraph"], id="unclosed-runs-to-end"),
    pytest.param("No quotes here at all.", [], id="none"),
    pytest.param("A stray closing mark\u201d here.", [], id="stray-closing"),
])
def test_quoted_segments(text, expected):
    segments = quoted_segments(text)
    assert [text[s.inner_start:s.inner_end] for s in segments] == expected


def test_offsets_shift_into_the_article():
    paragraph = "He said \u201cyes\u201d."
    (segment,) = quoted_segments(paragraph, offset=100)
    article = " " * 100 + paragraph
    assert article[segment.inner_start:segment.inner_end] == "yes"
    assert article[segment.start:segment.end] == "\u201cyes\u201d"
