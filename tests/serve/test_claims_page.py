"""The claims list page: sorted, filtered and paged with the shared list checks."""

from __future__ import annotations

import re

import pytest

from .test_claim_layer import PARK, POLLUTED, layer_client  # noqa: F401 (a fixture)


def _labels(html: str) -> list[str]:
    return re.findall(r'<a class="title" href="/claims/[^"]+">([^<]+)</a>', html)


@pytest.mark.parametrize(("params", "expected"), [
    ({}, [POLLUTED, PARK]),
    ({"sort": "recent"}, [PARK, POLLUTED]),
    ({"entity": "person:dana-j-whitlock"}, [POLLUTED]),
    ({"outlet": "Lakeside Ledger"}, [POLLUTED]),
    ({"stance": "denies"}, [POLLUTED]),
], ids=["default", "recent", "entity", "outlet", "stance"])
def test_the_claims_page_sorts_and_filters(layer_client, params, expected):  # noqa: F811
    response = layer_client.get("/claims", params=params)
    assert response.status_code == 200, response.text
    assert _labels(response.text) == expected


def test_the_claims_page_is_paged(layer_client):  # noqa: F811
    first = layer_client.get("/claims", params={"limit": 1, "sort": "recent"}).text
    assert _labels(first) == [PARK]
    link = re.search(r'<a rel="next" href="\?([^"]+)"', first).group(1).replace("&amp;", "&")
    assert "sort=recent" in link and "offset=1" in link
    second = layer_client.get("/claims?" + link).text
    assert _labels(second) == [POLLUTED] and 'rel="next"' not in second


@pytest.mark.parametrize(("params", "message"), [
    ({"sort": "loudest"}, "sort: &#39;loudest&#39; is not a sort of this list"),
    ({"date_from": "2016-13-45"}, "date_from: &#39;2016-13-45&#39; is not a calendar date"),
    ({"outlet": "Moon Gazette"}, "no outlet &#39;Moon Gazette&#39;"),
    ({"limit": "0"}, "limit: &#39;0&#39; is not a whole number"),
], ids=["sort", "date", "outlet", "limit"])
def test_a_bad_value_is_said_beside_the_form(layer_client, params, message):  # noqa: F811
    response = layer_client.get("/claims", params=params)
    assert response.status_code == 400
    assert 'class="error-message param-error"' in response.text and message in response.text
    assert _labels(response.text) == []
