"""Entity pages, the API and entity search under one canonical id per person."""

from tests.store.test_identity import CORPUS


def test_any_id_of_a_person_opens_one_entity_with_every_article(store, client):
    store.write(CORPUS)
    for eid in ("person:daniel-harrow", "person:daniel-j-harrow", "person:harrow", "org:harrow"):
        body = client.get(f"/api/entities/{eid}").json()
        assert body["id"] == "person:daniel-harrow"
        assert body["name"] == "Daniel Harrow" and body["article_count"] == 7
        assert len(body["articles"]) == 7
        assert {"Daniel J. Harrow", "Harrow"} <= set(body["aliases"])
        assert "Ingrid Harrow" not in body["aliases"]
    page = client.get("/entities/person:daniel-j-harrow").text
    assert "Daniel Harrow" in page


def test_entity_search_lists_a_person_once_and_relatives_apart(store, client):
    store.write(CORPUS)
    body = client.get("/api/search", params={"kind": "entities", "q": "harrow"}).json()
    ids = [hit["id"] for hit in body["items"]]
    assert sorted(ids) == ["person:daniel-harrow", "person:daniel-harrow-jr",
                           "person:ingrid-harrow"]
