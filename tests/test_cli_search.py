"""``factdesk search`` takes the web search box's language, and a malformed query is
a usage error (exit code 2) with the same message the web app gives."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from factdesk.cli import main
from factdesk.store import Store
from tests.store.test_search import ARTICLES, _record


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli-search") / "search.db"
    with Store(path) as store:
        store.write([_record(*row) for row in ARTICLES])
    return str(path)


def _search(db, query, *args):
    result = CliRunner().invoke(main, ["search", "--db", db, "--format", "json", *args,
                                       "--", query],
                                catch_exceptions=False)
    return result, (json.loads(result.stdout) if result.exit_code == 0 else None)


def _snippets(hits, kind="quotes"):
    return sorted(h["snippet"] for h in hits if h["kind"] == kind)


@pytest.mark.parametrize(("query", "speakers"), [
    ('"ferry will run"', {"Amara Okafor"}),            # a phrase, not three words
    ("ferry -Okafor", {"Ben Adeyemi", "Carla Diaz"}),   # a word left out
    ("ferry NOT Okafor", {"Ben Adeyemi", "Carla Diaz"}),
    ("roof OR July", {"Carla Diaz", "Amara Okafor"}),   # either
    ("rep*", {"Carla Diaz"}),                           # a prefix
    ("ferry speaker:Okafor", {"Amara Okafor"}),         # a field, by a part of the name
    ('ferry outlet:"Valley Post"', {"Amara Okafor"}),
], ids=lambda v: str(v))
def test_the_query_language_on_the_command_line(db, query, speakers):
    result, hits = _search(db, query, "--kind", "quotes")
    assert result.exit_code == 0, result.output
    assert {h["title"] for h in hits} == speakers


def test_a_phrase_finds_fewer_than_its_words(db):
    words = _search(db, "will ferry run", "--kind", "quotes")[1]
    phrase = _search(db, '"ferry will run"', "--kind", "quotes")[1]
    assert len(phrase) < len(words)


@pytest.mark.parametrize("query", ['"unbalanced', "ferry OR", "?!", "-ferry", "()",
                                   "speaker:"])
def test_a_malformed_query_is_a_usage_error_with_the_web_apps_message(db, query):
    from factdesk.serve import create_app
    from factdesk.settings import Settings

    result, _ = _search(db, query)
    assert result.exit_code == 2, result.output
    with Store(db) as store:
        api = TestClient(create_app(store, Settings(), notifier=None)).get(
            "/api/search", params={"q": query})
    assert api.status_code == 400
    message = api.json()["error"]["message"]
    assert f"Error: {message}" in result.stderr
    assert "Traceback" not in result.output
