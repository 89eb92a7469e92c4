"""The JSON API, called in-process: search with filters and highlights, pages of
results, article/entity/claim documents, the one error shape, the OpenAPI document."""

import pytest

from factdesk.serve.article_view import utf16_offsets
from tests.serve.conftest import finished


def test_search_finds_articles_with_marked_highlights(client):
    body = client.get("/api/search", params={"q": "ferry June"}).json()
    assert body["total"] == 2
    hit = body["items"][0]
    assert hit["title"] == "Mayor promises new ferry by June"
    assert {"text": "ferry", "match": True} in hit["highlights"]
    assert "".join(h["text"] for h in hit["highlights"]).count("\ue000") == 0


@pytest.mark.parametrize(("params", "expected"), [
    ({"outlet": "Harbour Post"}, ["Harbour Post"]),
    ({"outlet": "news.example"}, ["Northbridge Daily"]),
    ({"date_from": "2024-04-01"}, ["Harbour Post"]),
    ({"date_to": "2024-03-31"}, ["Northbridge Daily"]),
    ({"date_from": "2025-01-01"}, []),
], ids=["outlet-name", "outlet-host", "from", "to", "nothing-after"])
def test_article_filters(client, params, expected):
    body = client.get("/api/search", params={"q": "ferry", **params}).json()
    assert [h["outlet"] for h in body["items"]] == expected


def test_quotes_by_speaker_and_claims_by_stance(client):
    quotes = client.get("/api/search", params={"kind": "quotes", "q": "ferry",
                                               "speaker": "person:amara-okafor"}).json()
    assert quotes["total"] == 2 and all(q["speaker"] == "Amara Okafor" for q in quotes["items"])
    by_name = client.get("/api/search", params={"kind": "quotes", "speaker": "amara okafor"})
    assert by_name.json()["total"] == 2
    denied = client.get("/api/search", params={"kind": "claims", "stance": "denies"}).json()
    assert [c["id"] for c in denied["items"]] == ["claim-rigged"]
    asserted = client.get("/api/search", params={"kind": "claims", "stance": "asserts"}).json()
    assert asserted["total"] == 0


def test_entities_search_marks_the_name(client):
    body = client.get("/api/search", params={"kind": "entities", "q": "okafor"}).json()
    assert body["items"][0]["id"] == "person:amara-okafor"
    assert {"text": "Okafor", "match": True} in body["items"][0]["highlights"]


def test_pagination_walks_every_article_once(client):
    seen, offset = [], 0
    while offset is not None:
        body = client.get("/api/articles", params={"limit": 1, "offset": offset}).json()
        assert body["limit"] == 1 and body["total"] == 3
        seen += [a["id"] for a in body["items"]]
        offset = body["next_offset"]
    assert len(seen) == len(set(seen)) == 3


def test_article_document_has_annotations_with_utf16_offsets(client, store):
    article_id = client.get("/api/search", params={"q": "ferry"}).json()["items"][0]["id"]
    body = client.get(f"/api/articles/{article_id}").json()
    layers = {a["layer"] for a in body["annotations"]}
    assert {"quote", "speaker", "cue", "claim", "entity", "headline"} <= layers
    for a in body["annotations"]:
        assert body["text"][a["start"]:a["end"]]
        assert a["start_utf16"] >= a["start"]
    assert [r["reason"] for r in body["removed"]] == ["newsletter_prompt", "share_buttons"]


def test_utf16_offsets_count_emoji_as_two_units():
    text = "a🚢b"
    assert utf16_offsets(text) == [0, 1, 3, 4]
    assert len(text.encode("utf-16-le")) // 2 == utf16_offsets(text)[-1]


def test_entity_and_claim_documents(client):
    entity = client.get("/api/entities/person:amara-okafor").json()
    assert entity["roles"] == ["mayor"]
    assert entity["aliases"] == ["Mayor Okafor", "Okafor"]
    assert len(entity["quotes"]) == 2 and len(entity["articles"]) == 2
    assert {s["stance"] for s in entity["stances"]} == {"denies"}
    claim = client.get("/api/claims/claim-rigged").json()
    assert claim["outlets"] == ["Harbour Post", "Northbridge Daily"]
    (stance,) = claim["stances"]
    assert [a["published"][:10] for a in stance["appearances"]] == ["2024-03-14", "2024-05-02"]


@pytest.mark.parametrize(("path", "status", "code"), [
    ("/api/articles/nope", 404, "not_found"),
    ("/api/entities/person:nobody", 404, "not_found"),
    ("/api/claims/nope", 404, "not_found"),
    ("/api/nowhere", 404, "not_found"),
    # a bad list parameter is a 400, whichever check refuses it (serve/params.py)
    ("/api/search?limit=0", 400, "bad_parameter"),
    ("/api/search?kind=planets", 400, "bad_parameter"),
    ("/api/search?date_from=yesterday", 400, "bad_parameter"),
    ("/api/search?stance=maybe", 400, "bad_parameter"),
], ids=lambda v: str(v))
def test_one_error_shape(client, path, status, code):
    response = client.get(path)
    assert response.status_code == status
    assert response.json() == {"error": {"status": status, "code": code,
                                         "message": response.json()["error"]["message"]}}
    assert response.json()["error"]["message"]


def test_ingest_errors_use_the_error_shape(open_client):
    client = open_client
    both = client.post("/api/ingest", json={"html": "<p>x</p>", "text": "x"})
    assert both.status_code == 422 and both.json()["error"]["code"] == "invalid_request"
    control = client.post("/api/ingest", json={"url": "http://a.example/\x1b"})
    assert control.json()["error"]["code"] == "invalid_request"
    private = client.post("/api/ingest", json={"url": "http://127.0.0.1/admin"})
    # the fake fetcher resolves every host to a public address; a literal loopback
    # address is still refused by the SSRF guard
    assert private.status_code == 422, private.text
    assert private.json()["error"]["code"] == "fetch_failed"
    scheme = client.post("/api/ingest", json={"url": "file:///etc/passwd"})
    assert scheme.status_code == 422 and scheme.json()["error"]["code"] == "invalid_request"
    for broken in ("http://[", "http://[::1", "http://a.example:99999/"):  # found by fuzzing
        bad = client.post("/api/ingest", json={"url": broken})
        assert bad.status_code == 422, (broken, bad.text)
        assert bad.json()["error"]["code"] in {"invalid_request", "fetch_failed"}
        pasted = client.post("/api/ingest", json={"html": "<p>" + "words " * 40 + "</p>",
                                                  "url": broken})
        assert pasted.status_code < 500, (broken, pasted.text)


def test_fetched_page_too_short_is_a_rejection_not_an_error(open_client):
    job = open_client.post("/api/ingest", json={"url": "https://news.example/tiny"}).json()
    body = finished(open_client, job)
    assert body["status"] == "done"
    assert body["article_id"] is None and body["rejection"] == "no_article"


def test_openapi_document_lists_every_api_route(client):
    doc = client.get("/api/openapi.json").json()
    assert set(doc["paths"]) == {"/api/search", "/api/articles", "/api/articles/{article_id}",
                                 "/api/entities/{entity_id}",
                                 "/api/entities/{entity_id}/articles",
                                 "/api/entities/{entity_id}/quotes", "/api/claims",
                                 "/api/claims/{claim_id}", "/api/outlets", "/api/ingest",
                                 "/api/jobs/{job_id}",
                                 # the desk (serve/desk_api.py)
                                 "/api/contested", "/api/stories", "/api/stories/{story_id}",
                                 "/api/stories/{story_id}/outlets",
                                 "/api/claims/{claim_id}/outlets",
                                 "/api/claims/{claim_id}/dossier"}
    for status in ("400", "422"):  # a bad list parameter, a bad request body
        error = doc["paths"]["/api/search"]["get"]["responses"][status]
        assert error["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorResponse")


def test_openapi_choices_are_the_enums_of_the_model_and_the_store(client):
    from factdesk.model import Stance
    from factdesk.store import ClaimSort, SearchKind

    paths = client.get("/api/openapi.json").json()["paths"]

    def choices(path, name):
        (param,) = [p for p in paths[path]["get"]["parameters"] if p["name"] == name]
        return param["schema"]["enum"]

    assert choices("/api/search", "kind") == [k.value for k in SearchKind]
    assert choices("/api/search", "stance") == ["", *(s.value for s in Stance)]
    assert choices("/api/claims", "sort") == [s.value for s in ClaimSort]


def test_cors_is_off_by_default(client, store, settings):
    response = client.get("/api/outlets", headers={"Origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in response.headers
    from starlette.testclient import TestClient

    from factdesk.serve import create_app

    allowed = TestClient(create_app(store, settings, cors_origins=("https://ok.example",)))
    answer = allowed.get("/api/outlets", headers={"Origin": "https://ok.example"})
    assert answer.headers["access-control-allow-origin"] == "https://ok.example"


@pytest.mark.slow
def test_ingested_html_is_analysed_stored_and_searchable(open_client):
    client = open_client
    page = ("<html><head><title>Harbour ferry</title></head><body><article>"
            "<h1>Ferry operator loses harbour contract</h1>"
            "<p>The Northbridge council voted on Tuesday to end the ferry operator's contract "
            "after a year of cancelled crossings and late boats.</p>"
            "<p>\u201cWe gave them every chance to fix the timetable,\u201d said Amara Okafor, "
            "who chairs the transport committee.</p></article></body></html>")
    body = finished(client, client.post("/api/ingest", json={"html": page}).json())
    assert body["rejection"] is None and body["article_id"]
    found = client.get("/api/search", params={"kind": "quotes", "q": "timetable"}).json()
    assert any(q["article_id"] == body["article_id"] and q["speaker"] == "Amara Okafor"
               for q in found["items"])
    again = finished(client, client.post("/api/ingest", json={"html": page}).json())
    assert again["article_id"] == body["article_id"]  # idempotent: the same page, the same id


def test_article_document_names_its_story(client, store):
    from factdesk.analyze.corpus.stories import StoryGrouper
    from factdesk.store.stories import regroup

    with store.transaction() as conn:
        regroup(conn, StoryGrouper())
    article_id = client.get("/api/search", params={"q": "ferry"}).json()["items"][0]["id"]
    body = client.get(f"/api/articles/{article_id}").json()
    assert body["story"] == store.story_of(article_id) is not None
    assert body["story_articles"] == [a for a in store.story_articles(body["story"])
                                      if a != article_id]
