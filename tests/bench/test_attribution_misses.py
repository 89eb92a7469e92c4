"""``bench/attribution_misses.py`` puts each cue in the family it belongs to (cue
strings written for this test); it reads the shared scorer, so it needs ../shared."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def misses(shared_dir):
    spec = importlib.util.spec_from_file_location(
        "attribution_misses", ROOT / "bench" / "attribution_misses.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("cue", "family"), [
    pytest.param("said", "speech verb", id="said"),
    pytest.param("has told", "speech verb", id="has-told"),
    pytest.param("According to", "according to", id="according-to"),
    pytest.param("hopes", "wanting/intending verb", id="hopes"),
    pytest.param("endorsed", "backing/opposing verb", id="endorsed"),
    pytest.param("sees", "judging-as verb", id="sees"),
    pytest.param("showed", "showing/finding verb", id="showed"),
    pytest.param("believes", "belief verb", id="believes"),
    pytest.param("seemed", "seeming verb", id="seemed"),
    pytest.param("the claim", "noun", id="claim-noun"),
    pytest.param("is confident", "be + adjective/phrase", id="is-confident"),
    pytest.param("", "no cue", id="empty"),
])
def test_cue_family(misses, cue, family):
    assert misses.family(cue) == family


@pytest.mark.parametrize(("content", "opening"), [
    pytest.param("that the pier will close", "that clause", id="that"),
    pytest.param("to rebuild the pier", "infinitive", id="to"),
    pytest.param("whether the ferry runs", "question", id="whether"),
    pytest.param("the ferry contract", "other", id="object"),
])
def test_content_opening(misses, content, opening):
    assert misses.opening(content) == opening
