"""The entity page's quotes and articles: paged, sorted and filtered with the same
checks as every list (serve/params.py)."""

from __future__ import annotations

import re

import pytest

OKAFOR = "/entities/person:amara-okafor"


def _dates(html: str, section: str) -> list[str]:
    part = html.split(f'<section class="{section}">')[1].split("</section>")[0]
    return re.findall(r">(\d{4}-\d{2}-\d{2})</time>", part)


def test_the_lists_are_paged_with_links_that_keep_the_other_parameters(client):
    first = client.get(OKAFOR, params={"limit": 1, "sort": "oldest"})
    assert first.status_code == 200
    assert _dates(first.text, "articles")[:1] == ["2024-03-14"]
    quotes = first.text.split('<section class="quotes">')[1].split("</section>")[0]
    assert '<span class="count">2</span>' in quotes and quotes.count("<blockquote") == 1
    link = re.search(r'<nav class="pager" aria-label="More articles">\s*<a rel="next" '
                     r'href="\?([^"]+)"', first.text)
    assert link, first.text
    query = link.group(1).replace("&amp;", "&")
    assert "sort=oldest" in query and "limit=1" in query and "articles_offset=1" in query
    second = client.get(f"{OKAFOR}?{query}").text
    assert _dates(second, "articles")[:1] == ["2024-05-02"]
    assert 'rel="prev"' in second.split('<section class="articles">')[1]


def test_newest_first_by_default_and_oldest_on_asking(client):
    newest = client.get(OKAFOR).text
    oldest = client.get(OKAFOR, params={"sort": "oldest"}).text
    assert [d for d in _dates(newest, "articles")] == ["2024-05-02", "2024-03-14"]
    assert [d for d in _dates(oldest, "articles")] == ["2024-03-14", "2024-05-02"]


def test_filters_apply_to_both_lists(client):
    html = client.get(OKAFOR, params={"outlet": "Harbour Post"}).text
    assert _dates(html, "articles") == ["2024-05-02"]
    assert _dates(html, "quotes") == ["2024-05-02"]
    html = client.get(OKAFOR, params={"date_to": "2024-04-01"}).text
    assert _dates(html, "articles") == ["2024-03-14"]


@pytest.mark.parametrize(("params", "message"), [
    ({"date_from": "2016-13-45"}, "date_from: &#39;2016-13-45&#39; is not a calendar date"),
    ({"sort": "loudest"}, "sort: &#39;loudest&#39; is not a sort of this list"),
    ({"articles_offset": "x"}, "articles_offset: &#39;x&#39; is not a whole number"),
    ({"limit": "500"}, "limit: &#39;500&#39; is not a whole number from 1 to 100"),
    ({"speaker": "Someone"}, "speaker: an entity&#39;s page lists its own quotes"),
], ids=["date", "sort", "offset", "limit", "speaker"])
def test_a_bad_parameter_is_said_on_the_entity_page(client, params, message):
    response = client.get(OKAFOR, params=params)
    assert response.status_code == 400
    assert 'class="error-message param-error"' in response.text
    assert message in response.text
    assert "<blockquote" not in response.text  # nothing listed as if unfiltered


@pytest.mark.parametrize("what", ["articles", "quotes"])
def test_the_api_lists_an_entitys_articles_and_quotes_paged_and_filtered(client, what):
    path = f"/api/entities/person:amara-okafor/{what}"
    first = client.get(path, params={"limit": 1, "sort": "oldest"}).json()
    assert first["total"] == 2 and first["next_offset"] == 1
    assert first["items"][0]["published"][:10] == "2024-03-14"
    second = client.get(path, params={"limit": 1, "sort": "oldest", "offset": 1}).json()
    assert second["items"][0]["published"][:10] == "2024-05-02"
    assert second["next_offset"] is None
    post = client.get(path, params={"outlet": "Harbour Post"}).json()
    assert [i["outlet"] for i in post["items"]] == ["Harbour Post"]
    bad = client.get(path, params={"date_from": "2024-02-30"})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "bad_parameter"
    assert client.get(path, params={"speaker": "x"}).status_code == 400
    assert client.get(f"/api/entities/person:nobody/{what}").status_code == 404
