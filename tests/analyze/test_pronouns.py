"""Pronoun and relative-pronoun speakers, and sources speaking for someone
(sentences written for these tests)."""

import pytest

from factdesk.analyze import analyze
from factdesk.model import QuoteKind
from factdesk.clean import verbatim_article

pytestmark = pytest.mark.slow

PRONOUNS = {"he", "she", "it", "they", "i", "we", "you", "him", "her", "them", "who",
            "that", "which"}


def _quotes(text, settings):
    return analyze(verbatim_article(text), settings).quotes


def _direct(text, settings):
    return [q for q in _quotes(text, settings) if q.kind is not QuoteKind.INDIRECT]


def test_she_skips_a_nearer_man_named_by_title(analysis_settings):
    text = ("Ms Varga opened the new library on Monday. Mr Osei cut the ribbon.\n\n"
            "\u201cEvery child in the valley should have a library card,\u201d she said.")
    (quote,) = _direct(text, analysis_settings)
    assert quote.speaker_span.text == "she"
    assert quote.speaker == "Varga"


def test_gender_from_a_given_name(analysis_settings):
    text = ("Olga Brandt and Peter Holm toured the harbour on Monday.\n\n"
            "\u201cThe pier needs new timber before winter,\u201d he said.")
    (quote,) = _direct(text, analysis_settings)
    assert quote.speaker == "Peter Holm"


def test_gender_learned_from_an_earlier_pronoun(analysis_settings):
    text = ("Kit Arden chairs the harbour board. She has held the post for a decade.\n\n"
            "Sam Tully, a fisherman, disagreed with the board's plan.\n\n"
            "\u201cWe have waited long enough for the dredging,\u201d she said.")
    quotes = _direct(text, analysis_settings)
    assert [q.speaker for q in quotes] == ["Kit Arden"]


def test_it_is_never_a_person(analysis_settings):
    text = ("Brightwater Energy is owned by Peter Holm.\n\n"
            "It said the new plant would open in May.")
    quote = next(q for q in _quotes(text, analysis_settings) if "plant" in q.span.text)
    assert quote.speaker == "Brightwater Energy"


def test_a_pronoun_with_no_antecedent_has_no_speaker(analysis_settings):
    (quote,) = _direct("\u201cThe harbour will close in winter,\u201d he said.",
                       analysis_settings)
    assert quote.speaker is None
    assert quote.speaker_id is None
    assert quote.speaker_span.text == "he"


def test_a_pronoun_prefers_a_person_at_most_two_paragraphs_back(analysis_settings):
    text = ("Peter Holm said the pier was safe.\n\n"
            "The harbour has three piers.\n\n"
            "They were built in 1910.\n\n"
            "Tomas Berg said it was not.\n\n"
            "Repairs are planned for the spring.\n\n"
            "\u201cThe timber is rotten,\u201d he said.")
    quote = next(q for q in _direct(text, analysis_settings) if "timber" in q.span.text)
    assert quote.speaker == "Tomas Berg"


def test_a_lone_candidate_may_be_further_back(analysis_settings):
    text = ("Peter Holm spoke at the harbour.\n\n"
            "The harbour has three piers.\n\n"
            "They were built in 1910.\n\n"
            "Repairs are planned for the spring.\n\n"
            "\u201cThe timber is rotten,\u201d he said.")
    quote = next(q for q in _direct(text, analysis_settings) if "timber" in q.span.text)
    assert quote.speaker == "Peter Holm"


@pytest.mark.parametrize("text", [
    pytest.param("\u201cThe harbour will close in winter,\u201d he said.", id="he"),
    pytest.param("They said the harbour would close in winter.", id="they"),
    pytest.param("It said the harbour would close in winter.", id="it"),
])
def test_no_bare_pronoun_is_a_speaker(analysis_settings, text):
    for quote in _quotes(text, analysis_settings):
        assert (quote.speaker or "").lower() not in PRONOUNS
        assert not (quote.speaker or "").startswith("unresolved")


def test_a_spokesperson_for_someone_is_the_speaker(analysis_settings):
    text = "A spokesperson for Mr Fyfe said the talks would resume on Monday."
    (quote,) = _quotes(text, analysis_settings)
    assert quote.speaker == "A spokesperson for Mr Fyfe"
    assert quote.speaker_id is None


def test_a_thing_that_says_speaks_for_whoever_put_it_out(analysis_settings):
    text = ("Holm Shipping released a video that says \u201cthe harbour will never "
            "close again.\u201d")
    (quote,) = _direct(text, analysis_settings)
    assert quote.speaker == "Holm Shipping"


def test_who_is_still_the_person_the_clause_hangs_on(analysis_settings):
    text = ("The plan was criticised by Peter Holm, who said it would "
            "\u201cruin the old harbour for good.\u201d")
    (quote,) = _direct(text, analysis_settings)
    assert quote.speaker == "Peter Holm"
    assert quote.speaker_span.text == "who"


def test_a_pronoun_with_a_contracted_verb_is_still_a_pronoun(analysis_settings):
    text = ("Peter Holm spoke on Monday. While he\u2019s said he believes the harbour is "
            "safe, he wants repairs.")
    quotes = analyze(verbatim_article(text), analysis_settings).quotes
    assert quotes and all(q.speaker == "Peter Holm" for q in quotes)


def test_a_document_filed_by_someone_speaks_for_them(analysis_settings):
    text = ('"The audit cannot support a charge," according to a court document filed by '
            'county prosecutor Nadia Kerr.')
    (quote,) = _quotes(text, analysis_settings)
    assert quote.speaker == "Nadia Kerr"


def test_a_document_with_no_author_stays_the_speaker(analysis_settings):
    (quote,) = _quotes('"The pier is unsafe," according to a court document.', analysis_settings)
    assert quote.speaker == "a court document"
