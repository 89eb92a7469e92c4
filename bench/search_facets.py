"""What facet counts add to a search, on a large corpus.

Uses the synthetic corpus of ``bench/search_scale.py`` (built, or reused, keyed
by N) and times, in the same run, for a common, a middling, a rare and an
empty query (every article, newest first) with and without a date filter:

- ``page``: :func:`factdesk.store.search`, a first page of 20 article hits and
  its (capped) total: what a search answered before facets;
- ``facets``: :func:`factdesk.store.search_facets` for the same search (outlet,
  date, speaker and stance counts over up to ``COUNT_CAP`` hits).

Writes the median milliseconds of ``--repeat`` runs of each and the ratio
``facets / page`` (the cost of facets next to the page they sit beside).

    python bench/search_facets.py --articles 20000 --out bench/results/search-facets.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from factdesk.store import Filters, Paging, SearchKind, Store, search, search_facets

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from search_scale import QUERIES, _timed, corpus_arguments  # noqa: E402  (the shared corpus)

CASES = {**{name: (query, Filters()) for name, query in QUERIES.items()},
         "everything": ("", Filters()),
         "common-in-march": (QUERIES["common"], Filters(date_from="2024-03-01",
                                                         date_to="2024-03-31"))}


def main() -> None:
    args, db = corpus_arguments(__doc__.split("\n\n")[0], "search-facets.json")
    rows = {}
    with Store(db) as store:
        for name, (query, filters) in CASES.items():
            page = search(store, SearchKind.ARTICLES, query, filters, Paging(limit=20))
            facets = search_facets(store, SearchKind.ARTICLES, query, filters)
            page_ms = _timed(lambda q=query, f=filters: search(
                store, SearchKind.ARTICLES, q, f, Paging(limit=20)), args.repeat)
            facets_ms = _timed(lambda q=query, f=filters: search_facets(
                store, SearchKind.ARTICLES, q, f), args.repeat)
            rows[name] = {"query": query, "filters": {k: v for k, v in (
                ("date_from", filters.date_from), ("date_to", filters.date_to)) if v},
                "total": page.total, "total_capped": page.total_capped,
                "facets_capped": facets.capped,
                "counted": sum(v.count for v in facets.outlet),
                "page_ms": page_ms, "facets_ms": facets_ms,
                "ratio_facets_over_page": round(facets_ms / page_ms, 2) if page_ms else None}
    result = {"articles": args.articles, "repeat": args.repeat, "cases": rows}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
