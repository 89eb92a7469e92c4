"""The HTML cleaner: body, headline, standfirst, captions, time, bylines, chrome.

The fixture ``tests/data/html/harbour_article.html`` is an invented story
written for these tests.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from factdesk.clean.html import EXTRACTOR, clean_html
from factdesk.clean.language import choose_language, detect_language
from factdesk.clean.page import clean_page
from factdesk.clean.published import parse_published
from factdesk.clean.sniff import PageKind, sniff_kind
from factdesk.model import Article, ChromeReason, Page, RejectReason, Rejection
from factdesk.settings import Settings

DATA = Path(__file__).resolve().parent.parent / "data" / "html"


@pytest.fixture(scope="module")
def harbour() -> Article:
    data = (DATA / "harbour_article.html").read_bytes()
    result = clean_page(Page(source="harbour_article.html", data=data, content_type="text/html"))
    assert isinstance(result, Article), result
    return result


def test_extractor_is_named(harbour):
    assert harbour.extractor == EXTRACTOR == "clean.html.trafilatura.v1"


def test_headline_and_standfirst(harbour):
    assert harbour.headline.text == "Harbour wall repairs finish early"
    assert harbour.standfirst.text.startswith("Engineers say the new wall should stand")


def test_body_paragraphs_are_verbatim_and_exclude_headline_and_chrome(harbour):
    body = harbour.body
    assert body.startswith("Repairs to the storm-damaged harbour wall")
    assert '"We were lucky with the weather in the last fortnight," said' in body
    assert body.rstrip().endswith("from next week.")
    for chrome in ("Harbour wall repairs finish early", "Engineers say", "We use cookies",
                   "Sign up to our newsletter", "Read more", "Workers lower", "All rights"):
        assert chrome not in body


def test_caption_once_with_its_credit_split_off(harbour):
    (caption,) = harbour.captions
    assert caption.span.text == "Workers lower the last granite block into place on Tuesday."
    assert caption.credit == "Jory Penhallow/Courier Pictures"
    assert caption.credit_span.text == caption.credit
    assert harbour.credits == ()  # photo credits belong to captions, not to credit lines


def test_every_span_indexes_the_text(harbour):
    for span in harbour.spans():
        assert harbour.text[span.start:span.end] == span.text


def test_metadata(harbour):
    assert harbour.published.isoformat() == "2021-03-04T09:15:00+00:00"
    assert harbour.bylines == ("Morwenna Tregear",)
    assert harbour.site_name == "The Gullport Courier"
    assert harbour.url == "https://courier.example/news/harbour-wall-repairs"
    assert harbour.language == "en"


def test_related_link_taken_out_of_the_body(harbour):
    (link,) = harbour.related_links
    assert link.text == "Lifeboat station reopens after refit"
    assert link.url == "https://courier.example/news/lifeboat-station-reopens"


def test_a_malformed_related_link_does_not_stop_the_page():
    # urljoin raises ValueError on "http://[oops"; the link is kept as written
    data = (DATA / "harbour_article.html").read_bytes().replace(
        b'href="/news/lifeboat-station-reopens"', b'href="http://[oops/lifeboat"')
    result = clean_page(Page(source="harbour_article.html", data=data, content_type="text/html"))
    assert isinstance(result, Article), result
    (link,) = result.related_links
    assert link.url == "http://[oops/lifeboat"


def test_removed_chrome_has_reasons(harbour):
    reasons = {r.text: r.reason for r in harbour.removed}
    assert reasons["We use cookies to improve your experience on this site."] \
        is ChromeReason.COOKIE_NOTICE
    assert reasons["Home"] is ChromeReason.NAVIGATION
    assert reasons["By Morwenna Tregear"] is ChromeReason.METADATA
    assert ChromeReason.DUPLICATE_CAPTION in reasons.values()
    assert ChromeReason.RELATED_LINK in reasons.values()
    assert not any("storm-damaged" in text for text in reasons)


@pytest.mark.parametrize("favor", ["balanced", "precision", "recall"])
def test_every_favor_setting_extracts_the_body(favor):
    text = (DATA / "harbour_article.html").read_text("utf-8")
    draft = clean_html(Page(source="h", text=text), Settings(html_favor=favor))
    assert not isinstance(draft, Rejection)
    assert any("storm-damaged harbour wall" in p for p in draft.paragraphs)


def test_an_impossible_offset_loses_the_time_not_the_article():
    body = "".join(f"<p>The harbour board met on Tuesday to discuss paragraph {n} of the "
                   "storm plan, and members said the repairs would take a year.</p>"
                   for n in range(6))
    page = Page(source="odd-offset.html", text=(
        "<html><head><meta property='article:published_time' "
        "content='2017-04-25T10:30:00+52:50'><title>Harbour board meets</title></head>"
        f"<body><article><h1>Harbour board meets</h1>{body}</article></body></html>"))
    draft = clean_html(page, Settings())
    assert not isinstance(draft, Rejection), draft
    assert draft.published is None
    assert any("storm plan" in p for p in draft.paragraphs)


def test_page_without_article_is_rejected():
    page = Page(source="x", text="<html><body><nav><a href='/'>Home</a></nav></body></html>")
    result = clean_page(page, Settings(), kind="html")
    assert isinstance(result, Rejection) and result.reason is RejectReason.NO_ARTICLE
    assert "min_body_chars" in result.message  # the one body check, in assemble.short_body


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Tuesday 25 April 2017 10:58 BST", "2017-04-25T10:58:00+01:00"),
     ("Nov. 18, 2019 / 10:12 AM CST", "2019-11-18T10:12:00-06:00"),
     ("2019-11-18T14:25:00.000Z", "2019-11-18T14:25:00+00:00"),
     ("Published 18 November 2019 at 10:15 GMT", "2019-11-18T10:15:00+00:00"),
     ("18 November 2019", None),
     ("Tuesday 25 April 2017 10:58 +05:30", "2017-04-25T10:58:00+05:30"),
     ("Tuesday 25 April 2017 10:58 +52:50", None),
     ("2017-04-25T10:58:00+52:50", None)],
    ids=["bst", "us-abbreviation", "iso-z", "words-around", "no-zone-no-default",
         "numeric-offset", "impossible-offset", "impossible-iso-offset"],
)
def test_printed_publication_times(text, expected):
    parsed = parse_published(text)
    assert (parsed.isoformat() if parsed else None) == expected


@pytest.mark.parametrize(
    ("page", "kind"),
    [(Page(source="a", text="<p>x</p>", content_type="text/html; charset=utf-8"), PageKind.HTML),
     (Page(source="b", text="<!doctype html><html><body>x</body></html>"), PageKind.HTML),
     (Page(source="c", text="Plain dump\nwhere 3 < 4 and <b> is quoted once.\n"), PageKind.TEXT),
     (Page(source="d", text="just text", content_type="text/plain"), PageKind.TEXT),
     (Page(source="e", text="<div><p>a</p><p>b</p><p>c</p><p>d</p><p>e</p></div>"), PageKind.HTML)],
    ids=["content-type", "doctype", "text-with-angle-brackets", "text-plain", "dense-tags"],
)
def test_sniff_kind(page, kind):
    assert sniff_kind(page) is kind


def test_language_detection_and_declared_language():
    assert detect_language("Der Gemeinderat hat am Donnerstag beschlossen, den Fahrplan der "
                           "Fähre ab nächstem Monat zu ändern.") == "de"
    assert detect_language("ok") is None
    english = "The council confirmed the ferry timetable will change next month."
    assert choose_language("en-GB", english) == "en"
    korean = "시의회는 목요일에 다음 달부터 여객선 시간표를 바꾸기로 결정했다고 밝혔습니다."
    assert choose_language("en", korean) == "ko"  # declared lang does not fit the script


# ---------------------------------------------------------------------------
# real DEV pages from ../shared (skipped locally when absent, required under CI)


@pytest.fixture(scope="module")
def dev_pages(request) -> list[tuple[str, bytes]]:
    from tests.conftest import SHARED, need

    folder = need(SHARED / "data" / "extraction" / "html", "DEV extraction pages")
    paths = sorted(folder.glob("*.html.gz"))
    return [(p.name, gzip.decompress(p.read_bytes())) for p in paths]


@pytest.mark.slow
@pytest.mark.shared
def test_every_dev_page_gives_an_article_or_a_rejection(dev_pages):
    published = 0
    for name, data in dev_pages:
        result = clean_page(Page(source=name, data=data, content_type="text/html"))
        assert isinstance(result, (Article, Rejection)), name
        if isinstance(result, Article):
            for span in result.spans():
                assert result.text[span.start:span.end] == span.text, name
            if result.published is not None:
                assert result.published.utcoffset() is not None, name
                published += 1
    assert published >= len(dev_pages) // 2


@pytest.mark.slow
@pytest.mark.shared
def test_dev_body_keeps_gold_text(dev_pages):
    """On a few DEV pages most of the gold body's words come out (a coarse floor)."""
    from tests.conftest import SHARED

    gold_dir = SHARED / "data" / "extraction" / "gold"
    for name, data in dev_pages[:10]:
        gold = json.loads((gold_dir / name.replace(".html.gz", ".json")).read_text("utf-8"))
        result = clean_page(Page(source=name, data=data, content_type="text/html"))
        assert isinstance(result, Article), name
        gold_words = set(gold["articleBody"].split())
        found = set(result.body.split())
        assert len(gold_words & found) >= 0.8 * len(gold_words), name
