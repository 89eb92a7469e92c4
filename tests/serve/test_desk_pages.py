"""The desk pages and their API, in-process: contested claims (both sides, outlets,
filters that narrow, bad values said with a 400), stories (articles by outlet and
time, claims, the stance timeline, what changed since a day), outlet comparisons,
the links to them, and escaping of a hostile source name.  The store is built by
hand (tests/serve/desk_corpus.py) and clustered by the real linker and grouper."""

import re

import pytest

from factdesk.store.contested import contested_row
from factdesk.store.positions import Position

from .desk_corpus import (BOARD_LABEL, DAM_LABEL, HOSTILE_SOURCE, HOURS_LABEL, desk_store,
                          union_again)

ESCAPED = "&lt;script&gt;window.__pwned=9&lt;/script&gt;"


@pytest.fixture(scope="module")
def desk():
    from starlette.testclient import TestClient

    from factdesk.serve import create_app
    from factdesk.settings import Settings

    with desk_store() as store, TestClient(create_app(store, Settings(), notifier=None),
                                           base_url="http://testserver") as client:
        yield client


def _json(client, path, **params):
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def _labels(client, **params):
    return [row["label"] for row in _json(client, "/api/contested", **params)["items"]]


def _main(html: str) -> str:
    return html.split("<main ", 1)[1]


def _names(side):
    return sorted(s["source"] for s in side)


def _claim_id(client, label):
    found = [c["id"] for c in _json(client, "/api/claims", limit=100)["items"]
             if c["label"] == label]
    assert len(found) == 1, label
    return found[0]


def _dam_story(client):
    stories = _json(client, "/api/stories")["items"]
    return next(s for s in stories if s["articles"] == 3)["id"]


# -- contested claims ----------------------------------------------------------------------


def test_contested_lists_both_sides_and_the_outlets_newest_change_first(desk):
    page = _json(desk, "/api/contested")
    assert page["total"] == 2  # the safety board's inspection is asserted only
    dam, hours = page["items"]
    assert (dam["label"], hours["label"]) == (DAM_LABEL, HOURS_LABEL)
    assert _names(dam["asserts"]) == sorted([HOSTILE_SOURCE, "Mara Quint"])
    assert _names(dam["denies"]) == ["Tomas Reyes"]
    assert _names(dam["does_not_deny"]) == ["Tomas Reyes"]
    assert dam["outlets"] == ["Basin Tribune", "Coast Ledger", "Ridge Herald"]
    quint = next(s for s in dam["asserts"] if s["source"] == "Mara Quint")
    assert quint["outlets"] == ["Basin Tribune", "Ridge Herald"]
    assert dam["latest"].startswith("2025-06-06") and dam["source_count"] == 3
    assert _names(hours["asserts"]) == ["library union"]
    assert _names(hours["denies"]) == ["Ines Varga"]
    assert hours["outlets"] == ["Basin Tribune", "Coast Ledger"]


@pytest.mark.parametrize(("params", "expected"), [
    ({"outlet": "Ridge Herald"}, [DAM_LABEL]),
    ({"outlet": "Coast Ledger"}, [DAM_LABEL, HOURS_LABEL]),
    ({"date_from": "2025-06-01"}, [DAM_LABEL]),
    ({"date_to": "2025-05-31"}, [HOURS_LABEL]),
    ({"date_from": "2025-05-11", "date_to": "2025-05-12"}, [HOURS_LABEL]),
    ({"date_from": "2025-07-01"}, []),
    ({"entity": "person:ines-varga"}, [HOURS_LABEL]),
    ({"entity": "person:tomas-reyes"}, [DAM_LABEL]),
    ({"entity": "fac:harlow-dam"}, [DAM_LABEL]),
    ({"entity": "ines varga"}, [HOURS_LABEL]),
    ({"entity": "person:ines-varga", "outlet": "Basin Tribune"}, [HOURS_LABEL]),
    ({"entity": "person:ines-varga", "date_from": "2025-06-01"}, []),
], ids=["outlet", "outlet-both", "from", "to", "range", "after-all",
        "entity-source", "entity-denier", "entity-about", "entity-name", "entity-and-outlet",
        "entity-and-date"])
def test_contested_filters_narrow(desk, params, expected):
    assert _labels(desk, **params) == expected


@pytest.mark.parametrize(("params", "named"), [
    ({"date_from": "2016-13-45"}, "date_from"),
    ({"date_to": "20250101"}, "date_to"),
    ({"date_to": "2025-6-1"}, "date_to"),
    ({"date_from": "2025-06-02", "date_to": "2025-06-01"}, "after date_to"),
    ({"sort": "loudest"}, "sort"),
    ({"entity": "person:nobody"}, "entity"),
    ({"entity": "Ines"}, "entity"),
    ({"outlet": "Nowhere Times"}, "outlet"),
], ids=["bad-day", "no-dashes", "short", "reversed", "sort", "entity", "part-of-a-name",
     "outlet"])
def test_a_bad_filter_is_a_400_that_names_it_in_the_api_and_on_the_page(desk, params, named):
    response = desk.get("/api/contested", params=params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["status"] == 400 and named in error["message"]
    assert error["code"] == "bad_parameter"  # as every list answers a bad filter
    page = desk.get("/contested", params=params)
    assert page.status_code == 400
    alert = re.search(r'<p class="error-message" role="alert">(.*?)</p>', page.text, re.S)
    assert alert and named in alert.group(1)
    assert 'class="contested-row"' not in page.text  # nothing shown as if unfiltered


@pytest.mark.parametrize("sort", ["changed", "sources", "outlets"])
def test_contested_sorts_put_the_three_outlet_claim_first(desk, sort):
    assert _labels(desk, sort=sort) == [DAM_LABEL, HOURS_LABEL]


def test_contested_pages(desk):
    first = _json(desk, "/api/contested", limit=1)
    assert [r["label"] for r in first["items"]] == [DAM_LABEL] and first["next_offset"] == 1
    second = _json(desk, "/api/contested", limit=1, offset=1)
    assert [r["label"] for r in second["items"]] == [HOURS_LABEL]
    assert second["next_offset"] is None
    assert desk.get("/contested", params={"page": "2"}).status_code == 200
    for bad in ("0", "two", "-1"):
        page = desk.get("/contested", params={"page": bad})
        assert page.status_code == 400 and "page" in page.text


def test_contested_page_shows_who_asserts_who_denies_and_in_how_many_outlets(desk):
    html = _main(desk.get("/contested").text)
    rows = re.findall(r'<tr class="contested-row">(.*?)</tr>', html, re.S)
    assert len(rows) == 2
    dam = rows[0]
    asserts = re.search(r'class="side-asserts">(.*?)</td>', dam, re.S).group(1)
    denies = re.search(r'class="side-denies">(.*?)</td>', dam, re.S).group(1)
    assert "Mara Quint" in asserts and "Tomas Reyes" not in asserts
    assert "Tomas Reyes" in denies and "Mara Quint" not in denies
    assert "in 3 outlets" in dam and "in 2 outlets" in rows[1]
    assert f'href="/claims/{_claim_id(desk, DAM_LABEL)}"' in dam


def test_hostile_source_name_is_escaped_on_every_desk_page(desk):
    story = _dam_story(desk)
    claim = _claim_id(desk, DAM_LABEL)
    for path in ("/contested", f"/stories/{story}", f"/stories/{story}?since=2025-06-05",
                 f"/stories/{story}/outlets", f"/claims/{claim}/outlets"):
        html = _main(desk.get(path).text)
        assert "<script>window.__pwned" not in html, path
        assert ESCAPED in html, path


def test_a_new_article_shows_at_once_though_answers_are_cached():
    from starlette.testclient import TestClient

    from factdesk.analyze import CLAIM_LINKER
    from factdesk.serve import create_app
    from factdesk.settings import Settings

    with desk_store() as store, TestClient(create_app(store, Settings(), notifier=None),
                                           base_url="http://testserver") as client:
        hours = _json(client, "/api/contested")["items"][1]
        assert hours["outlets"] == ["Basin Tribune", "Coast Ledger"]
        assert "in 2 outlets" in client.get("/contested").text
        store.write([union_again()])
        store.recluster(CLAIM_LINKER)
        hours = _json(client, "/api/contested")["items"][1]
        assert hours["label"] == HOURS_LABEL
        assert hours["outlets"] == ["Basin Tribune", "Coast Ledger", "Ridge Herald"]
        rows = re.findall(r'<tr class="contested-row">(.*?)</tr>', client.get("/contested").text,
                          re.S)
        assert "in 3 outlets" in rows[1]


def test_a_source_on_both_sides_alone_is_not_contested():
    def at(stance, source_key, source):
        return Position(claim_id="c", article_id=f"a-{stance}", outlet="O", published=None,
                        source=source, source_key=source_key, entity_id=None, stance=stance)

    claim = {"id": "c", "label": "x", "check_worthiness": None, "mentions": 2}
    alone = [at("asserts", "entity:p", "P"), at("denies", "entity:p", "P. Q.")]
    assert contested_row(claim, alone) is None
    assert contested_row(claim, [*alone, at("believes", "name:q", "Q")]) is not None
    assert contested_row(claim, [at("asserts", "name:q", "Q"),
                                 at("questions", "name:r", "R")]) is None


# -- stories -------------------------------------------------------------------------------


def test_stories_list_newest_first_with_outlets(desk):
    page = _json(desk, "/api/stories")
    assert page["total"] == 3
    first = page["items"][0]
    assert first["articles"] == 3 and first["claims"] == 2
    assert first["outlets"] == ["Basin Tribune", "Coast Ledger", "Ridge Herald"]
    assert first["title"] == "Engineer says Harlow Water concealed cracks in the Harlow dam"
    latest = [s["latest"] for s in page["items"]]
    assert latest == sorted(latest, reverse=True)
    by_size = _json(desk, "/api/stories", sort="articles", limit=1)
    assert by_size["items"][0]["id"] == first["id"] and by_size["next_offset"] == 1
    assert desk.get("/api/stories", params={"sort": "biggest"}).status_code == 400
    html = _main(desk.get("/stories").text)
    assert f'href="/stories/{first["id"]}"' in html and "3 articles in Basin Tribune" in html


def test_stories_of_several_articles(desk):
    several = _json(desk, "/api/stories", min_articles=2)
    assert several["total"] == 1 and several["items"][0]["articles"] == 3
    assert _json(desk, "/api/stories", min_articles=4)["items"] == []
    html = _main(desk.get("/stories", params={"min_articles": "2"}).text)
    assert html.count('class="story-item"') == 1
    assert _main(desk.get("/stories").text).count('class="story-item"') == 3
    bad = desk.get("/stories", params={"min_articles": "many"})
    assert bad.status_code == 400 and "min_articles" in bad.text


def test_story_shows_articles_by_outlet_in_time_its_claims_and_timeline(desk):
    story = _dam_story(desk)
    detail = _json(desk, f"/api/stories/{story}")
    assert [g["outlet"] for g in detail["by_outlet"]] == ["Ridge Herald", "Basin Tribune",
                                                         "Coast Ledger"]
    days = [a["published"][:10] for a in detail["articles"]]
    assert days == ["2025-06-02", "2025-06-04", "2025-06-06"]
    claims = {c["label"]: c for c in detail["claims"]}
    assert set(claims) == {DAM_LABEL, BOARD_LABEL}
    assert claims[DAM_LABEL]["contested"] and not claims[BOARD_LABEL]["contested"]
    assert claims[BOARD_LABEL]["sides"] == {"asserts": ["Coast Ledger (its own reporting)"]}
    assert detail["changes"] is None
    html = _main(desk.get(f"/stories/{story}").text)
    groups = re.findall(r'<div class="outlet-group">\s*<h3>([^<]+?) <span', html)
    assert groups == ["Ridge Herald", "Basin Tribune", "Coast Ledger"]
    svg = html.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert ">Mara Quint<" in svg and ">Tomas Reyes<" in svg
    assert svg.count('class="marker st-denies"') == 1
    assert svg.count('class="marker st-does_not_deny"') == 1
    assert "2025-06-02" in svg and "2025-06-06" in svg
    assert "contested" in html and f'href="/stories/{story}/outlets"' in html


def test_since_shows_only_what_is_newer(desk):
    story = _dam_story(desk)
    changes = _json(desk, f"/api/stories/{story}", since="2025-06-05")["changes"]
    assert [a["outlet"] for a in changes["articles"]] == ["Coast Ledger"]
    assert [c["label"] for c in changes["claims"]] == [BOARD_LABEL]
    moves = {(m["source"], m["kind"]): m for m in changes["moves"]}
    assert set(moves) == {("Tomas Reyes", "changed"), (HOSTILE_SOURCE, "new"),
                          ("Coast Ledger (its own reporting)", "new")}
    reyes = moves[("Tomas Reyes", "changed")]
    assert (reyes["before"], reyes["after"]) == (["denies"], ["does_not_deny"])
    # Mara Quint said nothing new after 06-05: not listed
    assert all(m["source"] != "Mara Quint" for m in changes["moves"])
    earlier = _json(desk, f"/api/stories/{story}", since="2025-06-03")["changes"]
    assert [a["outlet"] for a in earlier["articles"]] == ["Basin Tribune", "Coast Ledger"]
    assert ("Tomas Reyes", "new") in {(m["source"], m["kind"]) for m in earlier["moves"]}
    later = _json(desk, f"/api/stories/{story}", since="2025-07-01")["changes"]
    assert later["articles"] == [] and later["moves"] == [] and later["claims"] == []
    html = _main(desk.get(f"/stories/{story}", params={"since": "2025-06-05"}).text)
    changed = html.split('id="changes"', 1)[1].split("</section>", 1)[0]
    assert "Coast Ledger" in changed and "Ridge Herald" not in changed
    assert "Tomas Reyes" in changed and "Mara Quint" not in changed


def test_a_bad_since_is_a_400_and_the_page_still_shows_the_story(desk):
    story = _dam_story(desk)
    response = desk.get(f"/api/stories/{story}", params={"since": "2025-02-30"})
    assert response.status_code == 400 and "since" in response.json()["error"]["message"]
    page = desk.get(f"/stories/{story}", params={"since": "yesterday"})
    assert page.status_code == 400
    assert 'role="alert"' in page.text and "since" in page.text
    assert 'class="outlet-group"' in page.text and 'id="changes"' not in page.text


def test_unknown_story_and_claim_are_404(desk):
    for path in ("/api/stories/nope", "/stories/nope", "/api/stories/nope/outlets",
                 "/stories/nope/outlets", "/api/claims/nope/outlets", "/claims/nope/outlets"):
        assert desk.get(path).status_code == 404, path


# -- outlet comparison ---------------------------------------------------------------------


def _cells(table):
    keys = {s["key"]: s["source"] for s in table["sources"]}
    return {(row["outlet"], keys[cell["source_key"]]): [s["stance"] for s in cell["stances"]]
            for row in table["rows"] for cell in row["cells"] if cell["stances"]}


def test_claim_outlet_comparison(desk):
    claim = _claim_id(desk, DAM_LABEL)
    table = _json(desk, f"/api/claims/{claim}/outlets")
    assert table["claim"]["label"] == DAM_LABEL
    assert table["outlets"] == ["Basin Tribune", "Coast Ledger", "Ridge Herald"]
    assert _cells(table) == {
        ("Basin Tribune", "Mara Quint"): ["asserts"],
        ("Basin Tribune", "Tomas Reyes"): ["denies"],
        ("Coast Ledger", "Tomas Reyes"): ["does_not_deny"],
        ("Coast Ledger", HOSTILE_SOURCE): ["asserts"],
        ("Ridge Herald", "Mara Quint"): ["asserts"],
    }
    html = _main(desk.get(f"/claims/{claim}/outlets").text)
    rows = re.findall(r'<tr class="outlet-row">(.*?)</tr>', html, re.S)
    assert len(rows) == 3 and "Ridge Herald" in rows[2]
    assert rows[2].count("stance-asserts") == 1 and "stance-denies" not in rows[2]


def test_an_old_claim_id_redirects_to_its_outlet_table():
    from starlette.testclient import TestClient

    from factdesk.serve import create_app
    from factdesk.settings import Settings

    with desk_store() as store, TestClient(create_app(store, Settings(), notifier=None),
                                           base_url="http://testserver") as client:
        claim = _claim_id(client, DAM_LABEL)
        with store.transaction() as conn:  # as a recluster records a claim whose id changed
            conn.execute("INSERT INTO claim_aliases (old_id, new_id, changed) VALUES "
                         "('claim-old', ?, '2025-06-07')", (claim,))
        moved = client.get("/claims/claim-old/outlets", follow_redirects=False)
        assert moved.status_code == 301
        assert moved.headers["location"] == f"/claims/{claim}/outlets"


def test_story_outlet_comparison(desk):
    story = _dam_story(desk)
    found = _json(desk, f"/api/stories/{story}/outlets")
    assert found["outlets"] == [{"outlet": o, "articles": 1} for o in
                                ("Basin Tribune", "Coast Ledger", "Ridge Herald")]
    tables = {t["claim"]["label"]: t for t in found["claims"]}
    assert list(tables) == [DAM_LABEL, BOARD_LABEL]  # most outlets first
    assert _cells(tables[BOARD_LABEL]) == {
        ("Coast Ledger", "Coast Ledger (its own reporting)"): ["asserts"]}
    assert _cells(tables[DAM_LABEL])[("Basin Tribune", "Tomas Reyes")] == ["denies"]
    html = _main(desk.get(f"/stories/{story}/outlets").text)
    assert html.count('class="claim-outlets"') == 2


# -- links ---------------------------------------------------------------------------------


def test_home_header_claim_and_article_pages_link_to_the_desk(desk):
    home = desk.get("/").text
    assert 'href="/contested"' in _main(home) and 'href="/stories"' in _main(home)
    header = home.split("<main ", 1)[0]
    assert 'href="/contested"' in header and 'href="/stories"' in header
    claim = _claim_id(desk, DAM_LABEL)
    story = _dam_story(desk)
    claim_page = desk.get(f"/claims/{claim}").text
    assert f'href="/claims/{claim}/outlets"' in claim_page
    assert f'href="/stories/{story}"' in claim_page
    article = _json(desk, f"/api/stories/{story}")["articles"][0]["id"]
    assert f'href="/stories/{story}"' in desk.get(f"/articles/{article}").text
