"""Fixtures of the store tests that ingest real pages through the pipeline."""

import pytest


@pytest.fixture(scope="module")
def settings():
    """One-worker settings with the spaCy pipeline loaded (skip when it is missing)."""
    pytest.importorskip("spacy")
    from factdesk.analyze import load_pipeline
    from factdesk.settings import Settings

    settings = Settings(workers=1)
    try:
        load_pipeline(settings.spacy_model)
    except Exception as exc:
        pytest.skip(f"spaCy pipeline {settings.spacy_model} not installed: {exc}")
    return settings
