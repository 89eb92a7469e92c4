"""Train the learned cue model (``src/factdesk/analyze/quotes/learned_cues.json``).

Reads PolNeAR's **train** compartment only (``dev/`` is the held-out check of
``bench/quotes.py``), analyzes each article with the rules alone, and takes every
candidate verb of :func:`factdesk.analyze.quotes.learned_cues.candidates`.  A
candidate is positive when its content matches (Jaccard >= 0.5 on word tokens,
as ``../shared/bench/eval_quotes.py`` matches) a gold attribution that no rule
prediction already matches: accepting it adds a match.

The model is a numpy logistic regression (L2) over the candidate's features; the
lemma's attribution rate is target-encoded out of fold.  Folds are grouped by
article (5, by sorted article id).  The threshold is the one with the best
out-of-fold content F1 of rules plus accepted candidates on train, with precision
at least ``--min-precision``.

    python bench/train_attribution.py --data ../shared/data/polnear \\
        --cache /tmp/attr-candidates.json [--limit 100] [--out MODEL.json]

Deterministic: the same data and code give the same file.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

import numpy as np

from factdesk.analyze import analyze_parsed, load_pipeline
from factdesk.analyze.parse.nlp import blas_threads, parse_many
from factdesk.analyze.quotes import finder
from factdesk.analyze.quotes.learned_cues import MODEL_FILE, SKIP_LEMMAS, candidates, features
from factdesk.clean import verbatim_article
from factdesk.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT.parent / "shared" / "bench"))
import eval_quotes as E  # noqa: E402
from quotes import prediction  # noqa: E402
from attribution_misses import matches  # noqa: E402

VERSION = "learned-cues.v2"
SMOOTH = 5.0
FOLDS = 5


def extract(data: Path, compartment: str, limit: int | None) -> dict:
    """Candidate rows (features without the lemma rate, label, article) and the
    rules' own counts on the compartment."""
    settings = Settings()
    nlp = load_pipeline(settings.spacy_model, settings.spacy_matmul)
    articles = list(E.list_articles(str(data), (compartment,)))
    articles = sorted(articles, key=lambda a: a["id"])[:limit] if limit else articles
    finder.find_learned_cues = lambda doc, found, model=None: []  # the rules alone
    rows, totals = [], collections.Counter()
    golds = [E.load_attribution_gold(a) for a in articles]
    docs = [verbatim_article(g[0], source=a["id"]) for a, g in zip(articles, golds)]
    with blas_threads(settings.blas_threads):
        for article, (text, idx, gold, _), parsed in zip(articles, golds,
                                                        parse_many(docs, nlp)):
            analysis = analyze_parsed(parsed, model=settings.spacy_model)
            preds = E.convert_predictions(text, prediction(analysis), article["id"])
            for p in preds:
                p["toks"] = idx.in_range(p["start"], p["end"])
            preds = [p for p in preds if p["toks"]]
            matched = matches(gold, preds)[1]
            totals.update(pred=len(preds), gold=len(gold), match=len(matched))
            open_gold = [g for j, g in enumerate(gold) if j not in matched]
            for unit in parsed.units:
                for c in candidates(unit.doc, finder.rule_cues(unit.doc)):
                    toks = idx.in_range(c.content[0] + unit.offset, c.content[1] + unit.offset)
                    if not toks:
                        continue
                    label = any(E.jaccard(toks, g["toks"]) >= 0.5 for g in open_gold)
                    feats = features(c)
                    feats.pop("lemma_rate")
                    rows.append({"article": article["id"], "verb": f"{unit.index}:{c.verb.i}",
                                 "lemma": c.verb.lemma_.lower(),
                                 "shape": c.shape, "label": int(label),
                                 "features": sorted(feats)})
    return {"compartment": compartment, "articles": len(articles), "rules": dict(totals),
            "rows": rows}


def lemma_rates(rows: list[dict]) -> tuple[dict[str, float], float]:
    prior = sum(r["label"] for r in rows) / max(1, len(rows))
    pos, n = collections.Counter(), collections.Counter()
    for r in rows:
        n[r["lemma"]] += 1
        pos[r["lemma"]] += r["label"]
    return {k: (pos[k] + SMOOTH * prior) / (n[k] + SMOOTH) for k in n}, prior


def oof_rates(rows: list[dict], folds: list[int]) -> list[float]:
    """Each row's lemma rate from the rows of the other folds."""
    out = [0.0] * len(rows)
    for f in sorted(set(folds)):
        rates, prior = lemma_rates([r for r, g in zip(rows, folds) if g != f])
        for i, (r, g) in enumerate(zip(rows, folds)):
            if g == f:
                out[i] = rates.get(r["lemma"], prior)
    return out


def design(rows: list[dict], rates: list[float], vocab: dict[str, int]) -> list[dict[int, float]]:
    out = []
    for r, rate in zip(rows, rates):
        x = {vocab[k]: 1.0 for k in r["features"] if k in vocab}
        x[vocab["lemma_rate"]] = rate
        x[vocab[f"rate*shape={r['shape']}"]] = rate
        out.append(x)
    return out


def vocabulary(rows: list[dict], min_count: int = 2) -> dict[str, int]:
    counts = collections.Counter(k for r in rows for k in r["features"])
    names = sorted(k for k, v in counts.items() if v >= min_count)
    names += ["lemma_rate"] + sorted({f"rate*shape={r['shape']}" for r in rows})
    return {k: i for i, k in enumerate(dict.fromkeys(names))}


def fit(x: list[dict[int, float]], y: np.ndarray, width: int, l2: float = 1.0,
        steps: int = 400) -> tuple[np.ndarray, float]:
    """L2 logistic regression by full-batch gradient descent with momentum."""
    rows = np.repeat(np.arange(len(x)), [len(r) for r in x])
    cols = np.fromiter((c for r in x for c in r), dtype=np.int64, count=len(rows))
    vals = np.fromiter((v for r in x for v in r.values()), dtype=np.float64, count=len(rows))
    w, b = np.zeros(width), 0.0
    vw, vb = np.zeros(width), 0.0
    lr, n = 0.5, len(x)
    for _ in range(steps):
        z = np.bincount(rows, weights=vals * w[cols], minlength=n) + b
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        err = p - y
        gw = np.bincount(cols, weights=vals * err[rows], minlength=width) / n + l2 * w / n
        gb = err.mean()
        vw = 0.9 * vw + gw
        vb = 0.9 * vb + gb
        w -= lr * vw
        b -= lr * vb
    return w, b


def predict(x: list[dict[int, float]], w: np.ndarray, b: float) -> np.ndarray:
    z = np.array([b + sum(w[c] * v for c, v in r.items()) for r in x])
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


def train(rows: list[dict], folds: list[int]) -> tuple[np.ndarray, float, dict[str, int]]:
    rates = oof_rates(rows, folds)
    vocab = vocabulary(rows)
    w, b = fit(design(rows, rates, vocab), np.array([r["label"] for r in rows], float),
               len(vocab))
    return w, b, vocab


def best_per_verb(rows: list[dict], scores: np.ndarray) -> list[int]:
    """The row of each verb that scores highest (the extent the finder keeps)."""
    best: dict[tuple[str, str], int] = {}
    for i, r in enumerate(rows):
        key = (r["article"], r["verb"])
        if key not in best or scores[i] > scores[best[key]]:
            best[key] = i
    return sorted(best.values())


def choose_threshold(scores: np.ndarray, labels: np.ndarray, rules: dict,
                     min_precision: float) -> dict:
    """The threshold with the best content F1 of the rules plus the accepted
    candidates (one per verb: ``scores``/``labels`` are the kept rows), precision
    at least ``min_precision``."""
    best = None
    for t in np.round(np.arange(0.20, 0.95, 0.01), 2):
        take = scores >= t
        m, p = rules["match"] + int(labels[take].sum()), rules["pred"] + int(take.sum())
        prec, rec = m / p, m / rules["gold"]
        f1 = 2 * prec * rec / (prec + rec)
        if prec >= min_precision and (best is None or f1 > best["f1"]):
            best = {"threshold": float(t), "f1": round(100 * f1, 2),
                    "precision": round(100 * prec, 2), "recall": round(100 * rec, 2),
                    "added": int(take.sum()), "added_correct": int(labels[take].sum())}
    return best or {"threshold": 1.01}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "polnear")
    ap.add_argument("--compartment", default="train")
    ap.add_argument("--cache", type=Path, default=None, help="candidate rows (re-used if there)")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--min-precision", type=float, default=0.765)
    ap.add_argument("--out", type=Path, default=MODEL_FILE)
    args = ap.parse_args(argv)
    if args.compartment != "train":
        ap.error("the model is trained on train/ only (dev/ is held out)")
    if args.cache and args.cache.is_file():
        found = json.loads(args.cache.read_text(encoding="utf-8"))
    else:
        found = extract(args.data, args.compartment, args.limit)
        if args.cache:
            args.cache.write_text(json.dumps(found), encoding="utf-8")
    # Candidates of lemmas the finder now skips (a cache written before) are left out.
    rows = [r for r in found["rows"] if r["lemma"] not in SKIP_LEMMAS]
    ids = sorted({r["article"] for r in rows})
    fold_of = {a: i % FOLDS for i, a in enumerate(ids)}
    folds = [fold_of[r["article"]] for r in rows]
    labels = np.array([r["label"] for r in rows], float)
    oof = np.zeros(len(rows))
    for f in range(FOLDS):
        inside = [i for i, g in enumerate(folds) if g != f]
        held = [i for i, g in enumerate(folds) if g == f]
        w, b, vocab = train([rows[i] for i in inside], [folds[i] for i in inside])
        rates, prior = lemma_rates([rows[i] for i in inside])
        test = [rows[i] for i in held]
        x = design(test, [rates.get(r["lemma"], prior) for r in test], vocab)
        oof[held] = predict(x, w, b)
    kept = best_per_verb(rows, oof)
    chosen = choose_threshold(oof[kept], labels[kept], found["rules"], args.min_precision)
    w, b, vocab = train(rows, folds)
    rates, prior = lemma_rates(rows)
    weights = {k: round(float(w[i]), 4) for k, i in vocab.items() if abs(w[i]) >= 1e-4}
    model = {"version": VERSION, "bias": round(float(b), 4), "threshold": chosen["threshold"],
             "prior": round(prior, 4),
             "lemma_rates": {k: round(v, 4) for k, v in sorted(rates.items())},
             "weights": dict(sorted(weights.items())),
             "training": {"compartment": found["compartment"], "articles": found["articles"],
                          "candidates": len(rows), "positive": int(labels.sum()),
                          "rules_on_train": found["rules"], "folds": f"{FOLDS}, by article",
                          "out_of_fold_at_threshold": chosen}}
    args.out.write_text(json.dumps(model, indent=0, sort_keys=False) + "\n", encoding="utf-8")
    print(json.dumps(model["training"], indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
