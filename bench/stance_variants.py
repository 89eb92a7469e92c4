"""Lean A/B of stance-model fitting choices on claim-component folds (issue 14).

    PYTHONPATH=src .venv/bin/python bench/stance_variants.py --data ../shared/data/fnc-1

Every variant sees the same outer folds (``train_stance.folds``, grouped by
claim component), the same feature rows per fold (vocabulary, IDF and LSA from
that fold's training pairs) and offsets chosen on an inner split of the
training pairs grouped by component.  To stay affordable on a shared 2-core
machine the trees are cut to ``--iter`` iterations and the inner split to
``--inner`` folds, so the numbers rank variants; they are not the shipped
model's score (that is ``train_stance.py --cv 5 --group component``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_stance as ts  # noqa: E402

VARIANTS = {
    "today": {},
    "regularised": dict(min_samples_leaf=100, max_features=0.3, l2_regularization=5.0),
    "inverse_weights": {"_weights": "inverse"},
}


def run(data: Path, iters: int, inner: int, k: int) -> dict:
    pairs, y = ts.read_folder(data), ts.encode(ts.read_labels(data))
    splits = list(ts.folds(pairs, y, k, "component"))
    preds = {v: np.zeros(len(y), dtype=np.int64) for v in VARIANTS}
    base = dict(ts.PARAMS)
    base_fit = ts.fit_trees
    for train, test in splits:
        _, x = ts.features_for(pairs, train)
        for name, change in VARIANTS.items():
            params = {**base, "max_iter": iters, **{a: b for a, b in change.items() if a[0] != "_"}}
            ts.PARAMS.clear()
            ts.PARAMS.update(params)
            weighting = change.get("_weights", "sqrt")
            ts.fit_trees = (lambda xx, yy, w=weighting: _fit(xx, yy, w, base_fit))
            trees, offsets = ts.fit(x, y, pairs, train, "component", inner)
            logp = np.log(np.maximum(trees.probabilities(x[test]), 1e-12))
            preds[name][test] = (logp + offsets).argmax(axis=1)
    out = {}
    for name, pred in preds.items():
        fnc, macro = ts.fnc_and_macro(y, pred)
        f1 = {}
        for c, label in enumerate(ts.LABELS):
            tp = ((pred == c) & (y == c)).sum()
            p, r = tp / max(1, (pred == c).sum()), tp / max(1, (y == c).sum())
            f1[label] = round(float(2 * p * r / (p + r)) if p + r else 0.0, 4)
        out[name] = {"fnc_share": round(float(fnc), 4), "macro_f1": round(macro, 4), "f1": f1,
                     "changes": VARIANTS[name]}
    return out


def _fit(x, y, weighting, base_fit):
    if weighting == "sqrt":
        return base_fit(x, y)
    counts = np.bincount(y, minlength=len(ts.LABELS))
    w = counts.max() / np.maximum(counts, 1)
    clf = ts.HistGradientBoostingClassifier(**ts.PARAMS)
    clf.fit(x, y, sample_weight=w[y])
    return ts.export(clf)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--iter", type=int, default=60)
    ap.add_argument("--inner", type=int, default=2)
    ap.add_argument("--cv", type=int, default=5)
    ap.add_argument("--out", type=Path, default=ts.RESULTS / "stance-variants-component.json")
    args = ap.parse_args()
    t = time.process_time()
    result = run(args.data, args.iter, args.inner, args.cv)
    result["setup"] = {"folds": args.cv, "grouped_by": "component", "max_iter": args.iter,
                       "inner_folds": args.inner, "cpu_s": round(time.process_time() - t),
                       "command": " ".join(["bench/stance_variants.py", *sys.argv[1:]])}
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
