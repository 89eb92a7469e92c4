"""Quote and attribution benchmark on a folder in the PolNeAR layout.

Analyzes every ``<compartment>/text/<id>.txt`` verbatim (``verbatim_article``,
so offsets point into the file unchanged), writes predictions in the format of
``../shared/bench/README.md`` and scores them with ``../shared/bench/eval_quotes.py``.
The gold ``attributions/`` folders are never read here.

    python bench/quotes.py --data ../shared/data/polnear --task quotes --out quotes.jsonl
    python bench/quotes.py --data ../shared/data/polnear --task attribution \\
        --out attribution.jsonl --threshold 1.0
    python bench/quotes.py --data ../shared/data/polnear --task quotes --out q.jsonl --speed

The result file also scores each compartment on its own (``by_compartment``):
rules are tuned on ``train/`` and checked on ``dev/``.

``--speed`` also parses the same texts with bare ``nlp.pipe`` in the same run
and prints documents per CPU-second of both, and their ratio.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import subprocess
import sys
import time
from pathlib import Path

from factdesk.analyze import analyze_parsed, load_pipeline
from factdesk.analyze.parse.nlp import blas_threads, parse_many
from factdesk.model import Analysis, Quote, QuoteKind
from factdesk.settings import Settings
from factdesk.clean import verbatim_article

ROOT = Path(__file__).resolve().parent.parent
SCORER = ROOT.parent / "shared" / "bench" / "eval_quotes.py"
COMPARTMENTS = ("train", "dev", "test")


def documents(data: Path, limit: int | None) -> list[tuple[str, str]]:
    """(id, text) of every ``<compartment>/text/<id>.txt``, compartments in order."""
    out = []
    for compartment in COMPARTMENTS:
        for path in sorted((data / compartment / "text").glob("*.txt")):
            out.append((path.stem, path.read_text(encoding="utf-8")))
    return out[:limit] if limit else out


def prediction(analysis: Analysis, task: str = "attribution") -> list[dict]:
    """One row per quote; for ``--task quotes`` one row per part of a direct
    quote, so that a quoted title between two parts (not a part itself) is
    not scored as part of the quote."""
    rows = []
    for q in analysis.quotes:
        spans = q.parts if task == "quotes" and q.kind is QuoteKind.DIRECT and q.parts \
            else (q.span,)
        rows.extend({**_row(q), "start": span.start, "end": span.end} for span in spans)
    return rows


def _row(q: Quote) -> dict:
    return {
        "start": q.span.start, "end": q.span.end,
        "speaker": q.speaker,
        # An unresolved mention ("he" with no antecedent) is not a speaker.
        "speaker_start": q.speaker_span.start if q.speaker and q.speaker_span else None,
        "speaker_end": q.speaker_span.end if q.speaker and q.speaker_span else None,
        "cue_start": q.cue.start if q.cue else None,
        "cue_end": q.cue.end if q.cue else None,
        "kind": q.kind.value,
    }


def run_stage(docs: list[tuple[str, str]], settings: Settings):
    """Analyze ``docs``; returns (analyses, stage CPU s, own-rules CPU s)."""
    nlp = load_pipeline(settings.spacy_model, settings.spacy_matmul)
    articles = [verbatim_article(text, source=doc_id) for doc_id, text in docs]
    analyses = []
    own = 0.0
    cpu0 = time.process_time()
    with blas_threads(settings.blas_threads):
        for parsed in parse_many(articles, nlp):
            t0 = time.process_time()
            analyses.append(analyze_parsed(parsed, model=settings.spacy_model))
            own += time.process_time() - t0
    return analyses, time.process_time() - cpu0, own


@functools.cache
def stock_pipeline(model: str):
    """The pipeline as plain ``spacy.load`` gives it (blis matrix products): the
    bare ``nlp.pipe`` peer, without factdesk's choice of matrix library."""
    import spacy

    return spacy.load(model)


def bare_pipe(docs: list[tuple[str, str]], settings: Settings, matmul: str = "stock") -> float:
    """CPU seconds of bare ``nlp.pipe`` over ``docs``: stock ``spacy.load``, or with
    ``matmul="numpy"`` the pipeline with the matrix library factdesk uses."""
    if matmul == "stock":
        nlp, context = stock_pipeline(settings.spacy_model), contextlib.nullcontext()
    else:
        nlp, context = load_pipeline(settings.spacy_model, matmul), blas_threads(1)
    with context:
        cpu0 = time.process_time()
        for _ in nlp.pipe((text for _, text in docs), batch_size=64):
            pass
        return time.process_time() - cpu0


def by_compartment(args: argparse.Namespace, docs: list[tuple[str, str]]) -> dict:
    """The headline scores of each compartment (``train/``, ``dev/``) on its own,
    from the predictions already written: rules are tuned on ``train/`` and
    checked on ``dev/``."""
    lines = args.out.read_text(encoding="utf-8").splitlines()
    out = {}
    for compartment in COMPARTMENTS:
        ids = {p.stem for p in (args.data / compartment / "text").glob("*.txt")}
        part = [line for line in lines if json.loads(line)["id"] in ids]
        if not part:
            continue
        sub = args.out.with_name(f"{args.out.stem}-{compartment}{args.out.suffix}")
        sub.write_text("\n".join(part) + "\n", encoding="utf-8")
        scores = sub.with_suffix(".scores.json")
        subprocess.run([sys.executable, str(SCORER), "eval", "--data", str(args.data),
                        "--portion", "all", "--predictions", str(sub), "--task", args.task,
                        "--threshold", str(args.threshold), "--only-predicted",
                        "--json", str(scores)], check=True, capture_output=True)
        found = json.loads(scores.read_text(encoding="utf-8"))
        at = found["by_threshold"][str(args.threshold)]
        keys = [k for k in at if k.endswith("_PRF") or k.startswith("recall_")]
        out[compartment] = {"articles": found["articles"], **{k: at[k] for k in keys}}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--task", choices=("quotes", "attribution"), default="quotes")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--model", default=None, help="spaCy pipeline (default: the setting)")
    ap.add_argument("--speed", action="store_true", help="also time bare nlp.pipe")
    args = ap.parse_args(argv)

    settings = Settings() if args.model is None else Settings(spacy_model=args.model)
    docs = documents(args.data, args.limit)
    load_pipeline(settings.spacy_model, settings.spacy_matmul)  # loading is not timed
    speed = {}
    if args.speed:
        bare_pipe(docs[:20], settings)  # warm-up
        bare = bare_pipe(docs, settings)
        bare_pipe(docs[:20], settings, "numpy")
        bare_numpy = bare_pipe(docs, settings, "numpy")
    analyses, stage, own = run_stage(docs, settings)
    if args.speed:
        speed = {
            "documents": len(docs),
            "bare_pipe_docs_per_cpu_s": round(len(docs) / bare, 2),
            "analyze_docs_per_cpu_s": round(len(docs) / stage, 2),
            "ratio": round(bare / stage, 3),
            "bare_pipe_numpy_docs_per_cpu_s": round(len(docs) / bare_numpy, 2),
            "ratio_vs_bare_numpy": round(bare_numpy / stage, 3),
            "note": "bare is stock spacy.load (blis); bare_numpy multiplies matrices with "
                    "numpy's BLAS as the analyze stage does (the spacy_matmul setting)",
            "own_rules_share_of_stage": round(own / stage, 3),
        }
        print(json.dumps({"speed": speed}, indent=1), file=sys.stderr)

    per_doc = stage / max(1, len(docs))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as fh:
        for (doc_id, _), analysis in zip(docs, analyses, strict=True):
            fh.write(json.dumps({"id": doc_id, "quotes": prediction(analysis, args.task),
                                 "seconds": per_doc}) + "\n")

    suffix = "" if args.threshold == 0.5 else f"-t{args.threshold:g}"
    result = ROOT / "bench" / "results" / f"quotes-{args.task}{suffix}.json"
    command = [sys.executable, str(SCORER), "eval", "--data", str(args.data),
               "--portion", "all", "--predictions", str(args.out), "--task", args.task,
               "--threshold", str(args.threshold), "--json", str(result)]
    if args.limit:
        command.append("--only-predicted")
    done = subprocess.run(command, check=False)
    if done.returncode != 0:
        return done.returncode
    scored = json.loads(result.read_text(encoding="utf-8"))
    if speed:
        scored["factdesk_speed"] = speed
    if not args.limit:
        scored["by_compartment"] = by_compartment(args, docs)
    result.write_text(json.dumps(scored, indent=1) + "\n", encoding="utf-8")
    print(result.read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
