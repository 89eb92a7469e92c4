"""What the desk pages find in a real database: contested claims and stories.

Reads a database made by ``factdesk ingest`` (e.g. the PolNeAR DEV texts with
their ``metadata.tsv``) and counts what the issue's closing note asks the desk
to show: contested claims, those whose two sides come from different outlets,
stories of several articles and of at least three outlets; with the time of
each query (median of ``--repeat`` calls).

    factdesk ingest ../shared/data/polnear/dev/text/ \\
        --metadata ../shared/data/polnear/metadata.tsv --db polnear-dev.db
    python bench/desk_corpus.py --db polnear-dev.db --out bench/results/desk-polnear-dev.json
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from factdesk.store import Paging, Store
from factdesk.store.contested import contested_claims
from factdesk.store.story_queries import story_detail, story_list

ROOT = Path(__file__).resolve().parent.parent
ALL = Paging(limit=100_000)


def _timed(fn, repeat: int) -> tuple[float, object]:
    times, value = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        value = fn()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 2), value


def _across_outlets(row: dict) -> bool:
    """An asserting and a denying source seen in two different outlets."""
    return any(a_outlet != d_outlet for a in row["asserts"] for d in row["denies"]
               for a_outlet in a["outlets"] for d_outlet in d["outlets"])


def measure(path: Path, repeat: int) -> dict:
    with Store(path) as store:
        contested_ms, contested = _timed(lambda: contested_claims(store, paging=ALL), repeat)
        stories_ms, stories = _timed(lambda: story_list(store, paging=ALL), repeat)
        largest = max(stories.items, key=lambda s: (s["articles"], s["id"]), default=None)
        story_ms = _timed(lambda: story_detail(store, largest["id"]), repeat)[0] \
            if largest else None
        return {
            "articles": store.conn.execute("SELECT count(*) FROM articles WHERE current = 1"
                                           ).fetchone()[0],
            "claims": store.conn.execute("SELECT count(*) FROM claims").fetchone()[0],
            "contested": contested.total,
            "contested_across_outlets": sum(map(_across_outlets, contested.items)),
            "contested_examples": [
                {"label": r["label"], "asserts": [s["source"] for s in r["asserts"]],
                 "denies": [s["source"] for s in r["denies"]], "outlets": r["outlets"]}
                for r in contested.items[:5]],
            "stories": stories.total,
            "stories_of_2_or_more_articles": sum(s["articles"] >= 2 for s in stories.items),
            "stories_of_3_or_more_outlets": sum(len(s["outlets"]) >= 3 for s in stories.items),
            "largest_story": largest and {k: largest[k] for k in ("title", "articles",
                                                                  "outlets", "claims")},
            "median_ms": {"contested_all": contested_ms, "stories_all": stories_ms,
                          "largest_story": story_ms},
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" /
                        "desk-polnear-dev.json")
    args = parser.parse_args()
    result = {"bench": "desk_corpus", "db": args.db.name, **measure(args.db, args.repeat)}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n",
                        encoding="utf-8")
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
