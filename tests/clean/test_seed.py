"""The seed page comes out as a careful reader takes it (../shared/seed/expected.json)."""

from __future__ import annotations

import json

import pytest

from factdesk.clean import clean_page
from factdesk.model import Article, ChromeReason, Page
from factdesk.settings import Settings

SEED = "independent-2017-04-25-russia-taliban.txt"


def norm(text: str | None) -> str:
    return " ".join((text or "").replace("\u00a0", " ").split()).lower()


@pytest.fixture
def cleaned(shared_dir) -> tuple[Article, dict, str]:
    folder = shared_dir / "seed"
    text = (folder / SEED).read_text(encoding="utf-8")
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))["article"]
    article = clean_page(Page(source=SEED, text=text), Settings(), kind="text")
    assert isinstance(article, Article), article
    return article, expected, text


def test_headline(cleaned):
    article, expected, _ = cleaned
    assert norm(article.headline.text) == norm(expected["headline"])


def test_standfirst(cleaned):
    article, expected, _ = cleaned
    assert norm(expected["standfirst_contains"]) in norm(article.standfirst.text)


def test_published(cleaned):
    article, expected, _ = cleaned
    assert article.published.isoformat() == expected["published"]


def test_byline(cleaned):
    article, expected, _ = cleaned
    assert expected["byline"] is None and article.bylines == ()


def test_one_caption_with_credit(cleaned):
    article, expected, _ = cleaned
    (want,) = expected["captions"]
    assert len(article.captions) == 1
    caption = article.captions[0]
    assert norm(want["contains"]) in norm(caption.span.text)
    assert norm(caption.credit) == norm(want["credit"])
    assert caption.credit_span is not None and norm(caption.credit_span.text) == norm(want["credit"])
    duplicates = [r for r in article.removed if r.reason is ChromeReason.DUPLICATE_CAPTION]
    assert len(duplicates) == 1 and norm(want["contains"]) in norm(duplicates[0].text)


def test_body_paragraphs(cleaned):
    article, expected, _ = cleaned
    paragraphs = [p.text for p in article.paragraphs]
    assert len(paragraphs) == expected["body_paragraph_count"]
    assert norm(paragraphs[0]).startswith(norm(expected["body_first_paragraph_starts"]))
    assert norm(expected["body_last_paragraph_contains"]) in norm(paragraphs[-1])


def test_credits(cleaned):
    article, expected, _ = cleaned
    assert [norm(c) for c in article.credits] == [norm(c) for c in expected["credits"]]


def test_related_links_are_out_of_the_body(cleaned):
    article, expected, _ = cleaned
    linked = [norm(r.text) for r in article.related_links]
    removed = {norm(r.text): r.reason for r in article.removed}
    for want in expected["related_links"]:
        assert norm(want) in linked
        assert removed[norm(want)] is ChromeReason.RELATED_LINK
        assert all(norm(want) not in norm(p.text) for p in article.paragraphs)


@pytest.mark.parametrize("index", range(11), ids=lambda i: f"chrome-{i}")
def test_chrome_removed_with_reason(cleaned, index):
    article, expected, _ = cleaned
    want = expected["chrome_removed"][index]
    hits = [r for r in article.removed if norm(want["contains"]) in norm(r.text)]
    assert hits and all(r.reason == want["reason"] for r in hits)
    assert norm(want["contains"]) not in norm(article.text)


def test_lone_comments_lines_are_comment_widgets(cleaned):
    article, _, _ = cleaned
    comments = [r for r in article.removed if norm(r.text) == "comments"]
    assert len(comments) == 2
    assert all(r.reason is ChromeReason.COMMENT_WIDGET for r in comments)


def test_every_line_is_accounted_for(cleaned):
    """Each dump line is kept in the article or removed with a reason, and
    no line that reads as a body sentence is removed."""
    article, _, text = cleaned
    removed = {r.text for r in article.removed}
    kept = article.text
    for line in filter(None, (raw.strip() for raw in text.splitlines())):
        assert line in kept or line in removed or line in article.credits, line
    body_like = [r for r in article.removed if r.reason in (
        ChromeReason.BOILERPLATE, ChromeReason.NAVIGATION, ChromeReason.FOOTER,
        ChromeReason.DUPLICATE_LINE, ChromeReason.SITE_REPEATED)]
    assert body_like == []
