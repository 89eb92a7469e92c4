"""factdesk reanalyze: articles analysed by older analyzers are analysed again."""

import json

import pytest

from factdesk.analyze import ANALYZERS
from factdesk.scale.batch import reanalyze
from factdesk.settings import Settings
from factdesk.store import Store
from tests.store.test_store import record


@pytest.mark.slow
def test_stale_analyses_are_replaced_and_every_fact_names_its_analyzer():
    with Store(":memory:") as store:
        store.write([record()])  # analysed by "quotes.rules.test", an old version
        assert store.stale_articles((*ANALYZERS, "spacy:x"))
        assert reanalyze(store, Settings()) == 1
        (used,) = store.conn.execute("SELECT analyzers FROM analyses").fetchone()
        assert set(ANALYZERS) <= set(json.loads(used))
        assert not store.stale_articles(json.loads(used))
        analyzers = {row[0] for table in ("quotes", "claim_mentions", "facts", "dates")
                     for row in store.conn.execute(f"SELECT analyzer FROM {table}")}
        assert "quotes.rules.test" not in analyzers and "" not in analyzers
        assert reanalyze(store, Settings()) == 0  # now current: nothing to do
