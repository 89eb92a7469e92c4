"""One event told in other words inside an article joins one claim
(:mod:`factdesk.analyze.claims.events`), and only then.

Every sentence here was written for these tests (a fictional county, its
clerk, a harbour board and two candidates)."""

import pytest

from factdesk.analyze import analyze
from factdesk.analyze.claims.events import event_links, event_stem
from factdesk.analyze.entities.index import EntityIndex
from factdesk.analyze.parse.nlp import load_pipeline, parse_many


def _run(make_article, settings, *paragraphs):
    return analyze(make_article("\n".join(paragraphs)), settings)


def _event_pairs(make_article, settings, *paragraphs):
    """The texts of the mention pairs :func:`event_links` joins (other rules aside)."""
    article = make_article("\n".join(paragraphs))
    analysis = analyze(article, settings)
    parsed = next(iter(parse_many([article], load_pipeline(settings.spacy_model))))
    texts = {m.id: m.span.text for m in analysis.claim_mentions}
    links = event_links(parsed, analysis.claim_mentions, EntityIndex(analysis.entities))
    return {frozenset((texts[a], texts[b])) for a, b in links}


def _claim_of(analysis, words):
    """The claim holding the mention whose text holds ``words``."""
    ids = [m.id for m in analysis.claim_mentions if words in m.span.text]
    assert ids, [m.span.text for m in analysis.claim_mentions]
    found = [c for c in analysis.claims if ids[0] in c.mention_ids]
    assert len(found) == 1
    return found[0]


@pytest.mark.parametrize(("a", "b"), [
    ("cooperation", "cooperate"),
    ("plagiarism", "plagiarize"),
    ("prosecution", "prosecute"),
    ("investigator", "investigate"),
    ("supporter", "support"),
    ("unmarked", "mark"),
], ids=["-ation", "-ism/-ize", "-ion", "-or", "-er", "un-ed"])
def test_a_verb_and_the_words_derived_from_it_share_a_stem(a, b):
    assert event_stem(a) == event_stem(b)


@pytest.mark.parametrize(("a", "b"), [
    ("station", "state"),
    ("cover", "cove"),
    ("danger", "dang"),
], ids=["short-derived-stem", "er-on-a-short-word", "er-on-danger"])
def test_a_short_stem_is_not_folded_onto_another_word(a, b):
    assert event_stem(a) != event_stem(b)


def test_a_nominalisation_and_its_verb_with_one_named_participant_join(
        make_article, analysis_settings):
    analysis = _run(
        make_article, analysis_settings,
        "The county official said federal investigators had secured the cooperation of "
        "Dana Whitlock, the former county clerk.",
        "A lawyer for the county, Ruth Abara, said Whitlock is now cooperating with "
        "prosecutors.")
    first = _claim_of(analysis, "secured the cooperation")
    second = _claim_of(analysis, "cooperating with prosecutors")
    assert first.id == second.id
    sources = {s.source for s in first.stances}
    assert "Ruth Abara" in sources and len(sources) == 2


def test_a_light_verb_carrying_the_event_noun_links_to_the_verb(make_article,
                                                                analysis_settings):
    pairs = _event_pairs(
        make_article, analysis_settings,
        "The harbour board said a foreign government hacked the port computers in May.",
        "\"A foreign government was behind the port hack,\" a security consultant said.")
    assert any(any("hacked the port" in t for t in p) and any("behind the port" in t for t in p)
               for p in pairs), pairs


def test_a_negated_restatement_with_one_shared_word_links(make_article, analysis_settings):
    pairs = _event_pairs(
        make_article, analysis_settings,
        "The mayor said there is precedent for removing a councillor before an election.",
        "The county clerk said there was no precedent for the dismissal of a councillor.")
    assert any(any("is precedent" in t for t in p) and any("no precedent" in t for t in p)
               for p in pairs), pairs


def test_the_same_event_by_two_different_agents_is_no_event_link(make_article,
                                                                  analysis_settings):
    pairs = _event_pairs(
        make_article, analysis_settings,
        "Senator Mark Holloway will release the harbour audit next week, his campaign said.",
        "Governor Ellen Price will release the harbour audit in May, her aide Tom Reyes said.")
    assert not pairs


def test_a_shared_agent_alone_is_no_event_link(make_article, analysis_settings):
    pairs = _event_pairs(
        make_article, analysis_settings,
        "Senator Mark Holloway will release his tax returns next week, his campaign said.",
        "His spokesman Tom Reyes said Holloway had released a statement on the harbour.")
    assert not pairs


def test_the_same_event_with_no_shared_participant_stays_apart(make_article,
                                                               analysis_settings):
    analysis = _run(
        make_article, analysis_settings,
        "The harbour board said the storm damaged the northern pier on Monday.",
        "Residents said a fire damaged the county library last year.")
    assert (_claim_of(analysis, "storm damaged").id
            != _claim_of(analysis, "fire damaged").id)


def test_two_different_subjects_of_one_event_are_no_event_link(make_article,
                                                                analysis_settings):
    pairs = _event_pairs(
        make_article, analysis_settings,
        "The harbour board said the storm damaged the pier and the boathouse on Monday.",
        "Residents said a fire damaged the pier and the boathouse last year.")
    assert not pairs


def test_a_pronoun_subject_stands_for_its_speaker(make_article, analysis_settings):
    pairs = _event_pairs(
        make_article, analysis_settings,
        "Most residents would vote for Ellen Price in May, the county survey found.",
        "\"I will not vote for Ellen Price in May,\" said Tom Reyes, a harbour pilot.")
    assert not pairs
