"""Search time on a large corpus: ``factdesk.store.search`` against the one-query form.

Builds (or reuses, keyed by N) a database of ``--articles`` synthetic articles
(random sentences over a fixed vocabulary, so common words match about half of
them and rare ones a few), then times a first page of article hits for a
common, a middling and a rare query, two ways, in the same run:

- ``factdesk``: :func:`factdesk.store.search` (the page cut inside the ranked
  query, snippets for the page's rows only, the count capped);
- ``one_query``: the form search had before, a peer: one select giving every
  matching row its bm25 rank and its snippet, sorted and cut, and an exact count.

Both answer the same hits (``tests/store/test_search_ranking.py``).  Writes the
median milliseconds of ``--repeat`` runs and the ratio ``one_query / factdesk``.

    python bench/search_scale.py --articles 20000 --out bench/results/search-scale.json
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from factdesk.clean import verbatim_article
from factdesk.model import PageOutcome, content_id
from factdesk.store import Paging, SearchKind, Store, search
from factdesk.store.marks import MARK_END, MARK_START

ROOT = Path(__file__).resolve().parent.parent
COMMON = ("ferry harbour council budget storm roof school bridge tariff river mayor port vote "
          "strike court ruling fishing tourism the said would").split()
RARE = ("zebrafish", "quartzite", "marmalade")
QUERIES = {"common": "harbour", "middling": "zebrafish ferry", "rare": "quartzite"}
ONE_QUERY = ("SELECT a.id, snippet(articles_fts, 1, ?, ?, '…', 24), bm25(articles_fts) "
             "FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid "
             "WHERE articles_fts MATCH ? AND a.current = 1 "
             "ORDER BY bm25(articles_fts), a.id LIMIT 20 OFFSET 0")
ONE_COUNT = ("SELECT count(*) FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid "
             "WHERE articles_fts MATCH ? AND a.current = 1")


def _article(n: int, rng: random.Random) -> PageOutcome:
    words = [rng.choice(COMMON) for _ in range(rng.randint(80, 200))]
    if n % 40 == 0:
        words[rng.randrange(len(words))] = RARE[n % 3]
    if n % 7 == 0:
        words[rng.randrange(len(words))] = "zebrafish"
    text = f"Story {n} of the harbour desk\n\n" + " ".join(words).capitalize() + "."
    url = f"https://bench.example/{n}"
    base = verbatim_article(text, source=url, url=url)
    article = type(base)(**{**{f: getattr(base, f) for f in base.__slots__},
                            "headline": base.paragraphs[0], "site_name": "Bench",
                            "published": datetime(2024, 1 + n % 12, 1 + n % 28, tzinfo=UTC),
                            "page_id": content_id(url, text)})
    return PageOutcome(source=url, page_id=article.page_id, key=url, url=url,
                       content_type="text/plain", size=len(text), article=article)


def build(path: Path, count: int) -> None:
    rng = random.Random(15)
    with Store(path) as store:
        for start in range(0, count, 1000):
            store.write(_article(n, rng) for n in range(start, min(count, start + 1000)))


def _timed(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 2)


def corpus_arguments(description: str, result: str) -> tuple[argparse.Namespace, Path]:
    """The search benchmarks' shared options (--articles, --repeat, --db, --out with
    ``result`` as its default file name) and the corpus database, built once per size."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--db", help="where the corpus is kept (default: a temp folder, by N)")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / result))
    args = parser.parse_args()
    db = Path(args.db or Path(tempfile.gettempdir()) / f"factdesk-search-{args.articles}.db")
    if not db.exists():
        started = time.perf_counter()
        build(db, args.articles)
        print(f"built {args.articles} articles in {time.perf_counter() - started:.0f} s")
    return args, db


def main() -> None:
    args, db = corpus_arguments(__doc__.split("\n\n")[0], "search-scale.json")
    rows = {}
    with Store(db) as store:
        for name, query in QUERIES.items():
            match = " ".join(f'"{w}"' for w in query.split())
            page = search(store, SearchKind.ARTICLES, query, paging=Paging(limit=20))

            def one_query(match=match):
                store.conn.execute(ONE_QUERY, (MARK_START, MARK_END, match)).fetchall()
                return store.conn.execute(ONE_COUNT, (match,)).fetchone()[0]

            ours = _timed(lambda q=query: search(store, SearchKind.ARTICLES, q,
                                                 paging=Paging(limit=20)), args.repeat)
            peer = _timed(one_query, args.repeat)
            rows[name] = {"query": query, "matches": one_query(), "total_shown": page.total,
                          "total_capped": page.total_capped, "factdesk_ms": ours,
                          "one_query_ms": peer, "ratio_one_query_over_factdesk":
                          round(peer / ours, 2) if ours else None}
    result = {"articles": args.articles, "repeat": args.repeat, "queries": rows}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
