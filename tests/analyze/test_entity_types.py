"""Entity types and alias clusters on sentences written for these tests."""

import pytest

from factdesk.analyze import analyze
from factdesk.model import Article, EntityType

pytestmark = pytest.mark.slow


def _entities(text, settings):
    return {e.name: e for e in analyze(Article.from_text(text), settings).entities}


def test_a_name_that_throws_her_support_is_a_person(analysis_settings):
    text = ("Amara Quell threw her support behind Sen. Ted Cruz on Wednesday.\n\n"
            "\u201cHe is the only one who can win,\u201d she said.")
    analysis = analyze(Article.from_text(text), analysis_settings)
    people = {e.name: e.kind for e in analysis.entities}
    assert people["Amara Quell"] is EntityType.PERSON
    assert [q.speaker for q in analysis.quotes] == ["Amara Quell"]


def test_a_business_named_after_a_person_is_an_organisation(analysis_settings):
    text = ("Holm Shipping said it would cut jobs. Its owner, Peter Holm, said he was sad. "
            "Holm said the firm would survive.")
    entities = _entities(text, analysis_settings)
    assert entities["Holm Shipping"].kind is EntityType.ORG
    assert "Holm Shipping" not in entities["Peter Holm"].aliases
    assert "Holm" in entities["Peter Holm"].aliases


def test_a_full_name_with_another_given_name_starts_its_own_cluster(analysis_settings):
    text = ("Donald Brandt opened the pier. Brandt said it was safe. "
            "Later, Ivanka Brandt said it was not.")
    entities = _entities(text, analysis_settings)
    assert "Ivanka Brandt" not in entities["Donald Brandt"].aliases
    assert entities["Ivanka Brandt"].kind is EntityType.PERSON
