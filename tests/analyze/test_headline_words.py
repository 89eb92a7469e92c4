"""A capitalised first word is not an entity because of its capital
(sentences written for these tests)."""

import pytest

from factdesk.analyze import analyze
from factdesk.clean import verbatim_article

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(("text", "word"), [
    pytest.param("Reservoir levels fall to lowest since 1995 as water company rules out "
                 "hosepipe ban", "Reservoir", id="headline"),
])
def test_sentence_initial_common_word_is_not_an_entity(analysis_settings, text, word):
    names = {e.name for e in analyze(verbatim_article(text), analysis_settings).entities}
    assert word not in names


def test_a_sentence_initial_name_is_still_an_entity(analysis_settings):
    text = "Ashdale Water said supplies were secure."
    names = {e.name for e in analyze(verbatim_article(text), analysis_settings).entities}
    assert "Ashdale Water" in names
