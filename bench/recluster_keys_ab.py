"""A/B of the match-key count (``matching.KEY_WORDS``) on a full recluster: every node
featurised and keyed again, alternating the counts in one process (CPU seconds).

    PYTHONPATH=src .venv/bin/python bench/recluster_keys_ab.py --db COPY_OF_A_STORE.db \
        [--counts 6 10] [--rounds 4]

The store is changed in place (its claims are rebuilt): run it on a copy.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

import factdesk.analyze.corpus.matching as matching
from factdesk.analyze import CLAIM_LINKER
from factdesk.store import Store


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--counts", type=int, nargs="+", default=[6, 10])
    ap.add_argument("--rounds", type=int, default=4)
    args = ap.parse_args(argv)
    cpu: dict[int, list[float]] = {k: [] for k in args.counts}
    keys: dict[int, int] = {}
    with Store(args.db) as store:
        for _ in range(args.rounds):
            for count in args.counts:
                with store.transaction() as conn:
                    conn.execute("DELETE FROM claim_keys")
                    conn.execute("UPDATE claim_nodes SET feats = NULL")
                    conn.execute("UPDATE claims SET root = NULL")
                matching.KEY_WORDS = count
                start = time.process_time()
                store.recluster(CLAIM_LINKER)
                cpu[count].append(round(time.process_time() - start, 4))
                keys[count] = store.conn.execute("SELECT count(*) FROM claim_keys").fetchone()[0]
    base = statistics.median(cpu[args.counts[0]])
    print(json.dumps({"cpu_s": cpu, "claim_keys": keys,
                      "median_ratio": {k: round(statistics.median(v) / base, 3)
                                       for k, v in cpu.items()}}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
