"""Fixtures for the analyze stage: the spaCy pipeline, skipped when not installed,
and the seed page analysed once for every seed test."""

import json

import pytest

from factdesk.settings import Settings

SEED = "seed/independent-2017-04-25-russia-taliban.txt"
EXPECTED = "seed/expected.json"
_SEED: dict = {}


@pytest.fixture(scope="session")
def analysis_settings() -> Settings:
    pytest.importorskip("spacy")
    settings = Settings()
    try:
        from factdesk.analyze import load_pipeline
        load_pipeline(settings.spacy_model)
    except Exception as exc:  # ConfigError when the model package is missing
        pytest.skip(f"spaCy pipeline {settings.spacy_model} not installed: {exc}")
    return settings


@pytest.fixture
def seed_run(shared_dir, analysis_settings):
    """(article, analysis, expected) for the seed page, cleaned and analysed once."""
    if "run" not in _SEED:
        from factdesk import clean_page
        from factdesk.analyze import analyze
        from factdesk.ingest.files import read_path
        from factdesk.model import Article

        article = clean_page(read_path(shared_dir / SEED))
        assert isinstance(article, Article), article
        expected = json.loads((shared_dir / EXPECTED).read_text(encoding="utf-8"))
        _SEED["run"] = (article, analyze(article, analysis_settings), expected)
    return _SEED["run"]


@pytest.fixture
def seed(seed_run):
    """(analysis, expected) for the seed page."""
    _article, analysis, expected = seed_run
    return analysis, expected
