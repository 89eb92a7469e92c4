"""Fixtures for the analyze stage: the spaCy pipeline, skipped when not installed."""

import pytest

from factdesk.settings import Settings


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
