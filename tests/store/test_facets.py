"""Facet counts of a search, in the store: over the whole result set, capped as the
total is, and each value's filter narrowing the search to its count."""

from __future__ import annotations

import pytest

import factdesk.store.facets as facets_module
from factdesk.store import Filters, Paging, Store, search, search_facets
from tests.store.test_search import ARTICLES, _record


@pytest.fixture(scope="module")
def store():
    with Store(":memory:") as s:
        s.write([_record(*row) for row in ARTICLES])
        yield s


def test_counts_by_outlet_month_and_speaker(store):
    facets = search_facets(store, "quotes", "ferry")
    assert {v.label: v.count for v in facets.outlet} == {
        "Harbour Times": 2, "Valley Post": 1, "news.example.test": 1}
    assert [(v.label, v.count) for v in facets.date] == [
        ("2024-05", 1), ("2024-04", 1), ("2024-03", 2)]
    assert {v.label: v.count for v in facets.speaker} == {
        "Amara Okafor": 2, "Ben Adeyemi": 1, "Carla Diaz": 1}
    assert facets.stance == () and not facets.capped


@pytest.mark.parametrize("kind", ["articles", "quotes"])
def test_every_values_filter_finds_its_count(store, kind):
    facets = search_facets(store, kind, "ferry OR roof")
    for name in ("outlet", "date", "speaker"):
        for value in getattr(facets, name):
            narrowed = search(store, kind, "ferry OR roof", Filters(**dict(value.filters)))
            assert narrowed.total == value.count, (name, value)


def test_the_query_language_and_its_fields_apply(store):
    facets = search_facets(store, "articles", "ferry -Okafor outlet:\"Harbour Times\"")
    assert [(v.label, v.count) for v in facets.outlet] == [("Harbour Times", 1)]


def test_counting_stops_at_the_cap_as_totals_do(store, monkeypatch):
    monkeypatch.setattr(facets_module, "COUNT_CAP", 2)
    facets = search_facets(store, "articles", "")
    assert facets.capped
    assert sum(v.count for v in facets.outlet) == 2
    assert search(store, "articles", "", paging=Paging(limit=1)).total == 5  # the page's own cap
