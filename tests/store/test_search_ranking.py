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


def _reference(store: Store, kind: str, match: str, f: Filters, paging: Paging) -> list:
    """What the search answered before: one query, a snippet for every matching row."""
    filters = ("AND (? = '' OR a.site_name = ?) AND (? = '' OR substr(a.published, 1, 10) >= ?) "
               "AND (? = '' OR substr(a.published, 1, 10) <= ?) ")
    if kind == "articles":
        sql = ("SELECT a.id, snippet(articles_fts, 1, ?, ?, '…', 24) FROM articles_fts "
               "JOIN articles a ON a.seq = articles_fts.rowid WHERE articles_fts MATCH ? "
               f"AND a.current = 1 {filters}"
               "ORDER BY bm25(articles_fts), a.id LIMIT ? OFFSET ?")
    else:
        sql = ("SELECT q.id, highlight(quotes_fts, 0, ?, ?) FROM quotes_fts "
               "JOIN quotes q ON q.seq = quotes_fts.rowid JOIN articles a ON a.id = q.article_id "
               f"WHERE quotes_fts MATCH ? AND a.current = 1 {filters}"
               "ORDER BY bm25(quotes_fts), q.seq LIMIT ? OFFSET ?")
    return store.read(lambda conn: conn.execute(
        sql, (MARK_START, MARK_END, match, f.outlet, f.outlet, f.date_from, f.date_from,
              f.date_to, f.date_to, paging.limit, paging.offset)).fetchall())


@pytest.mark.parametrize("kind", ["articles", "quotes"])
@pytest.mark.parametrize("query", ["ferry", "harbour storm", "court ruling vote", "tariff"])
@pytest.mark.parametrize("filters", [Filters(), Filters(outlet="Valley Post"),
                                     Filters(date_from="2024-03-01", date_to="2024-03-31")])
def test_every_page_holds_the_hits_and_snippets_of_the_one_query_form(corpus, kind, query,
                                                                      filters, monkeypatch):
    match = " ".join(f'"{w}"' for w in query.split())
    ways = []
    ranked = search_module.page_from_index

    def counted(*args):
        rows = ranked(*args)
        ways.append("all ranked" if rows is None else "from the index's best")
        return rows

    monkeypatch.setattr(search_module, "page_from_index", counted)
    pages = 0
    for offset in range(0, 200, 7):
        paging = Paging(limit=7, offset=offset)
        found = search(corpus, kind, query, filters, paging)
        expected = _reference(corpus, kind, match, filters, paging)
        assert [(hit.id, hit.snippet) for hit in found.items] == expected
        pages += bool(expected)
    assert pages >= 1  # the query matches something: the comparison is not vacuous
    WAYS.update(ways)


WAYS: set[str] = set()


def test_both_ways_of_cutting_a_page_were_compared():
    """The comparisons above went through the index's own ranking and, where a filter
    dropped too many candidates, through ranking every match."""
    assert WAYS == {"all ranked", "from the index's best"}


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
