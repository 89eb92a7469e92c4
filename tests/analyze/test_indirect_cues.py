"""Indirect attributions carried by an infinitive, a preposition, a participle's
object or a verb of seeming (sentences written for these tests)."""

import pytest

from factdesk.analyze import analyze
from factdesk.model import Article, QuoteKind

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(("text", "lemma", "content", "speaker"), [
    pytest.param("Olga Brandt declined to say whether the bridge would reopen.", "decline",
                 "to say whether the bridge would reopen", "Olga Brandt", id="declined-to"),
    pytest.param("Peter Holm refused to answer questions about the harbour.", "refuse",
                 "to answer questions about the harbour", "Peter Holm", id="refused-to"),
    pytest.param("Olga Brandt called for an inquiry into the ferry contract.", "call",
                 "an inquiry into the ferry contract", "Olga Brandt", id="called-for"),
    pytest.param("\u201cThe harbour is full,\u201d Peter Holm said, citing the new cruise "
                 "schedule.", "cite", "the new cruise schedule", "Peter Holm", id="citing"),
    pytest.param("\u201cWe will finish by June,\u201d Olga Brandt said, referring to the "
                 "new pier.", "refer", "the new pier", "Olga Brandt", id="referring-to"),
])
def test_indirect_cue(analysis_settings, text, lemma, content, speaker):
    quotes = analyze(Article.from_text(text), analysis_settings).quotes
    quote = next(q for q in quotes if q.cue_lemma == lemma)
    assert quote.kind is QuoteKind.INDIRECT
    assert quote.span.text == content
    assert quote.speaker == speaker


@pytest.mark.parametrize(("text", "content"), [
    pytest.param("The harbour board appeared to be divided over the plan.",
                 "The harbour board appeared to be divided over the plan", id="appeared-to"),
    pytest.param("It seems that the ferry will not run this winter.",
                 "that the ferry will not run this winter", id="it-seems-that"),
])
def test_seeming_has_no_source(analysis_settings, text, content):
    quotes = analyze(Article.from_text(text), analysis_settings).quotes
    quote = next(q for q in quotes if q.cue_lemma in ("seem", "appear"))
    assert quote.span.text == content
    assert quote.speaker is None


def test_appearing_on_television_is_no_cue(analysis_settings):
    quotes = analyze(Article.from_text("Olga Brandt appeared on television on Monday."),
                     analysis_settings).quotes
    assert quotes == ()
