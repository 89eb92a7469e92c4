"""The claim layer end to end in the app: titles that are whole clauses, check-worthiness,
stories, every source's stance under its canonical entity, sorting and validated filters,
search by label and exports.  The store is built by hand (tests/serve/claim_layer.py)."""

import csv
import io
import json

import pytest

from .claim_layer import claim_store

POLLUTED = "Veltra Mining polluted the Orin River with tailings"
PARK = "The council will open a small park by the station"


@pytest.fixture
def layer_client(settings):
    from starlette.testclient import TestClient

    from factdesk.serve import create_app

    from .conftest import fake_fetcher

    with claim_store() as store, TestClient(
            create_app(store, settings, fetcher=fake_fetcher(settings)),
            base_url="http://testserver") as client:
        client.store = store
        yield client


def _claims(client, **params):
    response = client.get("/api/claims", params=params)
    assert response.status_code == 200, response.text
    return response.json()["items"]


def test_claims_list_carries_title_worthiness_stories_and_canonical_sources(layer_client):
    first, second = _claims(layer_client)
    assert (first["label"], first["check_worthiness"]) == (POLLUTED, 0.9)
    assert (second["label"], second["check_worthiness"]) == (PARK, 0.2)
    assert first["mentions"] == 3 and len(first["stories"]) == 1
    assert {(s["source"], s["stance"], s["entity_id"]) for s in first["sources"]} == {
        ("the regional water board", "asserts", "org:regional-water-board"),
        ("one inspector", "asserts", None),
        ("Dana J. Whitlock", "denies", "person:dana-whitlock")}  # canonical, not per-article


@pytest.mark.parametrize(("params", "expected"), [
    ({"sort": "checkworthy"}, [POLLUTED, PARK]),
    ({"sort": "recent"}, [PARK, POLLUTED]),
    ({"sort": "mentions"}, [POLLUTED, PARK]),
    ({"entity": "person:dana-whitlock"}, [POLLUTED]),
    ({"entity": "person:dana-j-whitlock"}, [POLLUTED]),
    ({"outlet": "Lakeside Ledger"}, [POLLUTED]),
    ({"outlet": "Valley Courier", "sort": "recent"}, [PARK, POLLUTED]),
], ids=["checkworthy", "recent", "mentions", "entity", "entity-other-id", "outlet",
        "outlet-sorted"])
def test_claims_sort_and_filter(layer_client, params, expected):
    assert [c["label"] for c in _claims(layer_client, **params)] == expected


def test_claims_of_one_story(layer_client):
    story = _claims(layer_client)[1]["stories"][0]
    assert [c["label"] for c in _claims(layer_client, story=story)] == [PARK]


@pytest.mark.parametrize(("params", "words"), [
    ({"sort": "loudest"}, "sort: 'loudest' is not a sort of this list; choose from "
                          "checkworthy, recent, mentions"),
    ({"entity": "person:nobody"}, "no entity 'person:nobody'"),
    ({"outlet": "Moon Gazette"}, "no outlet 'Moon Gazette'"),
    ({"story": "nope"}, "no story 'nope'"),
], ids=["sort", "entity", "outlet", "story"])
def test_a_bad_claims_parameter_is_a_400_saying_why(layer_client, params, words):
    response = layer_client.get("/api/claims", params=params)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_parameter"
    assert words in response.json()["error"]["message"]


def test_claim_document_has_labels_worthiness_stories_and_canonical_ids(layer_client):
    claim_id = _claims(layer_client)[0]["id"]
    body = layer_client.get(f"/api/claims/{claim_id}").json()
    assert body["label"] == POLLUTED and body["check_worthiness"] == 0.9
    assert len(body["stories"]) == 1
    denial = next(s for s in body["stances"] if s["stance"] == "denies")
    assert (denial["source_id"], denial["entity_id"]) == ("person:dana-j-whitlock",
                                                          "person:dana-whitlock")
    assert [a["outlet"] for a in denial["appearances"]] == ["Valley Courier"]
    pronoun = next(m for m in body["mentions"] if m["text"].startswith("It "))
    assert pronoun["label"] == "it polluted the Orin River for weeks"
    assert pronoun["check_worthiness"] == 0.9


def test_claim_page_shows_title_worthiness_stances_and_story_but_no_key(layer_client):
    claim_id = _claims(layer_client)[0]["id"]
    html = layer_client.get(f"/claims/{claim_id}").text
    assert f"\u201c{POLLUTED}\u201d" in html
    assert "check-worthiness 0.90" in html
    assert "org:veltra-mining|pollute" not in html and "key <code>" not in html
    stances = html.split('class="stance-table"', 1)[1].split("</table>", 1)[0]
    denial = next(row for row in stances.split("<tr")[1:] if 'data-stance="denies"' in row)
    assert 'href="/entities/person%3Adana-whitlock"' in denial
    assert "Valley Courier" in denial and "2025-02-05" in denial
    story = html.split('<section class="story">', 1)[1].split("</section>", 1)[0]
    assert "Veltra Mining polluted the Orin River, inspectors say" in story
    assert "Veltra denies polluting the Orin River" in story
    assert "Council plans a park" not in story


def test_article_page_shows_each_claims_title_and_stance(layer_client):
    hit = layer_client.get("/api/search", params={"q": "Veltra denies"}).json()["items"][0]
    html = layer_client.get(f"/articles/{hit['id']}").text
    claims = html.split('<section class="claims">', 1)[1].split("</section>", 1)[0]
    assert f">{POLLUTED}</a>" in claims
    assert "stance-denies" in claims or "denies" in claims
    assert "here: \u201cthe company polluted the Orin River\u201d" in claims
    view = layer_client.get(f"/api/articles/{hit['id']}").json()
    (claim,) = [a for a in view["annotations"] if a["layer"] == "claim"]
    assert (claim["claim_label"], claim["label"], claim["stance"]) == (
        POLLUTED, "the company polluted the Orin River", "denies")


def test_entity_page_lists_claims_under_the_canonical_entity(layer_client):
    for entity_id in ("person:dana-whitlock", "person:dana-j-whitlock"):
        body = layer_client.get(f"/api/entities/{entity_id}").json()
        assert [(s["label"], s["stance"]) for s in body["stances"]] == [(POLLUTED, "denies")]
    html = layer_client.get("/entities/person:dana-whitlock").text
    assert POLLUTED in html and "check-worthiness 0.90" in html


def test_claim_search_matches_the_title(layer_client):
    body = layer_client.get("/api/search", params={"kind": "claims", "q": "tailings"}).json()
    assert [h["title"] for h in body["items"]] == [POLLUTED]
    assert {"text": "tailings", "match": True} in body["items"][0]["highlights"]


def test_exports_carry_labels_and_check_worthiness(tmp_path):
    from factdesk.store import export

    with claim_store(tmp_path / "x.db") as store:
        out = io.StringIO()
        export(store, "csv", "claims", out)
        claims = {r["label"]: r for r in csv.DictReader(io.StringIO(out.getvalue()))}
        assert float(claims[POLLUTED]["check_worthiness"]) == 0.9
        out = io.StringIO()
        export(store, "jsonl", "claim_mentions", out)
        mentions = [json.loads(line) for line in out.getvalue().splitlines()]
    denial = next(m for m in mentions if m["stance"] == "denies")
    assert denial["label"] == "the company polluted the Orin River"
    assert denial["check_worthiness"] == 0.7
    assert denial["claim_id"] == claims[POLLUTED]["id"]
