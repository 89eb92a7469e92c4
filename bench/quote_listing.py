"""Quotes worth listing, measured on a real corpus: how many quotes a search lists
with fragments and scare quotes left out (``Quote.listable``) and without, in the
same database and the same run, and every quote that is left out, to read.

Ingests the texts (``factdesk ingest``, with archive metadata when given) into a
fresh database unless ``--db`` names one already made, then for each query
counts the quotes the store's search lists (listable only) and the quotes the
same full-text match finds among all stored quotes, and the first ten of each.

    python bench/quote_listing.py --data ../shared/data/polnear/dev/text \\
        --metadata ../shared/data/polnear/metadata.tsv --out bench/results/quote-listing.json
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from factdesk.store import Paging, SearchKind, Store, search
from factdesk.store.marks import MARK_END, MARK_START
from factdesk.store.search import fts_query

QUERIES = ("Trump", "Clinton", "Obama", "email", "")
FIRST = 10


def _ingest(data: Path, metadata: Path | None, db: Path) -> None:
    command = [sys.executable, "-m", "factdesk", "ingest", str(data), "--db", str(db),
               "--workers", "1", "--format", "json"]
    if metadata is not None:
        command += ["--metadata", str(metadata)]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def _every_quote(store: Store, query: str) -> tuple[int, list[str]]:
    """The quotes the same match finds with no listing filter (what was listed before)."""
    conn = store.conn
    if query:
        frm = ("quotes_fts JOIN quotes q ON q.seq = quotes_fts.rowid JOIN articles a "
               "ON a.id = q.article_id WHERE quotes_fts MATCH ? AND a.current = 1")
        args: list = [fts_query(query)]
        order = "bm25(quotes_fts), q.seq"
    else:
        frm = "quotes q JOIN articles a ON a.id = q.article_id WHERE a.current = 1"
        args, order = [], "a.published DESC, q.seq"
    total = conn.execute(f"SELECT count(*) FROM {frm}", args).fetchone()[0]
    first = [row[0] for row in conn.execute(
        f"SELECT q.text FROM {frm} ORDER BY {order} LIMIT {FIRST}", args)]
    return total, first


def measure(db: Path) -> dict:
    with Store(db) as store:
        conn = store.conn
        kinds = Counter(dict(conn.execute(
            "SELECT kind || ':' || listable, count(*) FROM quotes GROUP BY 1")))
        searches = []
        for query in QUERIES:
            listed = search(store, SearchKind.QUOTES, query, paging=Paging(limit=FIRST))
            total_all, first_all = _every_quote(store, query)
            searches.append({
                "query": query, "listed_before": total_all, "listed_after": listed.total,
                "left_out": total_all - listed.total,
                "first_before": first_all,
                "first_after": [hit.snippet.replace(MARK_START, "").replace(MARK_END, "")
                                for hit in listed.items]})
        unlisted = [dict(zip(("kind", "speaker", "cue", "text"), row)) for row in conn.execute(
            "SELECT kind, speaker, cue_lemma, text FROM quotes WHERE listable = 0 "
            "ORDER BY article_id, start")]
        total = conn.execute("SELECT count(*) FROM quotes").fetchone()[0]
    return {"quotes": total, "unlisted": len(unlisted),
            "by_kind_and_listable": dict(sorted(kinds.items())),
            "searches": searches, "unlisted_quotes": unlisted}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, help="folder of texts to ingest")
    parser.add_argument("--metadata", type=Path, help="archive metadata (CSV/TSV) for ingest")
    parser.add_argument("--db", type=Path, help="an existing database (skips the ingest)")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    if args.db is None and args.data is None:
        parser.error("give --data to ingest, or --db")
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            db = Path(tmp) / "listing.db"
            _ingest(args.data, args.metadata, db)
        result = {"data": str(args.data or args.db), **measure(db)}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    for s in result["searches"]:
        print(f"{s['query'] or '(all)':10} listed before {s['listed_before']:4}  "
              f"after {s['listed_after']:4}  left out {s['left_out']}", file=sys.stderr)
    print(f"{result['unlisted']} of {result['quotes']} quotes not listed", file=sys.stderr)


if __name__ == "__main__":
    main()
