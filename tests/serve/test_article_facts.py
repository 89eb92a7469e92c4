"""The article view shows facts (quantities with what they count) and resolved
dates beside quotes and claims, highlighted at their offsets, and the API returns
them; one keyboard stop per highlight; a skip link and a favicon on every page."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from factdesk.clean import verbatim_article
from factdesk.ingest.files import read_path
from factdesk.model import (Analysis, Article, DateMention, Entity, EntityType, Fact,
                            PageOutcome, Quote, QuoteKind, Span, content_id)
from factdesk.pipeline import process
from factdesk.serve import create_app
from factdesk.serve.article_view import article_view
from factdesk.store import article_detail

TEXT = ("Ferry passengers rise again\n\n"
        "More than 1,200 passengers 🚢 used the Northbridge ferry last week, said Amara Okafor.\n\n"
        "She called the timetable \u201cgood\u201d and said \u201cwe will add a late boat "
        "before the summer\u201d.")


def _at(part: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(part, start + 1)
    return Span(start=start, end=start + len(part), text=part)


def _record() -> PageOutcome:
    url = "https://news.example/ferry-passengers"
    base = verbatim_article(TEXT, source=url, url=url)
    article = Article(**{**{f: getattr(base, f) for f in base.__slots__},
                         "headline": base.paragraphs[0], "site_name": "Northbridge Daily",
                         "published": datetime.fromisoformat("2024-03-14T09:00:00+00:00"),
                         "page_id": content_id(url, TEXT)})
    last_week = DateMention(span=_at("last week"), granularity="week", start="2024-03-04",
                            end="2024-03-10", analyzer="dates.test")
    fact = Fact(span=_at("More than 1,200"), value=1200.0, qualifier="more_than",
                counts="passengers used the ferry", counts_span=_at("passengers", 1),
                place="Northbridge", place_id="gpe:northbridge", place_span=_at("Northbridge"),
                date=last_week, analyzer="facts.test")
    place = Entity(id="gpe:northbridge", name="Northbridge", kind=EntityType.GPE,
                   mentions=(_at("Northbridge"),))
    okafor = Entity(id="person:amara-okafor", name="Amara Okafor", kind=EntityType.PERSON,
                    mentions=(_at("Amara Okafor"),))
    scare = Quote(id=content_id(article.id, "q1"), kind=QuoteKind.MIXED,
                  span=_at("the timetable \u201cgood\u201d"), speaker="Amara Okafor",
                  speaker_id=okafor.id, cue=_at("called"), cue_lemma="call", listable=False,
                  analyzer="quotes.test")
    said = Quote(id=content_id(article.id, "q2"), kind=QuoteKind.DIRECT,
                 span=_at("we will add a late boat before the summer"), speaker="Amara Okafor",
                 speaker_id=okafor.id, cue=_at("said", 1), cue_lemma="say", analyzer="quotes.test")
    analysis = Analysis(article_id=article.id, entities=(place, okafor), quotes=(scare, said),
                        facts=(fact,), dates=(last_week,),
                        analyzers=("quotes.test", "facts.test", "dates.test"))
    return PageOutcome(source=url, page_id=article.page_id, key=url, url=url,
                       content_type="text/html", size=len(TEXT), article=article,
                       analysis=analysis)


@pytest.fixture
def ferry(store, client):
    record = _record()
    store.write([record])
    return record.article.id


def test_the_api_returns_facts_and_dates_with_their_offsets(client, ferry):
    body = client.get(f"/api/articles/{ferry}").json()
    (fact,) = body["facts"]
    assert TEXT[fact["start"]:fact["end"]] == fact["text"] == "More than 1,200"
    assert (fact["value"], fact["qualifier"], fact["counts"]) == \
        (1200.0, "more_than", "passengers used the ferry")
    assert TEXT[fact["counts_start"]:fact["counts_end"]] == "passengers"
    assert fact["place_id"] == "gpe:northbridge"
    assert fact["date"] == {"start": TEXT.index("last week"),
                            "end": TEXT.index("last week") + 9, "text": "last week",
                            "granularity": "week", "resolved_start": "2024-03-04",
                            "resolved_end": "2024-03-10"}
    (date,) = body["dates"]
    assert TEXT[date["start"]:date["end"]] == "last week"
    # the emoji before it is two UTF-16 code units: the browser's offsets are one more
    assert date["start_utf16"] == date["start"] + 1
    layers = {a["layer"] for a in body["annotations"]}
    assert {"fact", "date", "quote", "entity"} <= layers
    schema = client.get("/api/openapi.json").json()["components"]["schemas"]
    assert {"facts", "dates"} <= set(schema["ArticleDetail"]["properties"])
    assert {"value", "qualifier", "counts", "date"} <= set(schema["FactOut"]["properties"])


def test_the_page_highlights_and_lists_facts_and_dates(client, ferry):
    html = client.get(f"/articles/{ferry}").text
    text = html.split('id="text"', 1)[1].split("</div>", 1)[0]
    assert re.search(r'class="[^"]*l-fact[^"]*"[^>]*title="[^"]*fact: more than 1,200 '
                     r'passengers used the ferry', text)
    assert re.search(r'class="[^"]*l-date[^"]*"[^>]*title="[^"]*date \(week\): '
                     r'2024-03-04 to 2024-03-10"[^>]*>last week<', text)
    facts = html.split('class="facts-list"', 1)[1].split("</section>", 1)[0]
    assert "More than 1,200" in facts and "passengers used the ferry" in facts
    assert 'href="/entities/gpe%3Anorthbridge"' in facts and "2024-03-04" in facts
    dates = html.split('class="dates-list"', 1)[1].split("</section>", 1)[0]
    assert ">last week<" in dates and '<time datetime="2024-03-10">' in dates
    assert 'data-layer="fact"' in html and 'data-layer="date"' in html


def test_a_scare_quote_is_highlighted_but_folded_away_from_the_quotes_list(client, ferry):
    html = client.get(f"/articles/{ferry}").text
    quotes = html.split('class="quotes"', 1)[1].split("</section>", 1)[0]
    listed, folded = quotes.split('<details class="fragments">', 1)
    assert "we will add a late boat" in listed and "timetable" not in listed
    assert "1 short fragment and scare quote" in folded and "timetable" in folded


def test_one_tab_stop_per_highlight_not_per_word_piece(store, ferry):
    view = article_view(article_detail(store, ferry))
    starts = {a["start"] for a in view["annotations"] if a["layer"] != "headline"}
    pieces = [s for s in view["segments"] if s["annotations"]]
    focus = [s for s in pieces if s["focus"]]
    assert len(focus) == len(starts) < len(pieces)
    assert {s["start"] for s in focus} == starts


def test_the_article_page_has_as_many_tab_stops_as_highlights(client, store, ferry):
    html = client.get(f"/articles/{ferry}").text
    text = html.split('id="text"', 1)[1].split("</div>", 1)[0]
    view = article_view(article_detail(store, ferry))
    starts = {a["start"] for a in view["annotations"] if a["layer"] != "headline"}
    assert text.count('tabindex="0"') == len(starts)
    assert text.count("<span") > len(starts)


@pytest.mark.parametrize("path", ["/", "/?q=ferry", "/ingest", "/login", "/articles/{id}",
                                  "/entities/person%3Aamara-okafor", "/claims/claim-rigged"])
def test_every_page_has_a_skip_link_to_main_and_a_favicon(client, ferry, path):
    html = client.get(path.replace("{id}", ferry)).text
    skip = html.index('<a class="skip-link" href="#main">')
    assert skip < html.index("<header") < html.index('<main id="main"')
    assert '<link rel="icon" href="/favicon.ico"' in html


def test_favicon_ico_is_served_as_an_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # ICO header, one image
    assert len(response.content) < 4096
    svg = client.get("/static/favicon.svg")
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")


@pytest.fixture
def analysis_settings(settings):
    pytest.importorskip("spacy")
    from factdesk.analyze import load_pipeline
    try:
        load_pipeline(settings.spacy_model)
    except Exception as exc:  # ConfigError when the model package is missing
        pytest.skip(f"spaCy pipeline {settings.spacy_model} not installed: {exc}")
    return settings


@pytest.mark.slow
def test_the_seed_article_shows_its_facts_and_dates(shared_dir, analysis_settings, store, client):
    page = read_path(shared_dir / "seed" / "independent-2017-04-25-russia-taliban.txt")
    (record,) = process([page], analysis_settings)
    store.write([record])
    aid = record.article.id
    body = client.get(f"/api/articles/{aid}").json()
    facts = {f["text"]: f for f in body["facts"]}
    killed = facts["More than 140"]
    assert killed["value"] == 140 and "Afghan troops" in killed["counts"]
    assert killed["date"]["text"] == "last week"
    assert killed["date"]["resolved_start"] == "2017-04-17"
    assert {d["text"] for d in body["dates"]} >= {"last week", "2001", "the 1980s"}
    for item in body["facts"] + body["dates"]:
        assert record.article.text[item["start"]:item["end"]] == item["text"]
    html = client.get(f"/articles/{aid}").text
    facts_html = html.split('class="facts-list"', 1)[1].split("</section>", 1)[0]
    assert "More than 140" in facts_html and "around 9,800" in facts_html
    assert "2017-04-17" in facts_html


def test_an_article_not_analysed_says_why_on_the_page_and_in_the_api(store, client):
    record = _record()
    why = "not analysed: the text is in fr, and the model (<m>) reads en"
    skipped = PageOutcome(**{**{f: getattr(record, f) for f in record.__slots__},
                             "analysis": Analysis(article_id=record.article.id, skipped=why)})
    store.write([skipped])
    aid = record.article.id
    assert client.get(f"/api/articles/{aid}").json()["analysis_skipped"] == why
    html = client.get(f"/articles/{aid}").text
    assert "stored but not analysed: the text is in fr, and the model (&lt;m&gt;) reads en" \
        in html


def test_an_analysed_article_has_no_such_note(client, ferry):
    assert client.get(f"/api/articles/{ferry}").json()["analysis_skipped"] == ""
    assert "stored but not analysed" not in client.get(f"/articles/{ferry}").text
