"""Where the content of an attribution with a verb of saying ends
(:mod:`factdesk.analyze.quotes.clause_edges`; sentences written for these tests)."""

import pytest

from factdesk.analyze import analyze
from factdesk.clean import verbatim_article

pytestmark = pytest.mark.slow


def _said(text, settings):
    quotes = analyze(verbatim_article(text), settings).quotes
    return [q.span.text for q in quotes if q.cue_lemma == "say"]


@pytest.mark.parametrize(("text", "content"), [
    pytest.param("Olga Brandt said the pier would be rebuilt by Peter Holm, who runs the "
                 "harbour board.", "the pier would be rebuilt by Peter Holm", id="who"),
    pytest.param("Peter Holm said the ferry was safe and added that the crew was trained.",
                 "the ferry was safe", id="and-added"),
    pytest.param("Olga Brandt said the pier would close but did not say when.",
                 "the pier would close", id="but-did-not-say"),
])
def test_the_content_ends_before_what_follows_it(analysis_settings, text, content):
    assert content in _said(text, analysis_settings)


@pytest.mark.parametrize(("text", "content"), [
    pytest.param("Peter Holm said the ferry was old and needed repairs.",
                 "the ferry was old and needed repairs", id="and-needed"),
    pytest.param("Olga Brandt said the board that meets on Fridays would decide.",
                 "the board that meets on Fridays would decide", id="restrictive-that"),
])
def test_a_second_verb_that_is_not_saying_stays_in(analysis_settings, text, content):
    assert content in _said(text, analysis_settings)
