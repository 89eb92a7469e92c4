"""The store: migrations, idempotent writes, page versions, entities, search, export.

These tests build articles and analyses by hand (no spaCy), so they are fast.
"""

import csv
import io
import json

import pytest

from factdesk.model import (
    Analysis,
    Article,
    Entity,
    EntityType,
    Quote,
    QuoteKind,
    Rejection,
    RejectReason,
    Span,
    content_id,
)
from factdesk.model import PageOutcome
from factdesk.store import TABLES, Store, export, text_search
from factdesk.store.marks import bracketed
from factdesk.store.schema import MIGRATIONS
from factdesk.clean import verbatim_article

TEXT = ("Mayor promises new ferry\n"
        "\u201cThe ferry will run again by June,\u201d said Amara Okafor, the mayor.\n"
        "Critics in Northbridge doubted the promise.")


def _span(text: str, part: str) -> Span:
    start = text.index(part)
    return Span(start=start, end=start + len(part), text=part)


def record(text: str = TEXT, *, url: str = "https://news.example/ferry", speaker="Amara Okafor",
           name="Amara Okafor") -> PageOutcome:
    article = verbatim_article(text, source=url, url=url)
    article = Article(**{**{f: getattr(article, f) for f in article.__slots__},
                         "headline": article.paragraphs[0], "page_id": content_id(url, text)})
    person = Entity(id="person:amara-okafor", name=name, kind=EntityType.PERSON,
                    mentions=(_span(text, "Amara Okafor"),))
    place = Entity(id="gpe:northbridge", name="Northbridge", kind=EntityType.GPE,
                   mentions=(_span(text, "Northbridge"),))
    quote = Quote(id=content_id(article.id, "q"), kind=QuoteKind.DIRECT,
                  span=_span(text, text[text.index("The ferry"):text.index(",")]),
                  speaker=speaker,
                  speaker_id=person.id, cue_lemma="say", analyzer="quotes.rules.test")
    analysis = Analysis(article_id=article.id, entities=(person, place), quotes=(quote,),
                        analyzers=("quotes.rules.test",))
    return PageOutcome(source=url, page_id=article.page_id, key=url, url=url,
                      content_type="text/html", size=len(text), article=article,
                      analysis=analysis)


def test_a_new_database_has_every_migration_wal_and_foreign_keys(tmp_path):
    with Store(tmp_path / "f.db") as s:
        assert s.migrations() == [name for name, _ in MIGRATIONS]
        assert s.migrations()[:4] == ["0001_core_tables", "0002_full_text_search",
                                      "0003_watched_feeds", "0004_claim_graph"]
        assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert s.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    with Store(tmp_path / "f.db") as again:  # reopening applies nothing twice
        assert again.migrate() == []


def test_writing_the_same_record_twice_changes_nothing(store):
    store.write([record()])
    first = store.counts()
    store.write([record()])
    assert store.counts() == first
    assert first["articles"] == 1 and first["quotes"] == 1 and first["entities"] == 2


def test_a_changed_page_is_a_new_version_not_a_duplicate(store):
    store.write([record()])
    store.write([record(TEXT.replace("June", "July"))])
    rows = store.conn.execute("SELECT version, current FROM pages p JOIN articles a "
                              "ON a.page_id = p.id ORDER BY version").fetchall()
    assert rows == [(1, 0), (2, 1)]
    hits = text_search(store, "ferry run", kinds=("quotes",))
    assert [bracketed(h.snippet) for h in hits] == ["The [ferry] will [run] again by July"]


def test_entity_names_do_not_depend_on_arrival_order():
    texts = [TEXT, TEXT + "\nMore.", TEXT + "\nEven more."]
    names = ["Amara Okafor", "Mayor Okafor", "Amara Okafor"]
    tables = []
    for order in ([0, 1, 2], [1, 2, 0], [2, 0, 1]):
        with Store(":memory:") as s:
            for i in order:
                s.write([record(texts[i], url=f"https://news.example/{i}", name=names[i])])
            tables.append(s.conn.execute("SELECT * FROM entities ORDER BY id").fetchall())
    assert tables[0] == tables[1] == tables[2]
    assert ("person:amara-okafor", "PERSON", "Amara Okafor", 3) in tables[0]


def test_rejects_are_kept_with_their_reason_once(store):
    rejected = PageOutcome(source="empty.html", page_id="p1", key="empty.html",
                          rejection=Rejection(source="empty.html", reason=RejectReason.EMPTY,
                                              message="the page is empty", page_id="p1"))
    unreadable = PageOutcome(source="feed.xml", error="not well-formed", reason="broken_feed")
    store.write([rejected, unreadable])
    store.write([rejected, unreadable])
    assert dict(store.conn.execute("SELECT reason, count(*) FROM rejects GROUP BY reason")) == {
        "broken_feed": 1, "empty": 1}


def test_search_finds_a_quote_by_its_speaker_and_marks_matches(store):
    store.write([record()])
    hits = text_search(store, "okafor", kinds=("quotes",))
    assert [(h.kind, h.speaker) for h in hits] == [("quotes", "Amara Okafor")]
    article = text_search(store, "Northbridge", kinds=("articles",))[0]
    assert "[Northbridge]" in bracketed(article.snippet)
    assert article.title == "Mayor promises new ferry"


def test_search_words_are_never_fts_syntax(store):
    from factdesk.errors import QuerySyntaxError

    store.write([record()])
    # text_search takes the search box's language: its own syntax works, and a
    # malformed query is said, never handed to FTS5 (whose errors say nothing useful)
    assert text_search(store, 'ferry (Northbridge* OR "no such phrase")', kinds=("articles",))
    # NEAR is a word to find here, not FTS5's operator (the text has no "near")
    assert text_search(store, 'ferry NEAR/2 Northbridge:', kinds=("articles",)) == []
    assert text_search(store, 'ferry Northbridge:', kinds=("articles",))
    with pytest.raises(QuerySyntaxError, match="unbalanced quote"):
        text_search(store, 'ferry" (Northbridge*', kinds=("articles",))


def test_records_round_trip_through_shard_lines():
    original = record()
    assert PageOutcome.from_json(original.to_json()) == original


@pytest.mark.parametrize("fmt", ["jsonl", "csv"], ids=["jsonl", "csv"])
def test_export_text_formats(store, fmt):
    store.write([record()])
    out = io.StringIO()
    assert export(store, fmt, "quotes", out) == 1
    if fmt == "jsonl":
        assert json.loads(out.getvalue())["speaker"] == "Amara Okafor"
    else:
        rows = list(csv.DictReader(io.StringIO(out.getvalue())))
        assert rows[0]["speaker"] == "Amara Okafor"


def test_export_articles_jsonl_gives_full_records(store):
    store.write([record()])
    out = io.StringIO()
    export(store, "jsonl", "articles", out)
    data = json.loads(out.getvalue())
    assert data["type"] == "AnalyzedArticle"
    assert data["analysis"]["quotes"][0]["speaker"] == "Amara Okafor"


def test_export_parquet(store, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    store.write([record()])
    path = tmp_path / "quotes.parquet"
    assert export(store, "parquet", "quotes", str(path)) == 1
    table = pq.read_table(path)
    assert table.column("speaker").to_pylist() == ["Amara Okafor"]
    assert table.column("start").type.bit_width == 64


def test_stats_cover_every_table(store):
    assert set(store.counts()) == set(TABLES)


def test_recluster_without_a_linker_keeps_each_articles_own_claims(store):
    store.write([record(), record(TEXT + "\nMore.", url="https://news.example/2")])
    with store.transaction() as conn:
        conn.execute("INSERT INTO claims (id, key, label, analyzer) VALUES ('c1', 'k', 'l', '')")
    assert store.recluster(None) is None  # no linker: the analyses' own claims
    assert store.counts()["claims"] == 0  # (these hand-made analyses have none)
