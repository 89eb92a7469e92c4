"""Following and the inbox are paged and sorted, with the shared checks of list
parameters (a bad one is said on the page, with a 400)."""

from __future__ import annotations

import re

import pytest

from factdesk.notify import process
from tests.serve.conftest import page_token
from tests.serve.test_inbox import _follow_claim, _stance


def _follow(client, kind, target):
    client.post("/follow", data={"kind": kind, "target": target, "csrf": page_token(client)})


def _followed(html: str) -> list[str]:
    return re.findall(r'<li class="followed followed-(\w+)">', html)


def test_following_is_paged_and_sorted(people, store):
    ana = people("ana")
    _follow(ana, "entity", "person:amara-okafor")
    _follow(ana, "claim", "claim-rigged")
    _follow(ana, "search", "ferry")
    # the follows are made within one second: give them distinct times, oldest first
    for n, target in enumerate(("person:amara-okafor", "claim-rigged", "ferry")):
        store.conn.execute("UPDATE follows SET created = ? WHERE target = ?",
                           (f"2024-01-0{n + 1}T00:00:00+00:00", target))
    assert _followed(ana.get("/following").text) == ["claim", "entity", "search"]  # by kind
    assert _followed(ana.get("/following?sort=newest").text) == ["search", "claim", "entity"]
    oldest = ana.get("/following?sort=oldest&limit=2").text
    assert _followed(oldest) == ["entity", "claim"]
    link = re.search(r'<a rel="next" href="\?([^"]+)"', oldest).group(1).replace("&amp;", "&")
    assert "sort=oldest" in link and "offset=2" in link
    assert _followed(ana.get("/following?" + link).text) == ["search"]


def test_the_inbox_is_paged_and_sorted(people, store, settings):
    ana = people("ana")
    _follow_claim(ana)
    for source in ("Harbour Post", "Valley Post", "Ferry Times"):
        _stance(store, source=source)
        process(store, settings)

    def sources(html):
        return re.findall(r"(Harbour Post|Valley Post|Ferry Times)", html.split(
            '<ol class="notifications">')[1].split("</ol>")[0])

    newest = sources(ana.get("/inbox").text)
    assert len(newest) >= 3
    order = list(dict.fromkeys(newest))
    assert order == ["Ferry Times", "Valley Post", "Harbour Post"]
    oldest = list(dict.fromkeys(sources(ana.get("/inbox?sort=oldest").text)))
    assert oldest == order[::-1]
    one = ana.get("/inbox?sort=oldest&limit=1").text
    assert list(dict.fromkeys(sources(one))) == ["Harbour Post"]
    link = re.search(r'<a rel="next" href="/inbox\?([^"]+)"', one).group(1).replace("&amp;", "&")
    assert "sort=oldest" in link and "limit=1" in link and "offset=1" in link
    assert list(dict.fromkeys(sources(ana.get("/inbox?" + link).text))) == ["Valley Post"]


@pytest.mark.parametrize("path", ["/following", "/inbox"])
@pytest.mark.parametrize(("query", "message"), [
    ("sort=loudest", "sort: &#39;loudest&#39; is not a sort of this list"),
    ("limit=0", "limit: &#39;0&#39; is not a whole number"),
    ("offset=-3", "offset: &#39;-3&#39; is not a whole number"),
])
def test_a_bad_list_parameter_is_said_on_the_page(people, path, query, message):
    ana = people("ana")
    response = ana.get(f"{path}?{query}")
    assert response.status_code == 400
    assert 'class="error-message param-error"' in response.text and message in response.text
