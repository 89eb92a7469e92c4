"""The query language through the web app: what the API finds, the 400 problem for a
malformed query, and the search page's help and inline message (the page answers
400 with the form, the help and the message, never an error page or every result)."""

import pytest


def _total(client, q, kind="articles"):
    response = client.get("/api/search", params={"q": q, "kind": kind})
    assert response.status_code == 200, response.text
    return response.json()["total"]


def test_api_understands_phrases_or_not_prefix_and_fields(client):
    assert _total(client, "ferry") == 2
    assert _total(client, '"ferry will run"') == 2
    assert _total(client, '"run will ferry"') == 0
    assert _total(client, "Mallory OR ferry") == 3 > _total(client, "ferry")
    assert _total(client, "ferry -Mallory") == 2
    assert _total(client, "ferry -Northbridge") == 0
    assert _total(client, "north*") == 2
    assert _total(client, 'ferry outlet:"Harbour Post"') == 1
    quotes = client.get("/api/search", params={"q": "speaker:Okafor", "kind": "quotes"}).json()
    assert quotes["total"] == 2
    assert {hit["speaker"] for hit in quotes["items"]} == {"Amara Okafor"}


@pytest.mark.parametrize(("q", "message"), [
    ("-ferry", "only leaves out"),
    ('"ferry will', "unbalanced quote"),
    ("ferry OR", "OR needs something"),
    ("?!", "no words to search for"),
    ("(ferry", "unbalanced parenthesis"),
])
def test_api_answers_a_malformed_query_with_a_400_problem(client, q, message):
    for kind in ("articles", "quotes", "claims", "entities"):
        response = client.get("/api/search", params={"q": q, "kind": kind})
        assert response.status_code == 400, response.text
        error = response.json()["error"]
        assert error["code"] == "bad_query" and message in error["message"]


def test_search_page_documents_the_syntax(client):
    html = client.get("/").text
    assert 'id="query-help"' in html
    for example in ('"exact phrase"', "OR", "-word", "elect*", "speaker:", "outlet:"):
        assert example in html, example


def test_search_page_shows_a_malformed_query_inline(client):
    response = client.get("/", params={"q": '"ferry will'})
    assert response.status_code == 400
    html = response.text
    assert 'role="alert"' in html and "unbalanced quote" in html
    assert 'id="query-help"' in html and 'name="q"' in html  # the form, to fix it
    assert 'aria-invalid="true"' in html
    assert 'class="results' not in html  # nothing listed, not everything


def test_search_page_escapes_the_query_in_its_message(client):
    response = client.get("/", params={"q": "<>&"})
    assert response.status_code == 400
    assert "&#39;&lt;&gt;&amp;&#39; has no words to search for" in response.text
    assert "<>&" not in response.text


def test_search_page_still_finds_with_a_good_query(client):
    response = client.get("/", params={"q": "speaker:Okafor ferry"})
    assert response.status_code == 200
    assert 'role="alert"' not in response.text
    assert "<mark>ferry</mark>" in response.text or "<mark>Ferry</mark>" in response.text


def test_entity_names_are_marked_by_the_words_searched_for_only(client):
    body = client.get("/api/search", params={"kind": "entities",
                                             "q": "amara -northbridge speaker:Okafor"}).json()
    assert [hit["title"] for hit in body["items"]] == ["Amara Okafor"]
    marked = [s["text"] for s in body["items"][0]["highlights"] if s["match"]]
    assert marked == ["Amara"]  # not "Okafor" (a field's value), nor a left-out word
