"""Batch ingest throughput of two source trees, in interleaved rounds (a before/after check).

Each round runs ``bench/throughput.py``'s ``ours`` measurement (``run_batch`` over
the DEV corpus into a fresh database, the spaCy model loaded before the clock
starts) once with ``--before`` and once with ``--after`` first on ``PYTHONPATH``,
alternating which goes first, so a change in the machine's load hits both.
The report gives documents per CPU-second (this process and the workers it
waited for) for each run and the median ratio after / before.

    git archive main src | tar -x -C /tmp/before
    python bench/throughput_ab.py --before /tmp/before/src --after src \\
        --out bench/results/throughput-ab.json

An old tree whose API the current ``throughput.py`` no longer knows brings its
own: ``git show OLD:bench/throughput.py > /tmp/before/throughput.py`` and
``--before-bench /tmp/before/throughput.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import throughput  # noqa: E402 - the corpus and the measured child live there


def ours(src: Path, folder: Path, db: Path, bench: Path | None = None) -> dict:
    """One timed ingest of ``folder`` by the tree ``src``, through ``bench`` (a
    ``throughput.py``: this one by default, or the old tree's own when its API
    differs)."""
    env = {**os.environ, "PYTHONPATH": str(src.resolve())}
    script = bench or HERE / "throughput.py"
    out = subprocess.run([sys.executable, str(script), "--child", "ours",
                          str(folder), str(db)], capture_output=True, text=True, env=env)
    if out.returncode:
        raise SystemExit(f"ours ({src}) failed:\n{out.stderr[-3000:]}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result.pop("counts", None)
    result["docs_per_cpu_s"] = round(result["docs"] / result["cpu_s"], 3)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=Path, required=True, help="The old tree's src/.")
    parser.add_argument("--after", type=Path, required=True, help="The new tree's src/.")
    parser.add_argument("--data", type=Path, default=HERE.parent.parent / "shared" / "data")
    parser.add_argument("--before-bench", type=Path, default=None,
                        help="The old tree's bench/throughput.py, when its API differs "
                             "(e.g. from `git show OLD:bench/throughput.py`).")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path, default=HERE / "results" / "throughput-ab.json")
    args = parser.parse_args()
    pages = throughput.corpus(args.data)
    rounds = []
    with tempfile.TemporaryDirectory(prefix="factdesk-ab-") as tmp:
        folder = throughput.write_corpus(pages, Path(tmp) / "pages", len(pages))
        for n in range(args.rounds):
            order = ("before", "after") if n % 2 == 0 else ("after", "before")
            runs = {}
            for name in order:
                src = args.before if name == "before" else args.after
                bench = args.before_bench if name == "before" else None
                runs[name] = ours(src, folder, Path(tmp) / f"{name}-{n}.db", bench)
            runs["ratio_after_vs_before"] = round(
                runs["after"]["docs_per_cpu_s"] / runs["before"]["docs_per_cpu_s"], 3)
            runs["first"] = order[0]
            rounds.append(runs)
            print(json.dumps(runs), file=sys.stderr)
    report = {"corpus_pages": len(pages), "before": str(args.before), "after": str(args.after),
              "rounds": rounds,
              "median_ratio_after_vs_before": statistics.median(
                  r["ratio_after_vs_before"] for r in rounds),
              "note": "docs per CPU-second of run_batch (driver and the workers it waited "
                      "for), each run in a fresh process, rounds interleaved"}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
