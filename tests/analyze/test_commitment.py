"""Speaker commitment towards an embedded clause, on sentences written for these
tests: one per operator (negation, modal, question, conditional) and one per
stance the module can give."""

import pytest

from factdesk.analyze.claims.commitment import AS_IS, EXTENDED, Rules, embedded_clause, \
    speaker_stance
from factdesk.model import Stance


@pytest.fixture(scope="module")
def nlp(analysis_settings):
    from factdesk.analyze import load_pipeline
    return load_pipeline(analysis_settings.spacy_model)


def _stance(nlp, sentence: str, predicate: str, rules: Rules = EXTENDED) -> Stance | None:
    doc = nlp(sentence)
    token = next(t for t in doc if t.lemma_.lower() == predicate)
    return speaker_stance(token, doc[:], rules=rules)


@pytest.mark.parametrize(("sentence", "predicate", "expected"), [
    # negation
    ("I don't think the ferry will sail tomorrow.", "think", Stance.DENIES),
    ("She didn't notice that the gate was open.", "notice", Stance.ASSERTS),
    ("I don't know that the council will agree.", "know", Stance.HEDGED),
    ("I don't know whether the mayor resigned.", "know", Stance.QUESTIONS),
    ("The firm did not deny that it had paid the fine.", "deny", Stance.DOES_NOT_DENY),
    # modal
    ("He might realise that the shop has closed.", "realise", Stance.ASSERTS),
    ("Perhaps the analysts believe that prices will rise.", "believe", Stance.BELIEVES),
    # question
    ("Do you think the harbour will reopen?", "think", Stance.QUESTIONS),
    ("Don't you think the bridge looks unsafe?", "think", Stance.HEDGED),
    ("Did she know that the train had left?", "know", Stance.ASSERTS),
    # conditional
    ("If he says that the bid was rigged, the board will act.", "say", Stance.CONDITIONAL),
    ("If she admits that she took the keys, we can stop looking.", "admit", Stance.ASSERTS),
], ids=["neg-belief", "neg-factive", "neg-first-person-know", "neg-whether", "neg-deny",
        "modal-factive", "modal-belief", "question", "negative-question", "question-factive",
        "conditional", "conditional-factive"])
def test_speaker_stance(nlp, sentence, predicate, expected):
    assert _stance(nlp, sentence, predicate) is expected


def test_denial_verb_denies(nlp):
    assert _stance(nlp, "The firm denied that it had paid the fine.", "deny") is Stance.DENIES


def test_stance_cues_alone_has_no_word_for_a_factive(nlp):
    """As stance_cues stands, "notice" is no stance word: no stance reaches the clause."""
    assert _stance(nlp, "She didn't notice that the gate was open.", "notice", AS_IS) is None


def test_stance_cues_alone_reads_a_question_as_belief(nlp):
    assert _stance(nlp, "Do you think the harbour will reopen?", "think", AS_IS) \
        is Stance.BELIEVES


def test_modal_rule_hedges_a_report(nlp):
    sentence = "He might say that the vote was close."
    assert _stance(nlp, sentence, "say", Rules(frozenset({"modal"}))) is Stance.HEDGED
    assert _stance(nlp, sentence, "say", EXTENDED) is Stance.ASSERTS


def test_reported_rule_weakens_someone_elses_disbelief(nlp):
    sentence = "Many residents didn't believe that the water was safe."
    assert _stance(nlp, sentence, "believe", EXTENDED) is Stance.DENIES
    assert _stance(nlp, sentence, "believe", Rules(frozenset({"reported"}))) is Stance.QUESTIONS


def test_doubt_rule_reads_neg_raising_as_doubt(nlp):
    sentence = "I don't think the ferry will sail tomorrow."
    assert _stance(nlp, sentence, "think", Rules(frozenset({"doubt"}))) is Stance.QUESTIONS


def test_lexicon_rule_gives_missing_predicates_a_kind(nlp):
    sentence = "I don't suppose the shop is open."
    assert _stance(nlp, sentence, "suppose", AS_IS) is None
    assert _stance(nlp, sentence, "suppose", Rules(frozenset({"lexicon"}))) is Stance.DENIES


def test_embedded_clause_is_the_complement_verb(nlp):
    doc = nlp("I don't think the ferry will sail tomorrow.")
    think = next(t for t in doc if t.lemma_ == "think")
    assert embedded_clause(think).text == "sail"


def test_unknown_rule_is_refused():
    with pytest.raises(ValueError, match="unknown commitment rules"):
        Rules(frozenset({"factives"}))
