"""The article-stance model (``fnc-stance-v1``): claims and bodies written for these
tests, the saved-weights round trip, and a quality floor on real FNC-1 DEV pairs."""

from __future__ import annotations

import csv
import sys

import numpy as np
import pytest

from factdesk.analyze.article_stance import (
    LABELS,
    ArticleStance,
    ArticleStanceModel,
)
from factdesk.analyze.article_stance.features import FEATURE_NAMES
from factdesk.analyze.article_stance.text import sentences, stem, words
from factdesk.errors import ModelFormatError

from tests.conftest import SHARED, need

CLAIM = "Giant squid washes up on Brighton beach"

BODIES = {
    "unrelated": (
        "The city council approved a new budget for road repairs on Tuesday. The plan "
        "sets aside money for resurfacing three main streets and for new cycle lanes. "
        "Councillors voted nine to two in favour after a long debate about parking. "
        "Work is expected to start in the spring and to last about six months."
    ),
    "disagree": (
        "A photo said to show a giant squid washed up on Brighton beach is a hoax. "
        "The picture is fake: it was doctored from an old image of a whale, experts said. "
        "Brighton council denied that any squid had been found on the beach and said "
        "the story was false. Coastguards also dismissed the claim as a prank. "
        "No giant squid was ever found on Brighton beach, officials insisted."
    ),
    "discuss": (
        "Reports claim that a giant squid may have washed up on Brighton beach, "
        "according to posts circulating on social media. The images could not be "
        "verified and it is unclear where they were taken. Some users suggested the "
        "creature might be a large octopus. Brighton council has not commented on the "
        "reports, which have gone viral."
    ),
}


@pytest.fixture(scope="module")
def model() -> ArticleStanceModel:
    return ArticleStanceModel.load()


@pytest.mark.parametrize("expected", ["discuss", "unrelated"], ids=str)
def test_written_bodies_get_their_stance(model, expected):
    stance = model.predict(CLAIM, BODIES[expected])
    assert stance.label == expected, stance.probabilities


def test_a_body_that_debunks_a_hoax_claim_agrees_with_it(model):
    claim = "Giant squid photo from Brighton beach is a hoax"
    assert model.predict(claim, BODIES["disagree"]).label == "agree"


@pytest.mark.xfail(strict=True, reason=(
    "known weakness of fnc-stance-v1: a short debunking body read against a plain "
    "(non-hoax) claim comes out 'agree'; out-of-fold disagree F1 is only 0.37"))
def test_a_body_that_denies_the_claim_disagrees(model):
    stance = model.predict(CLAIM, BODIES["disagree"])
    assert stance.label == "disagree", stance.probabilities


def test_an_unrelated_body_is_unrelated_whatever_its_cues(model):
    body = ("The minister denied the reports and called them fake. " * 3
            + "Her spokesman said the story about the school budget was false.")
    assert model.predict(CLAIM, body).label == "unrelated"


def test_prediction_shape_and_version(model):
    stance = model.predict(CLAIM, BODIES["discuss"])
    assert isinstance(stance, ArticleStance)
    assert stance.model == model.name == "fnc-stance-v1"
    assert tuple(stance.probabilities) == LABELS == model.labels
    assert sum(stance.probabilities.values()) == pytest.approx(1.0, abs=1e-4)
    assert stance.label == max(stance.probabilities, key=stance.probabilities.get)
    assert stance.to_dict()["model"] == "fnc-stance-v1"


def test_batch_equals_one_by_one(model):
    pairs = [(CLAIM, body) for body in BODIES.values()] * 4  # > the small-batch path
    batch = model.predict_many(pairs)
    single = [model.predict(c, b) for c, b in pairs]
    assert [s.label for s in batch] == [s.label for s in single]
    for a, b in zip(batch, single):
        for label in LABELS:
            assert a.probabilities[label] == pytest.approx(b.probabilities[label], abs=1e-6)


def test_empty_inputs_are_predicted_not_raised(model):
    assert model.predict("", "").label in LABELS
    assert model.predict_many([]) == []


def test_saved_weights_round_trip(model, tmp_path):
    path = tmp_path / "copy.npz"
    model.save(path)
    again = ArticleStanceModel.load(path)
    assert again.name == model.name and again.offsets == model.offsets
    pairs = [(CLAIM, body) for body in BODIES.values()]
    assert np.allclose(again.probabilities(pairs), model.probabilities(pairs))


def test_unreadable_weights_say_what_to_do(tmp_path):
    bad = tmp_path / "bad.npz"
    bad.write_text("not weights")
    with pytest.raises(ModelFormatError, match="train_stance.py"):
        ArticleStanceModel.load(bad)


def test_model_file_stays_small():
    from factdesk.analyze.article_stance import BUNDLED_WEIGHTS
    assert BUNDLED_WEIGHTS.stat().st_size < 15_000_000
    assert len(FEATURE_NAMES) == len(set(FEATURE_NAMES))


@pytest.mark.parametrize(("text", "expected"), [
    ("He didn't go.", ["he", "did", "not", "go"]),
    ("Hoaxes, DENIED!", ["hoaxes", "denied"]),
], ids=["negation", "case"])
def test_words(text, expected):
    assert words(text) == expected


@pytest.mark.parametrize(("word", "expected"), [
    ("stories", "story"), ("claims", "claim"), ("denied", "deni"), ("class", "class"),
    ("cat", "cat"),
], ids=str)
def test_stem(word, expected):
    assert stem(word) == expected


def test_sentences_split_at_stops_and_blank_lines():
    assert sentences("One here. Two there!\n\nThree") == ["One here.", "Two there!", "Three"]


@pytest.mark.shared
def test_dev_sample_quality(model):
    """In-sample floor on every pair of 60 DEV bodies (the model was trained on DEV,
    so this guards the export and the features; the out-of-fold numbers are in
    bench/results/stance-cv*.json)."""
    folder = need(SHARED / "data" / "fnc-1", "FNC-1 DEV data")
    csv.field_size_limit(sys.maxsize)
    with (folder / "train_bodies.dev.csv").open(encoding="utf-8", newline="") as f:
        bodies = {r["Body ID"]: r["articleBody"] for r in list(csv.DictReader(f))[:60]}
    with (folder / "train_stances.dev.csv").open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["Body ID"] in bodies]
    assert len(rows) > 1000
    stances = model.predict_many((r["Headline"], bodies[r["Body ID"]]) for r in rows)
    gold = [r["Stance"] for r in rows]
    pred = [s.label for s in stances]
    accuracy = sum(g == p for g, p in zip(gold, pred)) / len(rows)
    related = sum((g == "unrelated") == (p == "unrelated") for g, p in zip(gold, pred))
    assert related / len(rows) > 0.95
    assert accuracy > 0.85
