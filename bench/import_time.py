"""How long does ``import factdesk`` take, and what does it pull in?

Each round starts fresh interpreters, interleaved so that a busy machine slows
every variant alike:

- ``bare``: ``import factdesk`` alone (what a script that only wants
  ``factdesk.__version__`` or an error class pays);
- ``first_use``: ``import factdesk`` then ``factdesk.analyze_html`` looked up
  (the public API loaded: pipeline, clean, analyze modules; spaCy models are
  loaded later, on the first analysis, and are not counted).  Before the lazy
  imports (``import-time-before.json``) the probe read ``factdesk.analyze``,
  the stage package, which ``import factdesk`` had already loaded;

The time is measured inside each interpreter, around the import alone.
With ``--baseline-src DIR`` (another checkout's ``src``, e.g. the commit
before a change, from ``git archive``), ``baseline_bare`` and
``baseline_first_use`` time that tree in the same rounds, and the ratios
compare the two under the same load.

Reports the median wall time of each in milliseconds, the modules each leaves
in ``sys.modules`` and which heavy libraries are among them, the ratio
bare / first_use, and writes them to ``--out``.

    PYTHONPATH=src python bench/import_time.py --rounds 15 --out bench/results/import-time.json
    git archive faf1832 src | tar -x -C /tmp/before_src
    PYTHONPATH=src python bench/import_time.py --rounds 15 --baseline-src /tmp/before_src/src \
        --out bench/results/import-time.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("spacy", "numpy", "lxml", "trafilatura", "httpx", "click", "fastapi")
PROBE = """
import sys, time
t = time.perf_counter()
{code}
ms = (time.perf_counter() - t) * 1000
print(ms, len(sys.modules), ",".join(m for m in {heavy!r} if m in sys.modules))
"""
VARIANTS = {
    "bare": "import factdesk",
    "first_use": "import factdesk; factdesk.analyze_html",
}


def _once(code: str, src: Path) -> tuple[float, int, list[str]]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    out = subprocess.run([sys.executable, "-c", PROBE.format(code=code, heavy=HEAVY)],
                         capture_output=True, text=True, check=True, env=env).stdout.split()
    return float(out[0]), int(out[1]), [m for m in (out[2:] or [""])[0].split(",") if m]


def measure(rounds: int, baseline: Path | None) -> dict:
    runs = [(name, code, ROOT / "src") for name, code in VARIANTS.items()]
    if baseline is not None:  # the old tree had no analyze_html: the stage package it loaded
        runs += [("baseline_bare", "import factdesk", baseline),
                 ("baseline_first_use", "import factdesk; factdesk.pipeline", baseline)]
    times: dict[str, list[float]] = {name: [] for name, _, _ in runs}
    seen: dict[str, dict] = {}
    for _ in range(rounds):
        for name, code, src in runs:
            ms, modules, heavy = _once(code, src)
            times[name].append(ms)
            seen[name] = {"modules": modules, "heavy": heavy}
    result = {name: {"median_ms": round(statistics.median(values), 1),
                     "min_ms": round(min(values), 1), **seen[name]}
              for name, values in times.items()}
    result["ratio_bare_vs_first_use"] = round(
        result["bare"]["median_ms"] / result["first_use"]["median_ms"], 3)
    if baseline is not None:
        for name in ("bare", "first_use"):
            result[f"ratio_{name}_vs_baseline"] = round(
                result[name]["median_ms"] / result[f"baseline_{name}"]["median_ms"], 3)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--baseline-src", type=Path, default=None,
                        help="Another tree's src folder to time in the same rounds.")
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be 1 or more")
    result = {"rounds": args.rounds, "python_version": platform.python_version(),
              "cpus": os.cpu_count(), "baseline_src": str(args.baseline_src) if args.baseline_src else None,
              **measure(args.rounds, args.baseline_src)}
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
