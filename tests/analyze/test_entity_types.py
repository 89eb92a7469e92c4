"""Entity types, alias clusters and roles on sentences written for these tests."""

import pytest

from factdesk.analyze import analyze
from factdesk.model import EntityType
from factdesk.clean import verbatim_article

pytestmark = pytest.mark.slow


def _entities(text, settings):
    return {e.name: e for e in analyze(verbatim_article(text), settings).entities}


def test_a_name_that_throws_her_support_is_a_person(analysis_settings):
    text = ("Amara Quell threw her support behind Sen. Ted Cruz on Wednesday.\n\n"
            "\u201cHe is the only one who can win,\u201d she said.")
    analysis = analyze(verbatim_article(text), analysis_settings)
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


def test_a_surname_tagged_as_an_organisation_before_the_full_name_is_that_person(
        analysis_settings):
    text = ("Harrow surges in new poll\n\nThe Harrow campaign said it raised money on Monday. "
            "Peter Harrow told reporters that the race was close. Voters cheered as Harrow spoke.")
    entities = _entities(text, analysis_settings)
    assert set(entities) == {"Peter Harrow"}
    assert entities["Peter Harrow"].kind is EntityType.PERSON
    assert len(entities["Peter Harrow"].mentions) == 4


def test_a_surname_two_people_of_the_article_share_stays_apart(analysis_settings):
    text = ("Harrow surges in new poll\n\nThe Harrow campaign said it raised money on Monday. "
            "Peter Harrow told reporters that the race was close. His wife, Ingrid Harrow, "
            "said she was proud. Voters cheered as Harrow spoke.")
    entities = _entities(text, analysis_settings)
    assert "Harrow" in entities
    assert {"Peter Harrow", "Ingrid Harrow"} <= set(entities)


def test_a_female_honorific_does_not_join_a_man_of_that_surname(analysis_settings):
    text = ("Bill Okafor opened the school on Monday. Later, Mrs. Okafor said the building "
            "was safe.")
    entities = _entities(text, analysis_settings)
    assert "Mrs. Okafor" not in entities["Bill Okafor"].aliases


def test_a_given_name_alone_is_the_one_person_with_that_given_name(analysis_settings):
    text = ("Hillary Okafor spoke in Ohio on Monday. Hillary told the crowd that jobs would "
            "come back.")
    entities = _entities(text, analysis_settings)
    assert "Hillary" in entities["Hillary Okafor"].aliases
    assert "Hillary" not in entities


def test_a_title_word_in_an_organisation_name_makes_no_person(analysis_settings):
    text = ("The Justice Department said on Friday that it would review the case. "
            "The General Assembly met later.")
    entities = _entities(text, analysis_settings)
    assert entities["Justice Department"].kind is EntityType.ORG
    assert entities["General Assembly"].kind is EntityType.ORG


def test_a_name_after_a_preposition_is_no_part_of_a_role(analysis_settings):
    text = ("In recent comments to Congress Gen Halvorsen said a few more thousand troops "
            "were needed.")
    entities = _entities(text, analysis_settings)
    assert entities["Halvorsen"].roles == ("General",)
    assert entities["Congress"].kind is EntityType.ORG


def test_a_titled_surname_is_the_person_named_with_that_title(analysis_settings):
    text = ("President Bill Okafor signed the law in 1996. Secretary Hillary Okafor spoke on "
            "Monday. President Okafor was not there, Secretary Okafor said.")
    entities = _entities(text, analysis_settings)
    assert "President Okafor" in entities["Bill Okafor"].aliases
    assert "President Okafor" not in entities["Hillary Okafor"].aliases
    assert "Secretary Okafor" in entities["Hillary Okafor"].aliases
