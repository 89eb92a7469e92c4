"""The ``spacy_model`` setting is honoured: any pipeline on disk can be named
(the official ``en_core_web_sm`` is not on PyPI, so a small pipeline built here
stands in for it), and one without a parser or NER degrades instead of failing."""

import pytest
import spacy  # a hard dependency: never skip

from factdesk.analyze import analyze, load_pipeline
from factdesk.errors import ConfigError
from factdesk.model import QuoteKind
from factdesk.settings import Settings
from factdesk.clean import verbatim_article

TEXT = ("Olga Brandt spoke at the harbour on Monday.\n\n"
        "\u201cWe will open the bridge next spring,\u201d she said.")


def _saved(tmp_path, *pipes):
    nlp = spacy.blank("en")
    for name in pipes:
        nlp.add_pipe(name)
    path = tmp_path / ("blank-" + "-".join(pipes or ("bare",)))
    nlp.to_disk(path)
    return str(path)


@pytest.mark.parametrize("pipes", [pytest.param(("sentencizer",), id="sentencizer"),
                                   pytest.param((), id="tokenizer-only")])
def test_a_pipeline_without_parser_or_ner_still_analyzes(tmp_path, pipes):
    settings = Settings(spacy_model=_saved(tmp_path, *pipes))
    analysis = analyze(verbatim_article(TEXT), settings)
    assert f"spacy:{settings.spacy_model}" in analysis.analyzers
    assert analysis.entities == ()
    # The quote marks still give the direct quote; without a parse, no speaker.
    [quote] = analysis.quotes
    assert quote.kind is QuoteKind.DIRECT
    assert quote.span.text == "We will open the bridge next spring"
    assert quote.speaker is None


def test_the_named_pipeline_is_the_one_loaded(tmp_path):
    path = _saved(tmp_path, "sentencizer")
    assert load_pipeline(path).pipe_names == ["sentencizer"]


def test_a_missing_pipeline_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="spacy_model"):
        load_pipeline(str(tmp_path / "no-such-pipeline"))


def test_a_loaded_pipeline_is_out_of_the_collectors_reach(tmp_path):
    """load_pipeline freezes what it loaded (bench/gc_freeze.py says why): a full
    collection no longer walks the model's objects."""
    import gc

    nlp = load_pipeline(_saved(tmp_path, "sentencizer"))
    walked = gc.get_objects()
    assert gc.get_freeze_count() > 0
    assert not any(obj is nlp or obj is nlp.vocab for obj in walked)
    sentencizer = nlp.get_pipe("sentencizer")
    assert not any(obj is sentencizer for obj in walked)
