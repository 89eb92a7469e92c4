"""Search on a larger corpus: the page is cut inside the ranked query and only its rows
get snippets, and the hits are exactly those of the plain one-query form (every
matching row ranked by bm25 with its snippet, then sorted and cut), page by page;
counts stop at a cap and say so."""

from __future__ import annotations

import importlib
import random

import pytest

from factdesk.store import Filters, Paging, SearchKind, Store, search
from factdesk.store.marks import MARK_END, MARK_START
from tests.store.test_search import _record

search_module = importlib.import_module("factdesk.store.search")  # the module, not the function

WORDS = ("ferry harbour council budget storm roof school bridge tariff river mayor port "
         "vote strike court ruling fishing tourism").split()
SPEAKERS = ("Amara Okafor", "Ben Adeyemi", "Carla Diaz", "Dan Moss")
OUTLETS = ("Harbour Times", "Valley Post", "Coast Daily")


@pytest.fixture(scope="module")
def corpus():
    rng = random.Random(15)
    rows = []
    for n in range(160):
        said = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 14)))
        rows.append((f"story-{n}", OUTLETS[n % 3], f"2024-{1 + n % 12:02d}-{1 + n % 27:02d}",
                     SPEAKERS[n % 4], said.capitalize()))
    with Store(":memory:") as store:
        store.write([_record(*row) for row in rows])
        yield store


def _reference(store: Store, kind: str, match: str, outlet: str, paging: Paging) -> list:
    """What the search answered before: one query, a snippet for every matching row."""
    if kind == "articles":
        sql = ("SELECT a.id, snippet(articles_fts, 1, ?, ?, '…', 24) FROM articles_fts "
               "JOIN articles a ON a.seq = articles_fts.rowid WHERE articles_fts MATCH ? "
               "AND a.current = 1 AND (? = '' OR a.site_name = ?) "
               "ORDER BY bm25(articles_fts), a.id LIMIT ? OFFSET ?")
    else:
        sql = ("SELECT q.id, highlight(quotes_fts, 0, ?, ?) FROM quotes_fts "
               "JOIN quotes q ON q.seq = quotes_fts.rowid JOIN articles a ON a.id = q.article_id "
               "WHERE quotes_fts MATCH ? AND a.current = 1 AND (? = '' OR a.site_name = ?) "
               "ORDER BY bm25(quotes_fts), q.seq LIMIT ? OFFSET ?")
    return store.read(lambda conn: conn.execute(
        sql, (MARK_START, MARK_END, match, outlet, outlet, paging.limit, paging.offset)
    ).fetchall())


@pytest.mark.parametrize("kind", ["articles", "quotes"])
@pytest.mark.parametrize("query", ["ferry", "harbour storm", "court ruling vote", "tariff"])
@pytest.mark.parametrize("outlet", ["", "Valley Post"])
def test_every_page_holds_the_hits_and_snippets_of_the_one_query_form(corpus, kind, query,
                                                                      outlet):
    match = " ".join(f'"{w}"' for w in query.split())
    pages = 0
    for offset in range(0, 200, 7):
        paging = Paging(limit=7, offset=offset)
        found = search(corpus, kind, query, Filters(outlet=outlet), paging)
        expected = _reference(corpus, kind, match, outlet, paging)
        assert [(hit.id, hit.snippet) for hit in found.items] == expected
        pages += bool(expected)
    assert pages >= 1  # the query matches something: the comparison is not vacuous


def test_hits_come_best_first_by_bm25(corpus):
    found = search(corpus, SearchKind.ARTICLES, "ferry", paging=Paging(limit=50))
    scores = [hit.score for hit in found.items]
    assert len(scores) > 10 and scores == sorted(scores, reverse=True)
    assert all(MARK_START in hit.snippet for hit in found.items)


def test_counts_stop_at_the_cap_and_say_so(corpus, monkeypatch):
    full = search(corpus, SearchKind.ARTICLES, "ferry", paging=Paging(limit=5))
    assert full.total > 12 and not full.total_capped
    monkeypatch.setattr(search_module, "COUNT_CAP", 12)
    capped = search(corpus, SearchKind.ARTICLES, "ferry", paging=Paging(limit=5))
    assert (capped.total, capped.total_capped) == (12, True)
    assert [h.id for h in capped.items] == [h.id for h in full.items]
    # paging goes on past the cap while pages come back full
    beyond = search(corpus, SearchKind.ARTICLES, "ferry", paging=Paging(limit=5, offset=10))
    assert beyond.total_capped and beyond.next_offset == 15
    assert capped.to_dict()["total_capped"] is True
    listed = search(corpus, SearchKind.ARTICLES, "", paging=Paging(limit=5))
    assert (listed.total, listed.total_capped) == (12, True)
