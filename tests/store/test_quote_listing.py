"""Fragments and scare quotes (``Quote.listable`` false) are stored with the
article but left out of every list of quotes: search, an entity's page, the
export keeps the flag, and no one is notified of them (no spaCy)."""

import sqlite3
from datetime import datetime

import pytest

from factdesk.clean import verbatim_article
from factdesk.model import (Analysis, Article, Entity, EntityType, PageOutcome, Quote, QuoteKind,
                            Span, content_id)
from factdesk.store import SearchKind, Store, entity_detail, search
from factdesk.store.people.accounts import create_user
from factdesk.store.people.follows import follow
from factdesk.store.schema import MIGRATIONS

TEXT = ('Headline about the plan\nMayor Olga Brandt called the plan "dead" and said '
        '"we will fight the plan in every court in the land".\nMore later.')
SPEAKER = "person:olga-brandt"


def _quote(article, words, *, listable, kind=QuoteKind.DIRECT):
    start = TEXT.index(words)
    return Quote(id=content_id(article.id, words), kind=kind,
                 span=Span(start=start, end=start + len(words), text=words),
                 speaker="Olga Brandt", speaker_id=SPEAKER, cue_lemma="say",
                 listable=listable, analyzer="quotes.rules.test")


def _record():
    url = "https://harbour.test/plan"
    base = verbatim_article(TEXT, source=url, url=url)
    article = Article(**{**{f: getattr(base, f) for f in base.__slots__},
                         "headline": base.paragraphs[0], "site_name": "Harbour Times",
                         "published": datetime.fromisoformat("2024-03-01T09:00:00+00:00"),
                         "page_id": content_id(url, TEXT)})
    at = TEXT.index("Olga Brandt")
    person = Entity(id=SPEAKER, name="Olga Brandt", kind=EntityType.PERSON,
                    mentions=(Span(start=at, end=at + 11, text="Olga Brandt"),))
    quotes = (_quote(article, 'the plan "dead"', listable=False, kind=QuoteKind.MIXED),
              _quote(article, "we will fight the plan in every court in the land", listable=True))
    analysis = Analysis(article_id=article.id, entities=(person,), quotes=quotes,
                        analyzers=("quotes.rules.test",))
    return PageOutcome(source=url, page_id=article.page_id, key=url, url=url,
                       content_type="text/plain", size=len(TEXT), article=article,
                       analysis=analysis)


@pytest.fixture
def store():
    with Store(":memory:") as s:
        user = create_user(s.conn, name="desk", email="desk@example.test", password_hash="x")
        follow(s.conn, user.id, "entity", SPEAKER)
        s.write([_record()])
        yield s


def test_both_quotes_are_stored_with_their_flag(store):
    rows = dict(store.conn.execute("SELECT text, listable FROM quotes"))
    assert rows == {'the plan "dead"': 0,
                    "we will fight the plan in every court in the land": 1}


def test_search_lists_only_quotes_worth_listing(store):
    every = search(store, SearchKind.QUOTES, "")
    assert every.total == 1
    assert "every court" in every.items[0].snippet
    assert search(store, SearchKind.QUOTES, "plan").total == 1
    assert search(store, SearchKind.QUOTES, "dead").total == 0


def test_the_entity_page_lists_only_quotes_worth_listing(store):
    detail = entity_detail(store, SPEAKER)
    assert [q["text"] for q in detail["quotes"]] == [
        "we will fight the plan in every court in the land"]


def test_no_one_is_notified_of_a_scare_quote(store):
    said = [row[0] for row in store.conn.execute(
        "SELECT payload FROM events WHERE kind = 'quote'")]
    assert len(said) == 1 and "every court" in said[0]


def test_the_stored_analysis_keeps_the_unlisted_quote(store):
    from factdesk.store import article_detail
    (aid,) = store.conn.execute("SELECT id FROM articles").fetchone()
    quotes = article_detail(store, aid).analysis.quotes
    assert [q.listable for q in quotes] == [False, True]


def test_a_database_made_before_the_flag_gains_it_listable(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied TEXT NOT NULL)")
    for name, sql in MIGRATIONS:
        if name == "0019_quote_listable":
            break
        conn.executescript(sql)
        conn.execute("INSERT INTO migrations VALUES (?, '2024-01-01')", (name,))
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert "0019_quote_listable" in store.migrations()
        columns = {row[1]: row for row in store.conn.execute("PRAGMA table_info(quotes)")}
        assert columns["listable"][4] == "1"  # default: listed until reanalysed
