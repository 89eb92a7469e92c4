"""What freezing the loaded model out of the garbage collector saves on small pages.

A loaded spaCy pipeline is ~110,000 tracked Python objects.  Every full
(generation 2) collection walks them all, and that time is charged to
whichever page happens to trigger it: on a stream of small pages it is most
of the spread between the cheapest and the dearest page (issue 17's fuzz
campaign: its worst CPU-per-KB inputs were 1-2 KB pages that replay three
times faster).  ``load_pipeline`` therefore runs ``gc.collect(); gc.freeze()``
once the model is loaded (:func:`factdesk.analyze.parse.nlp.freeze_loaded`).

This benchmark runs the same small pages through ``factdesk.analyze_text`` in
one process, alternating rounds with the loaded objects frozen (as shipped)
and unfrozen (``gc.unfreeze()``, as before), and reports per mode the CPU
time of the whole round, the median and the worst page, worst/median, and the
time one full collection takes.  Ratios, not absolute times, are the result.

Result when this was written (bench/results/gc-freeze.json, 300 pages of
0.4 KB median, 3 rounds per mode): one full collection 0.058 s -> 0.0003 s,
but CPU per round 0.999x and the worst page 1.00x: Python runs a full
collection only once the survivors since the last one reach a quarter of
the long-lived objects, which ordinary small pages never do.  The gain is
for streams that keep new objects alive (spaCy's string store on random
words, as in the fuzz campaign), not a speed-up of ordinary analysis.

    PYTHONPATH=src python bench/gc_freeze.py --data ../shared/data/polnear \
        --pages 300 --rounds 4 --out bench/results/gc-freeze.json
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def small_pages(data: Path, count: int, seed: int) -> list[str]:
    """``count`` pages of 1-3 paragraphs cut from PolNeAR DEV texts (about 0.3-2 KB)."""
    paragraphs = []
    for path in sorted((data / "dev" / "text").glob("*.txt")):
        paragraphs += [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n")
                       if len(p.strip()) > 80]
    rng = random.Random(seed)
    pages = []
    for _ in range(count):
        start = rng.randrange(len(paragraphs) - 3)
        pages.append("\n\n".join(paragraphs[start:start + rng.randint(1, 3)]))
    return pages


def full_collection_s() -> float:
    start = time.perf_counter()
    gc.collect()
    return time.perf_counter() - start


def one_round(pages: list[str], analyze_text) -> dict:
    times = []
    for page in pages:
        start = time.process_time()
        analyze_text(page, strict=False)
        times.append(time.process_time() - start)
    median = statistics.median(times)
    return {"cpu_s": sum(times), "median_page_s": median, "worst_page_s": max(times),
            "worst_over_median": max(times) / median if median else None}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, required=True, help="PolNeAR folder (dev/text/*.txt)")
    ap.add_argument("--pages", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=4, help="rounds per mode, alternating")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)

    from factdesk import analyze_text
    from factdesk.settings import Settings

    pages = small_pages(args.data, args.pages, args.seed)
    analyze_text(pages[0], strict=False)  # loads the pipeline (and freezes what it loaded)
    assert gc.get_freeze_count() > 0, "load_pipeline did not freeze the loaded objects"
    one_round(pages[:20], analyze_text)  # warm caches
    rows: dict[str, list[dict]] = {"frozen": [], "unfrozen": []}
    for _ in range(args.rounds):
        for mode in ("unfrozen", "frozen"):
            gc.unfreeze()
            gc.collect()
            if mode == "frozen":
                gc.freeze()
            row = one_round(pages, analyze_text)
            row["full_collection_s"] = full_collection_s()
            row["objects_a_full_collection_walks"] = len(gc.get_objects())
            rows[mode].append(row)
    gc.unfreeze()

    def summary(mode: str) -> dict:
        return {key: statistics.median(r[key] for r in rows[mode])
                for key in ("cpu_s", "median_page_s", "worst_page_s", "worst_over_median",
                            "full_collection_s", "objects_a_full_collection_walks")}

    frozen, unfrozen = summary("frozen"), summary("unfrozen")
    report = {
        "command": "python bench/gc_freeze.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "model": Settings().spacy_model, "pages": len(pages),
        "page_chars_median": statistics.median(len(p) for p in pages),
        "rounds_per_mode": args.rounds,
        "frozen": frozen, "unfrozen": unfrozen,
        "cpu_frozen_over_unfrozen": frozen["cpu_s"] / unfrozen["cpu_s"],
        "worst_page_frozen_over_unfrozen": frozen["worst_page_s"] / unfrozen["worst_page_s"],
        "rounds": rows,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in report.items() if k != "rounds"}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
