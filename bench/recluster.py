"""What a small ingest into a big corpus costs the claim clusters: the
incremental recluster (only the region the new pages reach) against a full
rebuild of every component, on copies of one database, in the same run.

Ingests ``--pages`` pages of the throughput corpus (``bench/throughput.py``),
then writes ``--add`` new, distinct page variants to two copies of the
database and reclusters one incrementally and the other in full, timing each
(``time.process_time``; the median of ``--repeat`` tries, each on fresh
copies).  The two must give the same claims; the script stops if not.  It
also reports the claims of the result (all, and those with two mentions or
more) and the peak Python memory (``tracemalloc``) of one more full recluster,
run apart from the timed ones.

    python bench/recluster.py --data ../shared/data --out bench/results/recluster.json
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import throughput  # noqa: E402 - the corpus builder beside this script

from factdesk.analyze import CLAIM_LINKER  # noqa: E402
from factdesk.scale.batch import run_batch, warm  # noqa: E402
from factdesk.pipeline import process  # noqa: E402
from factdesk.model import Page  # noqa: E402
from factdesk.settings import Settings  # noqa: E402
from factdesk.store import Store  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def snapshot(store: Store) -> tuple:
    conn = store.conn
    return (sorted(conn.execute("SELECT id, key, label FROM claims")),
            sorted(conn.execute("SELECT claim_id, mention_id FROM claim_members")),
            sorted(conn.execute("SELECT claim_id, source, stance FROM stances")))


def timed_recluster(db: Path, records, full: bool) -> tuple[float, tuple]:
    with Store(db) as store:
        store.write(records)
        cpu = time.process_time()
        store.recluster(CLAIM_LINKER, full=full)
        cpu = time.process_time() - cpu
        return cpu, snapshot(store)


def peak_full_recluster(db: Path, records) -> float:
    """MiB: the peak traced memory of a full recluster (tracemalloc slows it, so apart)."""
    with Store(db) as store:
        store.write(records)
        tracemalloc.start()
        store.recluster(CLAIM_LINKER, full=True)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return round(peak / 2**20, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "recluster.json")
    parser.add_argument("--pages", type=int, default=749)
    parser.add_argument("--add", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    settings = Settings(workers=1)
    warm(settings)
    pages = throughput.corpus(args.data)
    with tempfile.TemporaryDirectory(prefix="factdesk-recluster-") as tmp:
        tmp = Path(tmp)
        folder = throughput.write_corpus(pages, tmp / "corpus", args.pages)
        base = tmp / "base.db"
        with Store(base) as store:
            run_batch([str(folder)], settings, store)
            counts = store.counts()
        extra = [throughput.vary(pages[n % len(pages)][1], 1000 + n) for n in range(args.add)]
        records = process([Page(source=f"new-{n}.html", data=data)
                           for n, data in enumerate(extra)], settings)
        tries = []
        for n in range(args.repeat):
            runs = {}
            for mode in ("incremental", "full"):
                db = tmp / f"{mode}-{n}.db"
                shutil.copy(base, db)
                runs[mode] = timed_recluster(db, records, full=mode == "full")
            if runs["incremental"][1] != runs["full"][1]:
                raise SystemExit("the incremental and the full recluster gave different claims")
            tries.append({mode: round(cpu, 3) for mode, (cpu, _) in runs.items()})
            print(json.dumps(tries[-1]), file=sys.stderr)
        shutil.copy(base, tmp / "peak.db")
        peak = peak_full_recluster(tmp / "peak.db", records)
        claims, members, _ = runs["full"][1]
        sizes: dict[str, int] = {}
        for claim_id, _mention in members:
            sizes[claim_id] = sizes.get(claim_id, 0) + 1
    incremental = statistics.median(t["incremental"] for t in tries)
    full = statistics.median(t["full"] for t in tries)
    report = {"corpus_pages": args.pages, "added_pages": args.add,
              "corpus_claim_nodes": counts["claim_nodes"], "corpus_claims": counts["claims"],
              "tries_cpu_s": tries, "median_incremental_cpu_s": incremental,
              "median_full_cpu_s": full, "full_vs_incremental": round(full / incremental, 1),
              "same_claims": True, "claims_after_add": len(claims),
              "claims_with_2_mentions_or_more": sum(1 for n in sizes.values() if n >= 2),
              "full_peak_traced_mib": peak}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
