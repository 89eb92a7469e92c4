"""Article-stance benchmark on any folder in the FNC-1 layout.

Finds every ``<name>_bodies<suffix>.csv`` + ``<name>_stances<suffix>.csv`` pair
in the folder (never a fixed file name), predicts the stance of each body
towards each headline with the committed model
(``factdesk.analyze.article_stance``, weights ``fnc-stance-v1``), writes a
predictions CSV (``Headline,Body ID,Stance`` plus the model name and the four
probabilities) and scores it with ``../shared/bench/eval_stance.py``, writing
``bench/results/stance-<tag>.json``.  It also measures the model's speed
(features and trees, pairs per second of wall and of CPU time), prints it and
writes it into that JSON under ``factdesk``.  The ``Stance`` column is never read
here: only ``Headline`` and ``Body ID``.

    .venv/bin/python bench/stance.py --data ../shared/data/fnc-1 --tag dev-insample
    .venv/bin/python bench/stance.py --data /path/to/heldout --tag heldout --out heldout.csv
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from factdesk.analyze.article_stance import ArticleStanceModel  # noqa: E402

SCORER = ROOT.parent / "shared" / "bench" / "eval_stance.py"
RESULTS = ROOT / "bench" / "results"
_BODIES = re.compile(r"^(?P<name>.+)_bodies(?P<suffix>.*)\.csv$")

csv.field_size_limit(sys.maxsize)


@dataclass(frozen=True, slots=True)
class Pair:
    """One headline/body pair to predict (no label)."""

    headline: str
    body_id: str
    body: str


def file_pairs(folder: Path) -> list[tuple[Path, Path]]:
    """Every (bodies, stances) file pair in ``folder``, by name."""
    found = []
    for bodies in sorted(folder.glob("*_bodies*.csv")):
        m = _BODIES.match(bodies.name)
        if not m:
            continue
        stances = folder / f"{m['name']}_stances{m['suffix']}.csv"
        if stances.exists():
            found.append((bodies, stances))
            continue
        # e.g. competition_test_bodies.csv + competition_test_stances_unlabeled.csv
        for other in sorted(folder.glob(f"{m['name']}_stances*{m['suffix']}.csv")):
            if not (folder / other.name.replace("_stances", "_bodies", 1)).exists():
                found.append((bodies, other))
    return found


def _columns(reader, path: Path, names: tuple[str, ...]) -> list[int]:
    header = [h.strip().lstrip("\ufeff") for h in next(reader, [])]
    missing = [n for n in names if n not in header]
    if missing:
        raise SystemExit(f"{path}: no column {', '.join(missing)} (columns: {header})")
    return [header.index(n) for n in names]


def read_folder(folder: Path) -> list[Pair]:
    """All pairs of all file pairs in ``folder``, in file order (labels not read)."""
    pairs: list[Pair] = []
    found = file_pairs(folder)
    if not found:
        raise SystemExit(f"{folder}: no <name>_bodies<suffix>.csv + "
                         "<name>_stances<suffix>.csv pair found")
    for bodies_path, stances_path in found:
        bodies = {}
        with bodies_path.open(encoding="utf-8", newline="") as f:
            reader = csv.reader(f)
            i_id, i_body = _columns(reader, bodies_path, ("Body ID", "articleBody"))
            for row in reader:
                if row:
                    bodies[row[i_id].strip()] = row[i_body]
        with stances_path.open(encoding="utf-8", newline="") as f:
            reader = csv.reader(f)
            i_head, i_id = _columns(reader, stances_path, ("Headline", "Body ID"))
            for row in reader:
                if row:
                    body_id = row[i_id].strip()
                    pairs.append(Pair(row[i_head], body_id, bodies.get(body_id, "")))
        print(f"{stances_path.name} + {bodies_path.name}: {len(bodies)} bodies",
              file=sys.stderr)
    return pairs


def write_predictions(path: Path, pairs: list[Pair], stances) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        labels = list(stances[0].probabilities) if stances else []
        w.writerow(["Headline", "Body ID", "Stance", "Model", *(f"p_{lab}" for lab in labels)])
        for p, s in zip(pairs, stances):
            w.writerow([p.headline, p.body_id, s.label, s.model,
                        *(s.probabilities[lab] for lab in labels)])


def score(data: Path, predictions: Path, out_json: Path, setup: dict) -> None:
    """Score with the shared scorer; add ``setup`` (model, speed) to its JSON."""
    if not SCORER.exists():
        print(f"scorer not found at {SCORER}; predictions are in {predictions}",
              file=sys.stderr)
        return
    subprocess.run([sys.executable, str(SCORER), "--data", str(data), "--predictions",
                    str(predictions), "--json", str(out_json)], check=True)
    result = json.loads(out_json.read_text(encoding="utf-8"))
    result["factdesk"] = setup
    out_json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, required=True, help="folder in the FNC-1 layout")
    ap.add_argument("--tag", default="run", help="results go to bench/results/stance-TAG.json")
    ap.add_argument("--out", type=Path, help="predictions CSV (default: a temporary name)")
    ap.add_argument("--weights", type=Path, help="weights file (default: the bundled model)")
    ap.add_argument("--no-score", action="store_true", help="only write the predictions")
    args = ap.parse_args(argv)

    pairs = read_folder(args.data)
    model = ArticleStanceModel.load(args.weights)
    start, cpu = time.perf_counter(), time.process_time()
    stances = model.predict_many((p.headline, p.body) for p in pairs)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    speed = {"pairs": len(pairs), "seconds": round(wall, 2), "cpu_seconds": round(cpu, 2),
             "pairs_per_second": round(len(pairs) / max(wall, 1e-9), 1),
             "pairs_per_cpu_second": round(len(pairs) / max(cpu, 1e-9), 1)}
    print(f"{model.name}: {speed}", file=sys.stderr)
    out = args.out or Path(tempfile.gettempdir()) / f"stance-{args.tag}.csv"
    write_predictions(out, pairs, stances)
    if not args.no_score:
        RESULTS.mkdir(parents=True, exist_ok=True)
        score(args.data, out, RESULTS / f"stance-{args.tag}.json",
              {"model": model.name, "data": str(args.data), **speed,
               "command": " ".join(["bench/stance.py", *(argv or sys.argv[1:])])})
    return 0


if __name__ == "__main__":
    sys.exit(main())
