"""Article-body benchmark of factdesk's clean stage, scored by the shared scorer.

    .venv/bin/python bench/extraction.py --data ../shared/data/extraction --input text \\
        --out /tmp/pred-text.json --cv 5 --bootstrap 1000
    .venv/bin/python bench/extraction.py --data ../shared/data/extraction --input html \\
        --out /tmp/pred-html.json --bootstrap 1000

Every item in ``DATA/html`` or ``DATA/text`` is cleaned with
``factdesk.clean.clean_many`` (``kind`` = the input) and its ``article.body``
written to the predictions file, keyed by the item id; ``gold/`` is never
read when predicting.  The predictions are then scored by
``../shared/bench/eval_extraction.py``, whose table is printed.

``--cv K`` (text input): items are grouped by site (the host of the gold URL,
so both pages of a site share a fold), the line model is retrained on the
other folds with ``bench/train_textdump.py``'s ``train``, and each fold's
held-back items are predicted with that fold's model; the union is scored.

With ``--input html`` the CPU time per page (``time.process_time``) of
factdesk's clean and of trafilatura's ``bare_extraction`` are measured on the
same pages in the same run, and trafilatura's own output is scored too.
Results go to ``bench/results/extraction-<input>[-cv<K>].json``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(BENCH))

from factdesk.clean import clean_many, clean_page  # noqa: E402
from factdesk.clean.textdump import EXTRACTOR  # noqa: E402
from factdesk.clean.textdump.classifier import load_model  # noqa: E402
from factdesk.model import Article, Page  # noqa: E402
from factdesk.settings import Settings  # noqa: E402

CV_SEED = 7


def _scorer() -> Path:
    for candidate in (ROOT.parent / "shared/bench/eval_extraction.py",
                      Path.cwd().parent / "shared/bench/eval_extraction.py",
                      Path.cwd() / "../shared/bench/eval_extraction.py"):
        if candidate.exists():
            return candidate.resolve()
    raise SystemExit("cannot find ../shared/bench/eval_extraction.py next to the project")


def item_ids(data: Path, kind: str) -> list[str]:
    suffix = ".html.gz" if kind == "html" else ".txt"
    return sorted(p.name.removesuffix(suffix) for p in (data / kind).glob(f"*{suffix}"))


def read_page(data: Path, kind: str, item_id: str) -> Page:
    """The page of one item, as a reader would get it (no URL, no gold)."""
    if kind == "html":
        raw = gzip.decompress((data / "html" / f"{item_id}.html.gz").read_bytes())
        return Page(source=item_id, data=raw, content_type="text/html")
    text = (data / "text" / f"{item_id}.txt").read_text(encoding="utf-8")
    return Page(source=item_id, text=text, content_type="text/plain")


def predict(pages: list[Page], kind: str, settings: Settings) -> dict[str, str]:
    out = {}
    for page, result in zip(pages, clean_many(pages, settings, kind=kind)):
        out[page.source] = result.body if isinstance(result, Article) else ""
    return out


def site_folds(data: Path, ids: list[str], k: int) -> dict[str, int]:
    """A fold per item, both pages of a site (gold URL host) in one fold."""
    hosts = {}
    for item_id in ids:
        url = json.loads((data / "gold" / f"{item_id}.json").read_text(encoding="utf-8"))["url"]
        hosts[item_id] = (urlsplit(url).hostname or item_id).removeprefix("www.")
    order = sorted(set(hosts.values()))
    random.Random(CV_SEED).shuffle(order)
    fold_of = {host: n % k for n, host in enumerate(order)}
    return {item_id: fold_of[host] for item_id, host in hosts.items()}


def _train_fold(data: Path, train_ids: list[str], weights: Path) -> Path:
    """Train the line model on one fold's training items; write its weights."""
    import train_textdump

    model = train_textdump.train(train_textdump.load_items(data, train_ids))
    weights.write_text(json.dumps(model.to_dict()), encoding="utf-8")
    return weights


def predict_cv(data: Path, ids: list[str], k: int, settings: Settings) -> tuple[dict, list]:
    """Each fold predicted by a model trained on the other folds only.

    The folds' models are trained in parallel (one process per CPU, training
    is deterministic), then each fold's held-back pages are cleaned with its
    own model; the gold of a fold's pages is never seen by its model.
    """
    from concurrent.futures import ProcessPoolExecutor

    folds = site_folds(data, ids, k)
    preds: dict[str, str] = {}
    report = []
    with tempfile.TemporaryDirectory() as tmp, ProcessPoolExecutor(
            max_workers=min(k, os.cpu_count() or 1)) as pool:
        jobs = {fold: pool.submit(_train_fold, data, [i for i in ids if folds[i] != fold],
                                  Path(tmp) / f"fold{fold}.json") for fold in range(k)}
        for fold in range(k):
            test_ids = [i for i in ids if folds[i] == fold]
            fold_settings = settings.replace(text_model=str(jobs[fold].result()))
            model = load_model(fold_settings.text_model)
            pages = [read_page(data, "text", i) for i in test_ids]
            preds.update(predict(pages, "text", fold_settings))
            report.append({"fold": fold, "train": len(ids) - len(test_ids),
                           "test": len(test_ids), "body_bias": model.body_bias,
                           "decision_cost": model.decision_cost})
            print(f"fold {fold}: trained on {len(ids) - len(test_ids)} (bias "
                  f"{model.body_bias}, decision cost {model.decision_cost}), "
                  f"predicted {len(test_ids)}", file=sys.stderr)
    return preds, report


def cpu_times(pages: list[Page], settings: Settings) -> dict[str, float]:
    """CPU ms per page: factdesk's clean (from bytes) vs trafilatura's bare_extraction
    (from already decoded text), page by page in the same run, after a warm-up."""
    import statistics

    from trafilatura import bare_extraction

    ours, theirs = [], []
    if pages:  # warm up both sides: one-off model and module loads are not per-page cost
        clean_page(pages[0], settings, kind="html")
        bare_extraction(pages[0].data.decode("utf-8", "replace"), with_metadata=True)
    for page in pages:
        start = time.process_time()
        clean_page(page, settings, kind="html")
        ours.append(time.process_time() - start)
        html = page.data.decode("utf-8", "replace") if page.data else ""
        start = time.process_time()
        bare_extraction(html, with_metadata=True)
        theirs.append(time.process_time() - start)
    med_ours, med_theirs = statistics.median(ours) * 1000, statistics.median(theirs) * 1000
    return {"factdesk_cpu_ms_median": med_ours, "trafilatura_cpu_ms_median": med_theirs,
            "factdesk_cpu_ms_total": sum(ours) * 1000, "trafilatura_cpu_ms_total": sum(theirs) * 1000,
            "ratio_median": med_ours / med_theirs if med_theirs else float("nan"),
            "ratio_total": sum(ours) / sum(theirs) if sum(theirs) else float("nan")}


def score(data: Path, args: list[str], bootstrap: int) -> dict:
    """Run the shared scorer, print its table, return its metrics."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "score.json"
        command = [sys.executable, str(_scorer()), "--items", str(data), *args,
                   "--out", str(out)]
        if bootstrap:
            command += ["--bootstrap", str(bootstrap)]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        sys.stdout.write(done.stdout)
        sys.stderr.write(done.stderr)
        if done.returncode:
            raise SystemExit(f"the scorer failed (exit {done.returncode})")
        metrics = json.loads(out.read_text(encoding="utf-8"))
    keep = ("n", "precision", "recall", "f1", "accuracy", "empty_predictions",
            "precision_std", "recall_std", "f1_std")
    return {k: metrics[k] for k in keep if k in metrics}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, required=True, help="folder in the extraction layout")
    ap.add_argument("--input", choices=["html", "text"], default="text")
    ap.add_argument("--out", type=Path, required=True, help="predictions file to write")
    ap.add_argument("--cv", type=int, default=0, metavar="K",
                    help="K-fold cross-validation by site (text input; reads training gold)")
    ap.add_argument("--bootstrap", type=int, default=0, metavar="N")
    ap.add_argument("--results", type=Path, help="results file (default bench/results/...)")
    args = ap.parse_args(argv)
    if args.cv and args.input != "text":
        ap.error("--cv retrains the text-dump line model: use it with --input text")
    data = args.data.resolve()
    settings = Settings()
    ids = item_ids(data, args.input)
    if not ids:
        raise SystemExit(f"no items in {data / args.input}")
    started = time.perf_counter()
    folds = []
    if args.cv:
        preds, folds = predict_cv(data, ids, args.cv, settings)
    else:
        pages = [read_page(data, args.input, i) for i in ids]
        preds = predict(pages, args.input, settings)
    elapsed = time.perf_counter() - started
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({i: {"articleBody": preds.get(i, "")} for i in ids},
                                   ensure_ascii=False, indent=1), encoding="utf-8")
    results = {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "data": str(args.data), "input": args.input, "items": len(ids),
        "cv_folds": args.cv or None, "folds": folds, "bootstrap": args.bootstrap,
        "extractor": EXTRACTOR if args.input == "text" else "clean.html",
        "text_model": load_model(settings.text_model).name,
        "settings": settings.to_dict(), "wall_s": round(elapsed, 2),
        "factdesk": score(data, ["--input", args.input, "--predictions", str(args.out)],
                          args.bootstrap),
    }
    if args.input == "html":
        pages = [read_page(data, "html", i) for i in ids]
        results["cpu"] = cpu_times(pages, settings)
        results["trafilatura"] = score(data, ["--extractor", "trafilatura"], args.bootstrap)
        cpu = results["cpu"]
        print(f"CPU ms/page (median): factdesk {cpu['factdesk_cpu_ms_median']:.1f}, "
              f"trafilatura {cpu['trafilatura_cpu_ms_median']:.1f}, "
              f"ratio {cpu['ratio_median']:.2f}")
    name = f"extraction-{args.input}" + (f"-cv{args.cv}" if args.cv else "") + ".json"
    target = args.results or BENCH / "results" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(f"results: {target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
