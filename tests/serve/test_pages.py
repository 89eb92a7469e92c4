"""Server-rendered pages, in-process: what they show without JavaScript, escaping,
and the security headers."""

import re

import pytest

from factdesk.serve import CONTENT_SECURITY_POLICY
from tests.serve.conftest import HOSTILE, form_token


def _hostile_id(client):
    return client.get("/api/search", params={"q": "Hostile"}).json()["items"][0]["id"]


@pytest.mark.parametrize("path", ["/", "/?q=ferry", "/ingest", "/claims/claim-rigged",
                                  "/entities/person:amara-okafor", "/nowhere",
                                  "/api/outlets", "/api/nowhere", "/static/app.css"])
def test_every_response_has_a_strict_content_security_policy(client, path):
    response = client.get(path)
    csp = response.headers["content-security-policy"]
    assert csp == CONTENT_SECURITY_POLICY
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"


def test_search_page_groups_hits_and_marks_matches(client):
    html = client.get("/", params={"q": "ferry"}).text
    for section in ("articles", "quotes", "claims", "entities"):
        assert f'id="{section}"' in html
    assert "<mark>ferry</mark>" in html or "<mark>Ferry</mark>" in html


def test_article_page_highlights_each_layer_and_lists_removed_chrome(client):
    article_id = client.get("/api/search", params={"q": "ferry"}).json()["items"][0]["id"]
    html = client.get(f"/articles/{article_id}").text
    for layer in ("l-quote", "l-speaker", "l-cue", "l-claim", "l-entity"):
        assert layer in html, layer
    assert 'title="quote (direct) by Amara Okafor, cue: said' in html
    assert "claim: Amara Okafor denies \u201cthe contract had been rigged\u201d (cue: denied)" in html
    assert "<details class=\"chrome\"" in html and "newsletter_prompt" in html
    # removed chrome is text too: its markup is escaped
    assert "Subscribe to our newsletter &lt;b&gt;now&lt;/b&gt;" in html


def test_hostile_article_text_is_escaped_everywhere(client):
    html = client.get(f"/articles/{_hostile_id(client)}").text
    body = html.split("<main ", 1)[1]
    assert "<script>window" not in body and "<img" not in body
    assert 'href="javascript:' not in body
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in body
    assert "\u202e" not in html and "[U+202E]evil.exe[U+202C]" in html
    assert "[U+2066]isolated[U+2069]" in html
    # the only scripts are our own file and the JSON data island
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts == ['<script src="/static/app.js" defer>',
                       '<script src="/static/push.js" defer>',
                       '<script type="application/json" id="annotations">']
    island = html.split('id="annotations">', 1)[1].split("</script>", 1)[0]
    assert "<" not in island


def test_hostile_entity_and_search_pages_are_escaped(client):
    entity = client.get("/entities/person:eve-mallory").text
    assert "<b>x</b>" not in entity and "&lt;b&gt;x&lt;/b&gt;" in entity
    assert "\u202e" not in entity
    found = client.get("/", params={"q": "pwned"}).text
    assert "<script>window" not in found.split("<main ", 1)[1]
    assert "Evil &lt;Outlet&gt;" in found


def test_claim_page_draws_each_stance_on_the_timeline(client):
    html = client.get("/claims/claim-rigged").text
    svg = html.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert svg.count('class="marker st-denies"') == 2  # two articles, two dates
    assert "2024-03-14" in svg and "2024-05-02" in svg
    assert ">Amara Okafor<" in svg and ">denies<" in svg
    assert "Harbour Post" in html and "Northbridge Daily" in html


def test_missing_things_answer_an_html_404(client):
    response = client.get("/articles/nope")
    assert response.status_code == 404 and "no article &#39;nope&#39;" in response.text


def test_ingest_form_shows_errors_on_the_form(open_client):
    client = open_client
    response = client.post("/ingest", data={"url": "http://10.0.0.1/", "text": "",
                                            "csrf": form_token(client, "/ingest")})
    assert response.status_code == 422
    assert "non-public address" in response.text and 'value="http://10.0.0.1/"' in response.text


def test_pasted_text_in_the_form_round_trips_escaped(open_client):
    client = open_client
    response = client.post("/ingest", data={"html": HOSTILE, "url": "http://[::1]/",
                                            "csrf": form_token(client, "/ingest")})
    assert response.status_code == 422
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in response.text


def test_a_url_with_control_characters_is_refused_not_crashed(open_client):
    client = open_client
    response = client.post("/ingest", data={"url": "http://a.example/\x1b[31m",
                                            "csrf": form_token(client, "/ingest")})
    assert response.status_code == 422 and "control characters" in response.text


def test_the_search_form_as_submitted_with_every_field_blank_but_one(client):
    response = client.get("/?q=ferry&outlet=Harbour+Post&date_from=&date_to=&speaker=&stance="
                          "&kind=")
    assert response.status_code == 200
    assert response.text.count('class="hit hit-articles"') == 1


def test_every_stance_has_a_label_and_the_search_filter_takes_each():
    from typing import get_args

    from factdesk.model import Stance
    from factdesk.serve.api import StanceName
    from factdesk.serve.timeline import STANCE_LABELS

    assert set(STANCE_LABELS) == set(Stance)
    assert set(get_args(StanceName)) == {"", *Stance}
