"""A verb of saying the cue rules left half-read (:mod:`factdesk.analyze.quotes.speech_fallbacks`;
sentences written for these tests)."""

import pytest

from factdesk.analyze import analyze
from factdesk.clean import verbatim_article
from factdesk.model import QuoteKind

pytestmark = pytest.mark.slow


def _indirect(text, settings):
    quotes = analyze(verbatim_article(text), settings).quotes
    return {q.span.text: q for q in quotes if q.kind is QuoteKind.INDIRECT}


def test_a_number_hung_on_the_verb_is_its_subject(analysis_settings):
    found = _indirect("About 4 in 10 say they want the next mayor to cut taxes.",
                      analysis_settings)
    quote = found["they want the next mayor to cut taxes"]
    assert quote.speaker == "About 4 in 10"


@pytest.mark.parametrize(("text", "content"), [
    pytest.param("The ferry company has not commented on the delay.", "the delay",
                 id="commented-on"),
    pytest.param("Peter Holm asked whether the pier would open in May.",
                 "whether the pier would open in May", id="asked-whether"),
])
def test_a_verb_of_saying_without_a_clause_reports_its_complement(analysis_settings, text,
                                                                  content):
    assert content in _indirect(text, analysis_settings)


def test_an_addressee_is_not_content(analysis_settings):
    # "told the mayor": the object of a verb of telling is who was told.
    found = _indirect("Olga Brandt told the mayor on Friday.", analysis_settings)
    assert "the mayor" not in found
