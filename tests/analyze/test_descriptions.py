"""Descriptive speakers that the text names: apposed names, "the company" and
"the trust" (sentences written for these tests)."""

import pytest

from factdesk.analyze import analyze
from factdesk.model import QuoteKind
from factdesk.clean import verbatim_article

pytestmark = pytest.mark.slow


def _analysis(text, settings):
    return analyze(verbatim_article(text), settings)


def _quote(analysis, fragment):
    return next(q for q in analysis.quotes if fragment in q.span.text)


@pytest.mark.parametrize(("text", "fragment", "speaker", "role"), [
    pytest.param('"The pumps are working again," said its chief engineer, Marta Quist.',
                 "pumps are working", "Marta Quist", "chief engineer", id="its-description"),
    pytest.param("\u201cThe figures do not add up,\u201d said the council's finance officer, "
                 "Dr Ivo Brenner.", "figures do not add up", "Ivo Brenner",
                 "finance officer", id="possessor-and-title"),
    pytest.param("The port's harbour master, Lena Ostrova, said the channel would reopen "
                 "on Friday.", "channel would reopen", "Lena Ostrova", "harbour master",
                 id="description-as-subject"),
])
def test_apposed_name_is_the_speaker(analysis_settings, text, fragment, speaker, role):
    analysis = _analysis(text, analysis_settings)
    quote = _quote(analysis, fragment)
    assert quote.speaker == speaker
    assert quote.speaker_id is not None
    entity = next(e for e in analysis.entities if e.id == quote.speaker_id)
    assert role in entity.roles


def test_the_company_is_the_organisation_that_spoke_before(analysis_settings):
    text = ("Brightwater Energy said on Monday that it would close two plants.\n\n"
            "The company said the closures would save money.")
    analysis = _analysis(text, analysis_settings)
    quote = _quote(analysis, "closures would save money")
    assert quote.speaker == "Brightwater Energy"
    assert quote.speaker_span.text == "The company"


def test_an_untagged_organisation_that_speaks_is_an_entity(analysis_settings):
    text = ("Ashgrove Water did not deny that the river had fallen but said the readings "
            "were taken in a warm week.")
    analysis = _analysis(text, analysis_settings)
    assert any(e.name == "Ashgrove Water" and e.kind.value == "ORG" for e in analysis.entities)


def test_the_trust_is_the_organisation_whose_name_holds_the_noun(analysis_settings):
    text = ("The Linden Rivers Trust published its survey on Tuesday. Ministers said "
            "they would read it.\n\n"
            "The trust said the survey showed that fish numbers had halved.")
    analysis = _analysis(text, analysis_settings)
    quote = _quote(analysis, "survey showed")
    assert quote.speaker == "Linden Rivers Trust"


def test_an_unnamed_description_stays_a_description(analysis_settings):
    text = "The company said the closures would save money."
    quote = _quote(_analysis(text, analysis_settings), "closures would save money")
    assert quote.speaker == "The company"
    assert quote.speaker_id is None


def test_a_pronoun_after_an_apposed_name_is_that_person(analysis_settings):
    text = ("The port's chief executive, Oskar Lind, rejected the claim. \u201cThe tender "
            "was fair,\u201d he said.")
    quote = next(q for q in _analysis(text, analysis_settings).quotes
                 if q.kind is QuoteKind.DIRECT)
    assert quote.speaker_span.text == "he"
    assert quote.speaker == "Oskar Lind"
