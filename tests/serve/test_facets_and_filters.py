"""Facets beside search results, and list parameters checked one way everywhere.

Facets count the whole result set (not the page shown), and each value's filter,
added to the search, finds exactly as many hits as the value counts.  A bad filter,
paging or sort value is a 400 in the API (the one error shape, naming the
parameter) and a message beside the form on the search page; articles without a
publication date are counted and said when a date filter leaves them out.
"""

from __future__ import annotations

import re

import pytest

from factdesk.clean import verbatim_article
from factdesk.model import Analysis, Article, PageOutcome, content_id


def _undated(store) -> None:
    """An article about the ferry that printed no date."""
    text = "Ferry timetable unclear\n\nNobody knows when the ferry will sail again."
    url = "https://undated.example/ferry"
    base = verbatim_article(text, source=url, url=url)
    article = Article(**{**{f: getattr(base, f) for f in base.__slots__},
                         "headline": base.paragraphs[0], "site_name": "Undated Gazette",
                         "page_id": content_id(url, text)})
    store.write([PageOutcome(source=url, page_id=article.page_id, key=url, url=url,
                             article=article, analysis=Analysis(article_id=article.id))])


def _facets(client, **params):
    response = client.get("/api/search", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_facets_count_the_whole_result_set_not_the_page(client):
    body = _facets(client, q="ferry", kind="articles", limit=1)
    assert len(body["items"]) == 1 and body["total"] == 2
    facets = body["facets"]
    assert {v["label"]: v["count"] for v in facets["outlet"]} == {
        "Northbridge Daily": 1, "Harbour Post": 1}
    assert [(v["label"], v["count"]) for v in facets["date"]] == [("2024-05", 1),
                                                                   ("2024-03", 1)]
    assert facets["date"][1]["filters"] == {"date_from": "2024-03-01", "date_to": "2024-03-31"}
    assert facets["date_unit"] == "month" and facets["capped"] is False
    (okafor,) = facets["speaker"]
    assert okafor == {"label": "Amara Okafor", "count": 2,
                      "filters": {"speaker": "person:amara-okafor"}}
    assert {v["label"]: v["count"] for v in facets["stance"]} == {"denies": 2, "questions": 2}


@pytest.mark.parametrize("kind", ["articles", "quotes", "claims"])
def test_each_facet_values_filter_finds_as_many_hits_as_it_counts(client, kind):
    body = _facets(client, q="", kind=kind, outlet="", limit=1)
    values = [v for name in ("outlet", "date", "speaker", "stance")
              for v in body["facets"][name]]
    assert values, body["facets"]
    for value in values:
        narrowed = _facets(client, kind=kind, limit=1, **value["filters"])
        assert narrowed["total"] == value["count"], (kind, value)


def test_one_month_of_hits_is_counted_by_day(client):
    body = _facets(client, kind="articles", date_from="2024-03-01", date_to="2024-04-30")
    assert body["facets"]["date_unit"] == "month"
    march = _facets(client, kind="articles", date_from="2024-03-01", date_to="2024-03-31")
    assert march["facets"]["date_unit"] == "day"
    assert march["facets"]["date"] == [{"label": "2024-03-14", "count": 1, "filters": {
        "date_from": "2024-03-14", "date_to": "2024-03-14"}}]


def test_entities_have_no_facets(client):
    facets = _facets(client, q="Okafor", kind="entities")["facets"]
    assert all(facets[name] == [] for name in ("outlet", "date", "speaker", "stance"))


def test_the_search_page_links_each_facet_value_adding_its_filter(client):
    html = client.get("/?q=ferry&kind=articles").text
    assert '<aside class="facets"' in html
    link = re.search(r'<a href="\?([^"]*)">Harbour Post</a> <span class="count">1</span>', html)
    assert link, html
    target = link.group(1).replace("&amp;", "&")
    assert "q=ferry" in target and "kind=articles" in target and "outlet=Harbour+Post" in target
    narrowed = client.get("/?" + target).text
    assert narrowed.count('class="hit hit-articles"') == 1
    # the stance facet is labelled as the stance filter is, and its link adds the filter
    assert re.search(r'href="\?[^"]*stance=denies">denies</a>', html) or \
        re.search(r'href="\?[^"]*stance=denies">[^<]+</a>', html)


def test_facet_labels_are_escaped(client):
    html = client.get("/?q=hostile&kind=articles").text
    assert "Evil &lt;Outlet&gt;" in html and "Evil <Outlet>" not in html
    assert "outlet=Evil+%3COutlet%3E" in html


def test_a_date_filter_says_how_many_undated_articles_it_left_out(client, store):
    _undated(store)
    client.app.state.ctx.views.wrote()
    everything = _facets(client, q="ferry", kind="articles")
    assert everything["total"] == 3 and everything["undated"] == 0
    assert everything["facets"]["undated"] == 1
    dated = _facets(client, q="ferry", kind="articles", date_from="2024-01-01")
    assert dated["total"] == 2 and dated["undated"] == 1
    html = client.get("/?q=ferry&date_from=2024-01-01").text
    assert "1 undated article not shown" in html
    assert "undated" not in client.get("/?q=ferry").text.split("</form>")[1].split(
        '<aside class="facets"')[0]


def test_every_section_of_the_search_page_takes_the_filters(client):
    # Okafor speaks only in 2024: a 2025 date range leaves no quote, claim or entity
    html = client.get("/?q=Okafor&date_from=2025-01-01").text
    for kind in ("articles", "quotes", "claims", "entities"):
        section = html.split(f'id="{kind}"')[1].split("</section>")[0]
        assert f"No {kind} match." in section, kind
    html = client.get("/?q=Okafor&outlet=Harbour+Post").text
    entities = html.split('id="entities"')[1].split("</section>")[0]
    assert "Amara <mark>Okafor</mark>" in entities


def test_the_entities_section_honours_left_out_words(client):
    def entities(q):
        html = client.get("/", params={"q": q}).text
        return html.split('id="entities"')[1].split("</section>")[0]

    assert "Amara <mark>Okafor</mark>" in entities("Okafor")
    assert "<mark>Amara</mark> Okafor" in entities("Amara")
    assert "No entities match." in entities("Amara -Okafor")
    assert "No entities match." in entities('Amara NOT "amara okafor"')
    assert "<mark>Northbridge</mark>" in entities("Northbridge -Okafor")


def test_sort_puts_articles_newest_or_oldest_first(client):
    newest = [h["published"][:10] for h in _facets(client, q="ferry", sort="newest")["items"]]
    oldest = [h["published"][:10] for h in _facets(client, q="ferry", sort="oldest")["items"]]
    assert newest == ["2024-05-02", "2024-03-14"] and oldest == newest[::-1]
    listed = client.get("/api/articles", params={"sort": "oldest"}).json()["items"]
    assert [a["published"][:10] for a in listed] == ["2024-03-14", "2024-04-01", "2024-05-02"]


def test_the_article_and_claim_lists_take_the_shared_filters(client):
    articles = client.get("/api/articles", params={"outlet": "Harbour Post"}).json()
    assert [a["outlet"] for a in articles["items"]] == ["Harbour Post"]
    spring = client.get("/api/articles", params={"date_from": "2024-04-01",
                                                 "date_to": "2024-04-30"}).json()
    assert [a["published"][:10] for a in spring["items"]] == ["2024-04-01"]
    claims = client.get("/api/claims", params={"stance": "denies"}).json()
    assert [c["id"] for c in claims["items"]] == ["claim-rigged"]
    assert client.get("/api/claims", params={"stance": "asserts"}).json()["total"] == 0
    assert client.get("/api/claims", params={"date_from": "2025-01-01"}).json()["total"] == 0


BAD = [
    ({"date_from": "2016-13-45"}, "date_from: '2016-13-45' is not a calendar date"),
    ({"date_to": "2024-5-1"}, "date_to: '2024-5-1' is not a calendar date"),
    ({"date_from": "yesterday"}, "date_from: 'yesterday' is not a calendar date"),
    ({"date_from": "2024-06-01", "date_to": "2024-05-01"},
     "date_from 2024-06-01 is after date_to 2024-05-01"),
    ({"stance": "maybe"}, "stance: 'maybe' is not a stance"),
    ({"limit": "0"}, "limit: '0' is not a whole number from 1 to 100"),
    ({"limit": "abc"}, "limit: 'abc' is not a whole number"),
    ({"offset": "-1"}, "offset: '-1' is not a whole number"),
    ({"outlet": "Harbour\x00Post"}, "outlet: control characters are not allowed"),
    ({"sort": "loudest"}, "sort: 'loudest' is not a sort of this list"),
]
LISTS = ["/api/search", "/api/articles", "/api/claims"]


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize(("params", "message"), BAD, ids=[m.split(":")[0].split(" ")[0] + "-"
                                                          + str(i) for i, (_, m) in
                                                          enumerate(BAD)])
def test_a_bad_list_parameter_is_a_400_naming_it_on_every_api_list(client, path, params,
                                                                     message):
    response = client.get(path, params=params)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["code"] == "bad_parameter" and message in error["message"]


@pytest.mark.parametrize(("params", "message"), BAD + [
    ({"kind": "planets"}, "kind: 'planets' is not a kind")],
    ids=lambda v: str(v)[:30])
def test_a_bad_filter_on_the_search_page_is_said_beside_the_form(client, params, message):
    response = client.get("/", params={"q": "ferry", **params})
    assert response.status_code == 400
    html = response.text
    assert 'class="error-message param-error"' in html and 'role="alert"' in html
    from markupsafe import escape

    assert escape(message) in html
    assert '<form class="filters"' in html  # the form is there to fix it
    assert 'class="hit ' not in html        # and nothing is listed as if unfiltered


def test_claims_and_entities_have_one_order_and_say_so(client):
    for kind in ("claims", "entities"):
        assert client.get("/api/search", params={"kind": kind, "sort": "relevance"}
                          ).status_code == 200
        refused = client.get("/api/search", params={"kind": kind, "sort": "newest"})
        assert refused.status_code == 400
        assert "sort: 'newest' is not a sort of this list" in refused.json()["error"]["message"]


def test_a_query_over_500_characters_is_said_beside_the_form(client):
    response = client.get("/", params={"q": "ferry " * 100})
    assert response.status_code == 400
    assert "q: 600 characters, more than 500" in response.text
    assert '<form class="filters"' in response.text
