"""A stance told with "be" and an adjective (sentences written for this test)."""

import pytest

from factdesk.analyze import analyze
from factdesk.clean import verbatim_article
from factdesk.model import QuoteKind

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(("text", "lemma", "content", "speaker"), [
    pytest.param("Olga Brandt is confident that the pier will reopen in May.", "confident",
                 "that the pier will reopen in May", "Olga Brandt", id="confident-that"),
    pytest.param("Peter Holm is critical of the new harbour tax.", "critical",
                 "the new harbour tax", "Peter Holm", id="critical-of"),
    pytest.param("Olga Brandt was eager to run for mayor.", "eager",
                 "to run for mayor", "Olga Brandt", id="eager-to"),
])
def test_adjective_cue(analysis_settings, text, lemma, content, speaker):
    quotes = analyze(verbatim_article(text), analysis_settings).quotes
    quote = next(q for q in quotes if q.cue_lemma == lemma)
    assert quote.kind is QuoteKind.INDIRECT
    assert quote.span.text == content
    assert quote.speaker == speaker


@pytest.mark.parametrize("text", [
    pytest.param("The old pier is critical to the harbour's trade.", id="a-thing-is-critical"),
    pytest.param("Peter Holm is happy.", id="no-content"),
])
def test_not_an_adjective_cue(analysis_settings, text):
    quotes = analyze(verbatim_article(text), analysis_settings).quotes
    assert [q for q in quotes if q.cue_lemma in ("critical", "happy")] == []
