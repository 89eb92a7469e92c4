"""Text dumps with one pathological long line clean like any other (issue 17).

The e-mail-like part of the ``linkish`` line feature used to be the regex
``\\S+@\\S+\\.\\w+``, which backtracks quadratically on a long line without
spaces (20,000 hyphens: over a second; 1 MB: minutes).  These tests pin what
the feature means; ``bench/fuzz.py`` measures the time.
"""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factdesk import Article, Page, Settings, clean_page
from factdesk.clean.textdump.features import FEATURE_NAMES, line_features

LINKISH = FEATURE_NAMES.index("linkish")
# What the feature promises, written as the plain (slow) regex.
_SPEC = re.compile(r"https?://|www\.|@\w|#\w|\S+@\S+\.\w+")


@pytest.mark.parametrize(("line", "linkish"), [
    pytest.param("write to jo@example.org today", 1.0, id="address"),
    pytest.param("a@b.c", 1.0, id="shortest"),
    pytest.param("a@.b", 0.0, id="dot-right-after-at"),
    pytest.param("a@.b.c", 1.0, id="second-dot"),
    pytest.param("@b.c", 1.0, id="at-word"),
    pytest.param("x @ y.z", 0.0, id="spaced-at"),
    pytest.param("price: 3 @ 4.50", 0.0, id="at-before-number-spaced"),
    pytest.param("a.@-", 0.0, id="dot-before-at"),
    pytest.param("-" * 20_000, 0.0, id="long-hyphen-run"),
    pytest.param("-" * 20_000 + "a@b.c", 1.0, id="long-run-then-address"),
])
def test_linkish_feature(line, linkish):
    assert line_features([line])[0][LINKISH] == linkish


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab@. _-\u00a0#/:w"), max_size=40)
       .map(str.strip).filter(bool))  # the cleaner's lines are stripped and non-blank
def test_linkish_matches_its_regex_spec(line):
    assert line_features([line])[0][LINKISH] == (1.0 if _SPEC.search(line) else 0.0)


@pytest.mark.parametrize("unit", ["-", "'s", ".", "1234567890", "wordswithoutspaces", "“”‘’",
                                  "\"'", "()", "…", "—", "a@b."])
def test_a_dump_with_one_huge_line_keeps_its_paragraphs(unit):
    paragraphs = [
        "The port authority denied on Thursday that the ferry contract had been steered "
        "towards one bidder, after three councillors called for an inquiry.",
        "\"If this process was fair, the authority has nothing to fear,\" one councillor "
        "told the transport committee, adding that passengers deserved answers.",
    ]
    line = (unit * (30_000 // len(unit)))
    text = "\n".join(["The Harbour Courier", "Ferry contract row deepens",
                      paragraphs[0], line, paragraphs[1]]) + "\n"
    article = clean_page(Page(source="dump.txt", text=text), Settings(), kind="text")
    assert isinstance(article, Article)
    body = [p.text for p in article.paragraphs]
    assert paragraphs[0] in body and paragraphs[1] in body


@pytest.mark.parametrize("mark", ["\u200b", "\u200d", "\ufeff", "\u00ad", "\u2060"])
def test_lines_of_invisible_characters_are_blank(mark):
    # bench/fuzz.py seed 1 inputs 94197, 102158, 103878: a zero-width character
    # between every character of a page made each of ~200,000 empty lines a
    # paragraph of its own (1.6-1.9 GB peak RSS in analyze).
    story = ("The port authority denied on Thursday that the ferry contract had been "
             "steered towards one bidder, after three councillors called for an inquiry.")
    text = "\n".join(["Ferry contract row deepens", story, *([mark] * 2_000), story + " Again."])
    article = clean_page(Page(source="dump.txt", text=text), Settings(), kind="text")
    assert isinstance(article, Article)
    assert [p.text for p in article.paragraphs] == [story, story + " Again."]
