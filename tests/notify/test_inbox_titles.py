"""An untitled article reads, in the inbox, feeds and e-mails, as the first words
of its body (else its outlet and date), never as its id."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from factdesk.clean import verbatim_article
from factdesk.model import Article, PageOutcome, content_id
from factdesk.store import Store
from factdesk.store.outlets import lead_of, readable_title
from factdesk.store.people.accounts import create_user
from factdesk.store.people.follows import follow
from factdesk.store.people.notifications import describe

BODY = ("Councillors in Northbridge voted on Tuesday to keep the ferry running through "
        "the winter, after a petition signed by 4,000 residents.")


def _untitled(url: str | None = None) -> PageOutcome:
    source = url or "/archive/ferry-vote.txt"
    base = verbatim_article(BODY, source=source, url=url)
    article = Article(**{**{f: getattr(base, f) for f in base.__slots__},
                         "headline": None, "site_name": "Northbridge Daily",
                         "published": datetime.fromisoformat("2024-03-14T09:00:00+00:00"),
                         "page_id": content_id(source, BODY)})
    return PageOutcome(source=source, page_id=article.page_id, key=source, url=url,
                       content_type="text/plain", size=len(BODY), article=article)


@pytest.fixture
def store():
    with Store(":memory:") as s:
        user = create_user(s.conn, name="ana", email="ana@example.org", password_hash="x")
        follow(s.conn, user.id, "search", "ferry")  # events are kept once someone follows
        s.write([_untitled()])
        yield s


def _article_event(store):
    subject, payload = store.conn.execute(
        "SELECT subject, payload FROM events WHERE kind = 'article'").fetchone()
    return subject, json.loads(payload)


def test_an_untitled_article_is_named_by_its_first_words(store):
    subject, payload = _article_event(store)
    title, url = describe(store.conn, "article", subject, payload)
    # twelve words: Councillors ... through
    assert title == ("New article: Councillors in Northbridge voted on Tuesday to keep the "
                     "ferry running through…")
    assert subject not in title and url == f"/articles/{subject}"


def test_an_event_recorded_before_leads_were_kept_reads_the_article(store):
    subject, payload = _article_event(store)
    old = {k: v for k, v in payload.items() if k not in ("lead", "published")}
    title, _ = describe(store.conn, "article", subject, old)
    assert title.startswith("New article: Councillors in Northbridge voted")


def test_an_article_gone_since_is_named_by_its_outlet_and_date(store):
    title, _ = describe(store.conn, "article", "0123456789abcdef",
                        {"headline": None, "site": "Harbour Post", "url": None,
                         "published": "2024-05-02T08:00:00+00:00"})
    assert title == "New article: Article from Harbour Post, 2024-05-02"
    title, _ = describe(store.conn, "article", "0123456789abcdef", {})
    assert title == "New article: Article from an unknown outlet"


@pytest.mark.parametrize(("headline", "lead", "outlet", "published", "title"), [
    pytest.param("Ferry saved", "ignored", "Post", None, "Ferry saved", id="headline"),
    pytest.param("  ", "First words here", "Post", None, "First words here", id="blank-headline"),
    pytest.param(None, "", "news.example", "2024-01-02T00:00:00Z",
                 "Article from news.example, 2024-01-02", id="outlet-date"),
])
def test_readable_title(headline, lead, outlet, published, title):
    assert readable_title(headline, lead, outlet, published) == title


def test_lead_of_cuts_at_twelve_words_and_keeps_short_text_whole():
    assert lead_of("one two three") == "one two three"
    assert lead_of(" ".join(str(n) for n in range(20))) == "0 1 2 3 4 5 6 7 8 9 10 11…"
    assert lead_of(None) == ""
