"""Attributions without a verb of saying: wanting, backing, judging and showing
(:mod:`factdesk.analyze.quotes.intent_cues`; sentences written for these tests)."""

import pytest

from factdesk.analyze import analyze
from factdesk.clean import verbatim_article
from factdesk.model import QuoteKind

pytestmark = pytest.mark.slow


def _quotes(text, settings):
    return analyze(verbatim_article(text), settings).quotes


@pytest.mark.parametrize(("text", "lemma", "content", "speaker"), [
    pytest.param("Peter Holm wants to rebuild the old pier before the winter.", "want",
                 "to rebuild the old pier before the winter", "Peter Holm", id="wants-to"),
    pytest.param("Olga Brandt expected the harbour master to resign.", "expect",
                 "the harbour master to resign", "Olga Brandt", id="expected-X-to"),
    pytest.param("Olga Brandt wants a second ferry for the island.", "want",
                 "a second ferry for the island", "Olga Brandt", id="wants-object"),
    pytest.param("Peter Holm prefers a tunnel to a new bridge.", "prefer",
                 "a tunnel", "Peter Holm", id="prefers"),
])
def test_wanting(analysis_settings, text, lemma, content, speaker):
    quote = next(q for q in _quotes(text, analysis_settings) if q.cue_lemma == lemma)
    assert quote.kind is QuoteKind.INDIRECT
    assert quote.span.text == content
    assert quote.speaker == speaker


@pytest.mark.parametrize(("text", "lemma", "content", "speaker"), [
    pytest.param("Olga Brandt endorsed Peter Holm.", "endorse", "Peter Holm",
                 "Olga Brandt", id="endorsed"),
    pytest.param("Peter Holm opposes the new harbour tax.", "oppose", "the new harbour tax",
                 "Peter Holm", id="opposes"),
    pytest.param("Olga Brandt will vote for Peter Holm in the mayoral race.", "vote",
                 "Peter Holm", "Olga Brandt", id="vote-for"),
])
def test_backing(analysis_settings, text, lemma, content, speaker):
    quote = next(q for q in _quotes(text, analysis_settings) if q.cue_lemma == lemma)
    assert quote.kind is QuoteKind.INDIRECT
    assert quote.span.text == content
    assert quote.speaker == speaker


@pytest.mark.parametrize(("text", "lemma", "content"), [
    pytest.param("Peter Holm sees the new bridge as a waste of money.", "see",
                 "the new bridge as a waste of money", id="sees-as"),
    pytest.param("Olga Brandt regards the ferry contract as a scandal.", "regard",
                 "the ferry contract as a scandal", id="regards-as"),
])
def test_judging(analysis_settings, text, lemma, content):
    quote = next(q for q in _quotes(text, analysis_settings) if q.cue_lemma == lemma)
    assert quote.span.text == content
    assert quote.speaker is not None


def test_a_record_shows(analysis_settings):
    text = "A Gazette survey shows Olga Brandt leading the race by nine points."
    quote = next(q for q in _quotes(text, analysis_settings) if q.cue_lemma == "show")
    assert quote.span.text == "Olga Brandt leading the race by nine points"


@pytest.mark.parametrize("text", [
    pytest.param("Peter Holm showed the visitors the harbour.", id="person-shows"),
    pytest.param("Olga Brandt saw the ferry leave at noon.", id="seeing-is-not-judging"),
    pytest.param("The old pier supports the weight of two cranes.", id="no-one-backs"),
])
def test_not_an_attribution(analysis_settings, text):
    assert [q for q in _quotes(text, analysis_settings)
            if q.cue_lemma in ("show", "see", "support")] == []


def test_wanting_inside_what_was_said_is_part_of_it(analysis_settings):
    quotes = _quotes("Olga Brandt said she wants a second ferry for the island.",
                     analysis_settings)
    assert [(q.cue_lemma, q.span.text) for q in quotes] == [
        ("say", "she wants a second ferry for the island")]


@pytest.mark.parametrize(("text", "lemma", "content", "speaker"), [
    pytest.param("Peter Holm did not mention the ferry contract.", "mention",
                 "the ferry contract", "Peter Holm", id="mention-object"),
    pytest.param("Olga Brandt tweeted a photo of the flooded pier.", "tweet",
                 "a photo of the flooded pier", "Olga Brandt", id="tweet-object"),
])
def test_what_a_verb_of_saying_takes_as_object(analysis_settings, text, lemma, content,
                                                speaker):
    quote = next(q for q in _quotes(text, analysis_settings) if q.cue_lemma == lemma)
    assert quote.span.text == content
    assert quote.speaker == speaker


@pytest.mark.parametrize(("text", "content"), [
    pytest.param("Olga Brandt said the pier would close, which surprised the board.",
                 "the pier would close", id="which"),
    pytest.param("Peter Holm said the ferry was safe, though he gave no figures.",
                 "the ferry was safe", id="though"),
])
def test_a_trailing_aside_is_not_reported(analysis_settings, text, content):
    quote = next(q for q in _quotes(text, analysis_settings) if q.cue_lemma == "say")
    assert quote.span.text == content


@pytest.mark.parametrize(("text", "lemma", "content", "speaker"), [
    pytest.param("The closure of the pier was first reported by the Harbour Gazette.",
                 "report", "The closure of the pier", "Harbour Gazette", id="reported-by"),
    pytest.param("Peter Holm was endorsed by the ferry workers' union.", "endorse",
                 "Peter Holm", "the ferry workers' union", id="endorsed-by"),
])
def test_passive_with_an_agent(analysis_settings, text, lemma, content, speaker):
    quote = next(q for q in _quotes(text, analysis_settings) if q.cue_lemma == lemma)
    assert quote.span.text == content
    assert speaker in quote.speaker


@pytest.mark.parametrize(("text", "content"), [
    pytest.param("Olga Brandt called for the harbour board to resign.",
                 "the harbour board to resign", id="called-for-X-to"),
    pytest.param("Peter Holm called on the council to repair the old pier.",
                 "the council to repair the old pier", id="called-on-X-to"),
])
def test_demanding_that_someone_act(analysis_settings, text, content):
    quote = next(q for q in _quotes(text, analysis_settings) if q.cue_lemma == "call")
    assert quote.kind is QuoteKind.INDIRECT
    assert quote.span.text == content
