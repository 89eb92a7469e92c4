"""The learned cue model (:mod:`factdesk.analyze.quotes.learned_cues`; sentences
written for these tests)."""

import dataclasses

import pytest

from factdesk.analyze.quotes.learned_cues import (
    MODEL_FILE,
    LearnedModel,
    candidates,
    features,
    find_learned_cues,
    load_model,
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nlp(analysis_settings):
    from factdesk.analyze import load_pipeline

    return load_pipeline(analysis_settings.spacy_model)


def _verbs(doc, found=()):
    return {(c.verb.lemma_, c.extent): doc.text[c.content[0]:c.content[1]]
            for c in candidates(doc, list(found))}


def test_model_file_loads_and_scores_deterministically(nlp):
    model = load_model(MODEL_FILE)
    assert model.version.startswith("learned-cues.")
    assert 0.0 < model.threshold < 1.0 and model.weights and model.lemma_rates
    doc = nlp("The harbour council distrusted the ferry plan on Tuesday.")
    first = [model.score(features(c, model)) for c in candidates(doc, [])]
    again = [model.score(features(c, model)) for c in candidates(doc, [])]
    assert first and first == again and all(0.0 <= s <= 1.0 for s in first)


def test_object_candidate_has_two_extents(nlp):
    doc = nlp("Mayor Olga Brandt distrusts the ferry company after the strike.")
    found = _verbs(doc)
    assert found[("distrust", "clause")] == "the ferry company after the strike"
    assert found[("distrust", "phrase")] == "the ferry company"


def test_clause_candidate(nlp):
    doc = nlp("The union signaled that its members would return to work.")
    assert _verbs(doc)[("signal", "clause")] == "that its members would return to work"


def test_no_candidate_without_subject_or_inside_quotes(nlp):
    assert not _verbs(nlp("Rebuild the old pier before the winter."))
    assert not _verbs(nlp("Peter Holm distrusts “the ferry company” after the strike."))


def test_a_rule_cue_is_never_a_candidate(nlp):
    from factdesk.analyze.quotes.finder import rule_cues

    # The backing rules take "supports" from a possible source: no candidate then.
    doc = nlp("Olga Brandt supports the new harbour tax.")
    found = rule_cues(doc)
    assert any(c.lemma == "support" for c in found)
    assert ("support", "clause") not in _verbs(doc, found)


def test_a_listed_verb_the_rules_left_is_a_candidate(nlp):
    # learned-cues.v2: a verb on the rules' lists that the rules made no cue of
    # ("pushed" with an object, no "for") is left to the model.
    doc = nlp("Peter Holm pushed the new harbour plan at every meeting.")
    assert _verbs(doc)[("push", "phrase")] == "the new harbour plan"


def test_backing_needs_a_subject_that_can_hold_a_stance(nlp):
    # As the backing rules ask: "the pier supports the weight" is no one's stance.
    assert not _verbs(nlp("The old pier supports the weight of two cranes."))
    assert ("see", "clause") not in _verbs(nlp("Olga Brandt saw the ferry leave the harbour."))
    assert ("be", "clause") not in _verbs(nlp("The old pier is a danger to the ferries."))


def test_rule_cue_content_is_not_a_candidate(nlp):
    from factdesk.analyze.quotes.finder import rule_cues

    doc = nlp("Olga Brandt said the council distrusts the ferry company.")
    found = rule_cues(doc)
    assert any(c.lemma == "say" for c in found)
    assert ("distrust", "clause") not in _verbs(doc, found)


def test_features_name_negation_modal_and_subject(nlp):
    doc = nlp("Peter Holm would not trust the harbour tax office.")
    c = next(c for c in candidates(doc, []) if c.verb.lemma_ == "trust")
    feats = features(c, lemma_rates={"trust": 0.4}, prior=0.1)
    assert feats["negated"] == 1.0 and feats["modal"] == 1.0
    assert feats["lemma_rate"] == 0.4 and feats["lemma=trust"] == 1.0
    assert feats["subject=person"] == 1.0 or feats.get("subject=propn") == 1.0


def _model(**weights):
    return LearnedModel(weights=weights, bias=-5.0, threshold=0.5, lemma_rates={}, prior=0.0,
                        version="learned-cues.test")


def test_threshold_decides_and_higher_extent_wins(nlp):
    doc = nlp("Mayor Olga Brandt distrusts the ferry company after the strike.")
    assert find_learned_cues(doc, [], _model()) == []
    model = _model(**{"lemma=distrust": 6.0, "extent=phrase": 1.0})
    (cue,) = find_learned_cues(doc, [], model)
    assert cue.lemma == "distrust" and not cue.speech
    assert doc.text[cue.content[0]:cue.content[1]] == "the ferry company"
    assert cue.subject.text == "Brandt"
    closed = dataclasses.replace(model, threshold=1.01)
    assert find_learned_cues(doc, [], closed) == []


def test_nested_accepted_cue_is_left_to_the_outer_one(nlp):
    doc = nlp("The union distrusts managers who ignore the safety rules.")
    model = _model(**{"lemma=distrust": 6.0, "lemma=ignore": 6.0})
    assert [c.lemma for c in find_learned_cues(doc, [], model)] == ["distrust"]
