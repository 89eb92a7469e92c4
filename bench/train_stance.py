"""Train the article-stance model on a folder in the FNC-1 layout; write its weights.

    .venv/bin/python bench/train_stance.py --data ../shared/data/fnc-1
    .venv/bin/python bench/train_stance.py --data ../shared/data/fnc-1 --cv 5 --group component
    .venv/bin/python bench/train_stance.py --data ../shared/data/fnc-1 --cv 5 --group body

Without ``--cv`` it fits on every pair of the folder and writes
``src/factdesk/analyze/article_stance/fnc-stance-v1.npz`` (or ``--weights``).
With ``--cv K`` it writes out-of-fold predictions instead, each fold predicted
by a model fitted on the others, scored with ``../shared/bench/eval_stance.py``
into ``bench/results/stance-cvK-GROUP.json``.  The folds are grouped by

* ``--group component`` (the default): claim components, the connected
  components of the graph whose nodes are headlines and bodies and whose edges
  are the related (agree, disagree, discuss) pairs.  A fold predicts every pair
  whose headline lies in its components, so its claims are new; training drops
  besides every pair whose body lies in them, so the bodies of a held-out claim
  are unseen too.  This is the split that says how the model does on new claims;
* ``--group body``: all pairs of a body in one fold (a claim's other headlines
  stay in training, so this flatters the model);
* ``--group headline``: all pairs of a headline in one fold.

What one fit does, on training pairs only (so, under ``--cv``, never on the
fold it predicts):

1. the vocabulary, IDF and LSA projection (TF-IDF + truncated SVD) of the
   training bodies and headlines;
2. feature rows (``factdesk.analyze.article_stance.features``);
3. scikit-learn's HistGradientBoostingClassifier (fixed parameters and seed,
   classes weighted by the square root of their inverse frequency);
4. per-class decision offsets on the log-probabilities, chosen on
   out-of-fold predictions of an inner ``--inner``-fold split of the
   training pairs, grouped as the outer split is, to maximise FNC score +
   macro-F1.  The
   shipped model takes them instead from the out-of-fold probabilities of a
   ``--cv`` run on the same folder (``--save-probs`` then ``--offsets-from``),
   which saves the inner fits:

    .venv/bin/python bench/train_stance.py --data ../shared/data/fnc-1 --cv 5 \
        --group component --save-probs /tmp/cv5component.npz
    .venv/bin/python bench/train_stance.py --data ../shared/data/fnc-1 \
        --offsets-from /tmp/cv5component.npz

The trees are exported node by node, so inference needs numpy only.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import math
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # the machine is shared: one core per fit

import numpy as np  # noqa: E402
from scipy import sparse  # noqa: E402
from sklearn.decomposition import TruncatedSVD  # noqa: E402
from sklearn.ensemble import HistGradientBoostingClassifier  # noqa: E402
from sklearn.model_selection import GroupKFold  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from stance import SCORER, file_pairs, read_folder  # noqa: E402

from factdesk.analyze.article_stance.classifier import (  # noqa: E402
    BUNDLED_WEIGHTS,
    LABELS,
    ArticleStanceModel,
)
from factdesk.analyze.article_stance.features import FeatureSpace, prepare_tokens  # noqa: E402
from factdesk.analyze.article_stance.trees import TreeEnsemble  # noqa: E402

log = logging.getLogger("train_stance")

MODEL_NAME = "fnc-stance-v1"
SEED = 20240611
MAX_VOCABULARY = 20000
MIN_DF = 2
LSA_DIM = 100
PARAMS = dict(max_iter=250, learning_rate=0.08, max_leaf_nodes=31, min_samples_leaf=40,
              l2_regularization=1.0, max_features=0.5, early_stopping=False,
              random_state=SEED)
INNER_FOLDS = 3
OFFSET_GRID = np.round(np.arange(-2.0, 2.01, 0.1), 2)
RESULTS = ROOT / "bench" / "results"

csv.field_size_limit(sys.maxsize)


# -- data -------------------------------------------------------------------------------------

def read_labels(folder: Path) -> list[str]:
    """The Stance column of every stances file, in the order ``read_folder`` reads pairs."""
    labels = []
    for _, stances in file_pairs(folder):
        with stances.open(encoding="utf-8", newline="") as f:
            labels += [row["Stance"].strip().lower() for row in csv.DictReader(f)]
    return labels


# -- one fit ----------------------------------------------------------------------------------

def fit_space(texts: list[str]) -> FeatureSpace:
    """Vocabulary, IDF and LSA of ``texts`` (distinct bodies and headlines)."""
    docs = [prepare_tokens(t) for t in texts]
    df = Counter(w for d in docs for w in set(d))
    vocab = sorted((w for w, c in df.items() if c >= MIN_DF), key=lambda w: (-df[w], w))
    vocab = sorted(vocab[:MAX_VOCABULARY])
    index = {w: i for i, w in enumerate(vocab)}
    n = len(docs)
    # Stored as float32 / float16: round now so training sees what inference will.
    idf = np.array([math.log((1 + n) / (1 + df[w])) + 1 for w in vocab]).astype(np.float32)
    rows, cols, vals = [], [], []
    for r, d in enumerate(docs):
        counts = Counter(index[w] for w in d if w in index)
        weights = {i: (1 + math.log(c)) * float(idf[i]) for i, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
        for i, v in weights.items():
            rows.append(r)
            cols.append(i)
            vals.append(v / norm)
    matrix = sparse.csr_matrix((vals, (rows, cols)), shape=(n, len(vocab)))
    svd = TruncatedSVD(n_components=LSA_DIM, random_state=SEED).fit(matrix)
    components = svd.components_.astype(np.float16)
    return FeatureSpace(vocab, idf, components)


def fit_trees(x: np.ndarray, y: np.ndarray) -> TreeEnsemble:
    counts = np.bincount(y, minlength=len(LABELS))
    class_weight = np.sqrt(counts.max() / np.maximum(counts, 1))
    clf = HistGradientBoostingClassifier(**PARAMS)
    clf.fit(x, y, sample_weight=class_weight[y])
    ensemble = export(clf)
    check = ensemble.probabilities(x[:200])
    assert np.allclose(check, clf.predict_proba(x[:200]), atol=1e-6), "tree export mismatch"
    return ensemble


def export(clf: HistGradientBoostingClassifier) -> TreeEnsemble:
    """The fitted trees as flat arrays (see ``TreeEnsemble``)."""
    if list(clf.classes_) != list(range(len(LABELS))):
        raise ValueError("every class must occur in the training pairs")
    parts = {k: [] for k in ("feature", "threshold", "left", "right", "value", "missing_left")}
    offsets, tree_class, start = [0], [], 0
    for per_class in clf._predictors:
        for cls, predictor in enumerate(per_class):
            nodes = predictor.nodes
            leaf = nodes["is_leaf"].astype(bool)
            parts["feature"].append(nodes["feature_idx"].astype(np.int32))
            parts["threshold"].append(nodes["num_threshold"].astype(np.float64))
            parts["left"].append(np.where(leaf, -1, nodes["left"]).astype(np.int32))
            parts["right"].append(np.where(leaf, -1, nodes["right"]).astype(np.int32))
            parts["value"].append(nodes["value"].astype(np.float64))
            parts["missing_left"].append(nodes["missing_go_to_left"].astype(bool))
            start += len(nodes)
            offsets.append(start)
            tree_class.append(cls)
    baseline = np.asarray(clf._baseline_prediction, dtype=np.float64).reshape(-1)
    return TreeEnsemble(baseline=baseline, offsets=np.array(offsets, dtype=np.int64),
                        tree_class=np.array(tree_class, dtype=np.int32),
                        **{k: np.concatenate(v) for k, v in parts.items()})


# -- decision offsets -------------------------------------------------------------------------

def fnc_and_macro(y: np.ndarray, pred: np.ndarray) -> tuple[float, float]:
    """FNC-1 score (share of the maximum) and macro-F1 of label indices."""
    unrelated = LABELS.index("unrelated")
    rel_y, rel_p = y != unrelated, pred != unrelated
    points = 0.25 * (rel_y == rel_p).sum() + 0.75 * ((y == pred) & rel_y).sum()
    best = 0.25 * (~rel_y).sum() + 1.0 * rel_y.sum()
    f1s = []
    for c in range(len(LABELS)):
        tp = ((pred == c) & (y == c)).sum()
        p = tp / max(1, (pred == c).sum())
        r = tp / max(1, (y == c).sum())
        f1s.append(2 * p * r / (p + r) if p + r else 0.0)
    return points / best, float(np.mean(f1s))


def choose_offsets(logp: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Per-class offsets (unrelated fixed at 0) maximising FNC share + macro-F1."""
    offsets = np.zeros(len(LABELS))

    def objective(o):
        return sum(fnc_and_macro(y, (logp + o).argmax(axis=1)))

    best = objective(offsets)
    for _ in range(3):
        for c in range(len(LABELS)):
            if LABELS[c] == "unrelated":
                continue
            for v in OFFSET_GRID:
                trial = offsets.copy()
                trial[c] = v
                value = objective(trial)
                if value > best + 1e-9:
                    best, offsets = value, trial
    return offsets


def fit(x: np.ndarray, y: np.ndarray, pairs, train: np.ndarray, group: str,
        inner: int = INNER_FOLDS) -> tuple[TreeEnsemble, np.ndarray]:
    """Trees on the ``train`` rows of ``x`` and offsets from an inner split of them,
    grouped as the outer split is (``folds``)."""
    logp = np.zeros((len(y), len(LABELS)))
    seen = np.zeros(len(y), dtype=bool)
    for inner_train, inner_test in folds(pairs, y, inner, group, train):
        trees = fit_trees(x[inner_train], y[inner_train])
        logp[inner_test] = np.log(np.maximum(trees.probabilities(x[inner_test]), 1e-12))
        seen[inner_test] = True
    offsets = choose_offsets(logp[seen], y[seen])
    log.info("offsets %s (inner out-of-fold FNC %.4f, macro-F1 %.4f)",
             dict(zip(LABELS, offsets.round(2))),
             *fnc_and_macro(y[seen], (logp[seen] + offsets).argmax(axis=1)))
    return fit_trees(x[train], y[train]), offsets


# -- commands ---------------------------------------------------------------------------------

def features_for(pairs, train_idx: np.ndarray) -> tuple[FeatureSpace, np.ndarray]:
    texts = sorted({pairs[i].body for i in train_idx} | {pairs[i].headline for i in train_idx})
    space = fit_space(texts)
    t = time.perf_counter()
    x = space.rows((p.headline, p.body) for p in pairs)
    log.info("features: %d x %d in %.1f s", *x.shape, time.perf_counter() - t)
    return space, x


def train_all(data: Path, weights: Path, group: str, inner: int,
              offsets_from: Path | None) -> None:
    pairs, y = read_folder(data), encode(read_labels(data))
    space, x = features_for(pairs, np.arange(len(pairs)))
    if offsets_from:
        # Out-of-fold probabilities of a --cv run on the same folder: every pair was
        # predicted by a model that never saw it, as the inner split would do.
        with np.load(offsets_from) as saved:
            if not np.array_equal(saved["y"], y):
                raise SystemExit(f"{offsets_from} was written for other pairs")
            logp = np.log(np.maximum(saved["probs"], 1e-12))
        offsets = choose_offsets(logp, y)
        log.info("offsets %s from %s", dict(zip(LABELS, offsets.round(2))), offsets_from)
        trees = fit_trees(x, y)
    else:
        trees, offsets = fit(x, y, pairs, np.arange(len(pairs)), group, inner)
    model = ArticleStanceModel(name=MODEL_NAME, labels=LABELS, space=space, trees=trees,
                               offsets=tuple(float(o) for o in offsets))
    model.save(weights)
    log.info("wrote %s (%.1f MB, %d trees)", weights, weights.stat().st_size / 1e6,
             trees.n_trees)


_FOLD_STATE: dict = {}


def _one_fold(split: tuple[np.ndarray, np.ndarray]):
    """Out-of-fold (probabilities, predictions) of one outer fold, and its CPU seconds."""
    t = time.process_time()
    train, test = split
    pairs, y = _FOLD_STATE["pairs"], _FOLD_STATE["y"]
    _, x = features_for(pairs, train)
    trees, offsets = fit(x, y, pairs, train, _FOLD_STATE["group"], _FOLD_STATE["inner"])
    p = trees.probabilities(x[test])
    pred = (np.log(np.maximum(p, 1e-12)) + offsets).argmax(axis=1)
    return (p, pred), time.process_time() - t


def cross_validate(data: Path, k: int, group: str, inner: int,
                   save_probs: Path | None, jobs: int = 1) -> None:
    pairs, y = read_folder(data), encode(read_labels(data))
    pred = np.zeros(len(pairs), dtype=np.int64)
    probs = np.zeros((len(pairs), len(LABELS)))
    splits = list(folds(pairs, y, k, group))
    _FOLD_STATE.update(pairs=pairs, y=y, group=group, inner=inner)
    started = time.perf_counter()
    # Each outer fold is independent (its own vocabulary, LSA, trees and offsets, all
    # from its training pairs), so --jobs N runs N of them at once in forked workers:
    # the same numbers, less wall-clock time.  One fold costs ~10 s of features and
    # INNER+1 tree fits (~50-65 s each on one core): the fits are ~90 % of it.
    if jobs > 1:
        import multiprocessing
        with multiprocessing.get_context("fork").Pool(min(jobs, k)) as pool:
            results = pool.map(_one_fold, splits)
    else:
        results = [_one_fold(split) for split in splits]
    for fold, ((_, test), (p_test, cpu)) in enumerate(zip(splits, results)):
        probs[test] = p_test[0]
        pred[test] = p_test[1]
        log.info("fold %d/%d: FNC %.4f macro-F1 %.4f (%.0f CPU-s)", fold + 1, k,
                 *fnc_and_macro(y[test], pred[test]), cpu)
    log.info("%d folds in %.0f s wall-clock, %.0f CPU-s in the folds", k,
             time.perf_counter() - started, sum(cpu for _, cpu in results))
    if save_probs:
        np.savez(save_probs, probs=probs, pred=pred, y=y)
    out = Path(tempfile.gettempdir()) / f"stance-cv{k}-{group}.csv"
    with out.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["Headline", "Body ID", "Stance"])
        for p, label in zip(pairs, pred):
            w.writerow([p.headline, p.body_id, LABELS[label]])
    RESULTS.mkdir(parents=True, exist_ok=True)
    result = RESULTS / f"stance-cv{k}-{group}.json"
    subprocess.run([sys.executable, str(SCORER), "--data", str(data), "--predictions", str(out),
                    "--json", str(result)], check=True)
    setup = {"model": MODEL_NAME, "out_of_fold": True, "folds": k, "grouped_by": group,
             "inner_folds": inner, "params": dict(PARAMS), "jobs": jobs,
             "command": " ".join(["bench/train_stance.py", *sys.argv[1:]])}
    note_setup(result, setup)


def note_setup(result: Path, setup: dict) -> None:
    """Add how the predictions were made to the scorer's JSON, under ``factdesk``."""
    data = json.loads(result.read_text(encoding="utf-8"))
    data["factdesk"] = setup
    result.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


def encode(labels: list[str]) -> np.ndarray:
    return np.array([LABELS.index(lab) for lab in labels], dtype=np.int64)


def components(pairs, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Claim components: connected components of the headline/body graph whose
    edges are the *related* pairs (agree, disagree, discuss).

    Returns, per pair, the component of its headline and the component of its
    body.  A headline (or body) met only in unrelated pairs is a component of its
    own: it is linked to no claim, so holding it out with any other claim would
    be arbitrary.
    """
    parent: dict[str, str] = {}

    def find(a: str) -> str:
        while parent.setdefault(a, a) != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    unrelated = LABELS.index("unrelated")
    for p, label in zip(pairs, y):
        h, b = find("h:" + p.headline.strip()), find("b:" + p.body_id)
        if label != unrelated:
            parent[h] = b
    roots = [(find("h:" + p.headline.strip()), find("b:" + p.body_id)) for p in pairs]
    ids = {r: i for i, r in enumerate(dict.fromkeys(r for pair in roots for r in pair))}
    return (np.array([ids[h] for h, _ in roots]), np.array([ids[b] for _, b in roots]))


def groups_of(pairs, group: str, y: np.ndarray | None = None) -> np.ndarray:
    """One group id per pair: its body, its headline, or its headline's claim component."""
    if group == "component":
        return components(pairs, y)[0]
    keys = [p.body_id if group == "body" else p.headline.strip() for p in pairs]
    ids = {key: i for i, key in enumerate(dict.fromkeys(keys))}
    return np.array([ids[key] for key in keys])


def folds(pairs, y: np.ndarray, k: int, group: str, subset: np.ndarray | None = None):
    """(train, test) index arrays of a K-fold split of ``subset`` (default: all pairs).

    ``body`` and ``headline``: plain GroupKFold.  ``component``: the test fold is
    every pair whose headline lies in the fold's claim components, so its claims
    are new; training drops, besides those, every pair whose *body* lies in those
    components (an unrelated pair of a training claim with a held-out body), so
    no body of a held-out claim is seen in training either.  A test pair may
    still meet a training body in an unrelated pair: its claim is the new one.
    """
    idx = np.arange(len(pairs)) if subset is None else np.asarray(subset)
    if group != "component":
        groups = groups_of(pairs, group)[idx]
        for train, test in GroupKFold(k).split(idx, groups=groups):
            yield idx[train], idx[test]
        return
    head, body = components(pairs, y)
    for train, test in GroupKFold(k).split(idx, groups=head[idx]):
        held = np.zeros(max(head.max(), body.max()) + 1, dtype=bool)
        held[head[idx[test]]] = True
        train = idx[train]
        yield train[~held[body[train]]], idx[test]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, required=True, help="folder in the FNC-1 layout")
    ap.add_argument("--weights", type=Path, default=BUNDLED_WEIGHTS, help="where to write")
    ap.add_argument("--cv", type=int, default=0, help="K-fold out-of-fold predictions")
    ap.add_argument("--group", choices=("component", "body", "headline"), default="component",
                    help="keep all pairs of a claim component (related headlines and bodies), "
                         "of a body or of a headline in one fold")
    ap.add_argument("--inner", type=int, default=INNER_FOLDS,
                    help="folds of the inner split that chooses the decision offsets")
    ap.add_argument("--save-probs", type=Path, help="under --cv: also save the probabilities")
    ap.add_argument("--offsets-from", type=Path,
                    help="without --cv: choose the offsets on the probabilities a --cv run "
                         "saved with --save-probs instead of an inner split (one fit, not "
                         "INNER+1)")
    ap.add_argument("--jobs", type=int, default=1,
                    help="under --cv: outer folds run at once (forked workers, one core each)")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    if args.cv:
        cross_validate(args.data, args.cv, args.group, args.inner, args.save_probs,
                       args.jobs)
    else:
        train_all(args.data, args.weights, args.group, args.inner, args.offsets_from)
    return 0


if __name__ == "__main__":
    sys.exit(main())
