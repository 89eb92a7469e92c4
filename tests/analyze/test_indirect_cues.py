"""Indirect attributions carried by an infinitive, a preposition, a participle's
object or a verb of seeming (sentences written for these tests)."""

import pytest

from factdesk.analyze import analyze
from factdesk.model import QuoteKind
from factdesk.clean import verbatim_article

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
    quotes = analyze(verbatim_article(text), analysis_settings).quotes
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
    quotes = analyze(verbatim_article(text), analysis_settings).quotes
    quote = next(q for q in quotes if q.cue_lemma in ("seem", "appear"))
    assert quote.span.text == content
    assert quote.speaker is None


def test_appearing_on_television_is_no_cue(analysis_settings):
    quotes = analyze(verbatim_article("Olga Brandt appeared on television on Monday."),
                     analysis_settings).quotes
    assert quotes == ()


@pytest.mark.parametrize(("text", "lemma", "content"), [
    pytest.param("It was reported that the ferry would stop running in March.", "report",
                 "that the ferry would stop running in March", id="it-was-reported-that"),
    pytest.param("The harbour board is expected to approve the new pier on Friday.", "expect",
                 "The harbour board is expected to approve the new pier on Friday",
                 id="is-expected-to"),
])
def test_passive_report_has_no_source(analysis_settings, text, lemma, content):
    quotes = analyze(verbatim_article(text), analysis_settings).quotes
    quote = next(q for q in quotes if q.cue_lemma == lemma)
    assert quote.kind is QuoteKind.INDIRECT
    assert quote.span.text == content
    assert quote.speaker is None


def test_passive_report_names_its_agent(analysis_settings):
    text = "It was announced by Olga Brandt that the bridge would reopen."
    quotes = analyze(verbatim_article(text), analysis_settings).quotes
    quote = next(q for q in quotes if q.cue_lemma == "announce")
    assert quote.span.text == "that the bridge would reopen"
    assert quote.speaker == "Olga Brandt"


@pytest.mark.parametrize(("text", "lemma", "content", "speaker"), [
    pytest.param("Olga Brandt disputed the figures in the council report.", "dispute",
                 "the figures in the council report", "Olga Brandt", id="disputed"),
    pytest.param("Peter Holm condemned the decision to close the old pier.", "condemn",
                 "the decision to close the old pier", "Peter Holm", id="condemned"),
    pytest.param("Olga Brandt mocked the harbour board for its slow repairs.", "mock",
                 "the harbour board for its slow repairs", "Olga Brandt", id="mocked-for"),
    pytest.param("Olga Brandt blamed the council for the delays at the harbour.", "blame",
                 "the council for the delays at the harbour", "Olga Brandt",
                 id="object-and-its-complement"),
])
def test_stance_verb_takes_its_object(analysis_settings, text, lemma, content, speaker):
    quotes = analyze(verbatim_article(text), analysis_settings).quotes
    quote = next(q for q in quotes if q.cue_lemma == lemma)
    assert quote.kind is QuoteKind.INDIRECT
    assert quote.span.text == content
    assert quote.speaker == speaker


def test_stance_verb_needs_someone_to_hold_the_stance(analysis_settings):
    text = "The winter storm challenged the harbour defences for weeks."
    quotes = analyze(verbatim_article(text), analysis_settings).quotes
    assert not any(q.cue_lemma == "challenge" for q in quotes)


@pytest.mark.parametrize(("text", "content", "speaker"), [
    pytest.param("In a Harbour Gazette poll, Olga Brandt leads the race by nine points.",
                 "Olga Brandt leads the race by nine points", "a Harbour Gazette poll",
                 id="in-a-poll"),
    pytest.param("In Olga Brandt's view, the ferry contract was signed too quickly.",
                 "the ferry contract was signed too quickly", "Olga Brandt", id="in-her-view"),
])
def test_in_a_poll_or_a_view(analysis_settings, text, content, speaker):
    quotes = analyze(verbatim_article(text), analysis_settings).quotes
    quote = next(q for q in quotes if q.cue_lemma == "in")
    assert quote.span.text == content
    assert speaker in quote.speaker_span.text


def test_in_a_place_is_no_cue(analysis_settings):
    text = "In the harbour office, Olga Brandt signed the ferry contract."
    quotes = analyze(verbatim_article(text), analysis_settings).quotes
    assert not any(q.cue_lemma == "in" for q in quotes)


@pytest.mark.parametrize(("text", "lemma", "content", "speaker"), [
    pytest.param("As Peter Holm said on Monday, the new pier is too short for the ferries.",
                 "say", "the new pier is too short for the ferries", "Peter Holm",
                 id="as-he-said"),
])
def test_cue_beside_its_clause(analysis_settings, text, lemma, content, speaker):
    quotes = analyze(verbatim_article(text), analysis_settings).quotes
    quote = next(q for q in quotes if q.cue_lemma == lemma)
    assert quote.span.text == content
    assert speaker in quote.speaker_span.text


@pytest.mark.parametrize(("text", "lemma", "content", "speaker"), [
    pytest.param("Olga Brandt vowed to keep the night ferry running.", "vow",
                 "to keep the night ferry running", "Olga Brandt", id="vowed-to"),
    pytest.param("Peter Holm asked the harbour board to delay the vote.", "ask",
                 "the harbour board to delay the vote", "Peter Holm", id="asked-someone-to"),
])
def test_intent_verb_takes_its_infinitive(analysis_settings, text, lemma, content, speaker):
    quotes = analyze(verbatim_article(text), analysis_settings).quotes
    quote = next(q for q in quotes if q.cue_lemma == lemma)
    assert quote.kind is QuoteKind.INDIRECT
    assert quote.span.text == content
    assert quote.speaker == speaker


@pytest.mark.parametrize(("text", "lemma", "content", "speaker"), [
    pytest.param("The new pier, Peter Holm said, will cost far more than the old one.", "say",
                 "The new pier, Peter Holm said, will cost far more than the old one",
                 "Peter Holm", id="cue-inside-its-sentence"),
    pytest.param("Asked about the ferry timetable, Olga Brandt smiled.", "ask",
                 "the ferry timetable", "Olga Brandt", id="asked-about"),
])
def test_cue_set_off_by_commas(analysis_settings, text, lemma, content, speaker):
    quotes = analyze(verbatim_article(text), analysis_settings).quotes
    quote = next(q for q in quotes if q.cue_lemma == lemma)
    assert quote.span.text == content
    assert quote.speaker == speaker


@pytest.mark.parametrize("text", [
    pytest.param("Olga Brandt hopes that the night ferry will run again.", id="hopes"),
    pytest.param("Olga Brandt hoped that the night ferry would run again.", id="hoped"),
])
def test_hope_is_a_cue_whatever_its_lemma(analysis_settings, text):
    quotes = analyze(verbatim_article(text), analysis_settings).quotes
    quote = next(q for q in quotes if q.cue_lemma == "hope")
    assert quote.span.text.startswith("that the night ferry")
    assert quote.speaker == "Olga Brandt"


def test_a_name_and_a_colon_open_a_claim(analysis_settings):
    text = "Olga Brandt: Night ferry will run again in May.\n\nThe pier is closed."
    quotes = analyze(verbatim_article(text), analysis_settings).quotes
    quote = next(q for q in quotes if q.span.text == "Night ferry will run again in May")
    assert quote.kind is QuoteKind.INDIRECT
    assert quote.speaker == "Olga Brandt"


@pytest.mark.parametrize("text", [
    pytest.param("The Latest: Night ferry will run again in May.", id="format-label"),
    pytest.param("Olga Brandt: 2,316", id="a-number-is-no-claim"),
    pytest.param("Height: about forty metres above the water.", id="not-a-source"),
])
def test_a_label_and_a_colon_are_no_claim(analysis_settings, text):
    quotes = analyze(verbatim_article(text), analysis_settings).quotes
    assert quotes == ()


@pytest.mark.parametrize(("text", "lemma", "content", "speaker"), [
    pytest.param("Olga Brandt's attack on the harbour board surprised nobody.", "attack",
                 "the harbour board", "Olga Brandt", id="attack-on"),
    pytest.param("Peter Holm's decision to close the old pier angered the fishermen.",
                 "decision", "to close the old pier", "Peter Holm", id="decision-to"),
])
def test_stance_noun_with_its_holder(analysis_settings, text, lemma, content, speaker):
    quotes = analyze(verbatim_article(text), analysis_settings).quotes
    quote = next(q for q in quotes if q.cue_lemma == lemma)
    assert quote.span.text == content
    assert quote.speaker == speaker


def test_stance_noun_without_a_holder_is_no_cue(analysis_settings):
    quotes = analyze(verbatim_article("The attack on the harbour office came at night."),
                     analysis_settings).quotes
    assert not any(q.cue_lemma == "attack" for q in quotes)


@pytest.mark.parametrize(("text", "content"), [
    pytest.param("The board hid three reports from inspectors, the union's secretary, "
                 "Maren Holt, said.", "The board hid three reports from inspectors",
                 id="title-and-name-after-a-ccomp"),
    pytest.param("The Carrow harbour board hid three safety reports on the Tarne ferry from "
                 "inspectors last year, the union's regional secretary, Maren Holt, said on "
                 "Monday.", "The Carrow harbour board hid three safety reports on the Tarne "
                 "ferry from inspectors last year", id="title-and-name-after-a-conjunct"),
])
def test_an_apposed_speaker_before_said_is_the_source(analysis_settings, text, content):
    """The parser hangs "the union's secretary, Maren Holt" on the clause before
    and leaves "said" without a subject: the apposition is still the speaker."""
    quotes = analyze(verbatim_article(text), analysis_settings).quotes
    quote = next(q for q in quotes if q.cue_lemma == "say")
    assert quote.span.text == content
    assert quote.speaker == "Maren Holt"


def test_said_with_an_object_takes_no_stray_speaker(analysis_settings):
    text = "The council met on Monday, the mayor, Ada Quill, said nothing about the ferry."
    quotes = analyze(verbatim_article(text), analysis_settings).quotes
    assert not any(q.span.text.startswith("The council met") for q in quotes)
