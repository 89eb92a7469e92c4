"""Train the text-dump line model and write its weights (a small JSON file).

    .venv/bin/python bench/train_textdump.py --data ../shared/data/extraction

Every dump line of the training items is labelled body / not body by aligning
it to the gold article body (``bench/textdump_alignment.py``); the
features are the ones the cleaner computes at run time
(``factdesk.clean.textdump.features``), with site repetition learned the same
way ``clean_many`` learns it (pages grouped by shared template lines).  The
model is scikit-learn's GradientBoostingClassifier with a fixed seed, exported
tree by tree so inference needs no scikit-learn.  The body decision's
log-odds bias (favouring recall) is chosen by cleaning each inner fold's pages
with models trained on the other inner folds and scoring them as the
benchmark does (:func:`choose_decision`), and so is the switch cost of
that decision's smoothing.  ``--cv`` in
``bench/extraction.py`` reuses :func:`train` on each fold's training items.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from factdesk.clean.textdump.classifier import (  # noqa: E402
    BUNDLED_WEIGHTS,
    Ensemble,
    LineModel,
    Tree,
)
from factdesk.clean.textdump.context import context_features  # noqa: E402
from factdesk.clean.textdump.features import line_features  # noqa: E402
from factdesk.clean.textdump.lines import split_lines, words  # noqa: E402
from factdesk.clean.textdump.repetition import (  # noqa: E402
    shared_line_groups,
    site_chrome_lines,
    site_key,
)
from factdesk.clean.assemble import Draft  # noqa: E402
from factdesk.clean.textdump.cleaner import draft_from_labels  # noqa: E402
from factdesk.clean.textdump.sequence import smooth  # noqa: E402
from factdesk.model import Page, Rejection  # noqa: E402
from factdesk.settings import Settings  # noqa: E402
from textdump_alignment import body_labels  # noqa: E402

log = logging.getLogger("train_textdump")

MODEL_NAME = "textdump-lines-gbt-v2"
SEED = 20240611
# Shallow trees, large leaves and feature subsampling: deeper trees fit the
# training pages (in-sample F1 0.96) far better than unseen sites (CV 0.88).
PARAMS = dict(n_estimators=150, max_depth=3, learning_rate=0.1, subsample=0.8,
              min_samples_leaf=60, max_features=0.6, random_state=SEED)
SWITCH_COST = 1.0
SITE_REPETITION = 2
INNER_FOLDS = 4
#: Candidate shifts of the body log-odds for the final decision (see choose_decision).
BIAS_GRID = (0.0, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0)
#: Candidate switch costs of the final decision's smoothing (see choose_decision).
DECISION_COST_GRID = (0.5, 1.0, 1.5, 2.0, 3.0)
#: The benchmark compares bodies as multisets of this many consecutive words.
SHINGLE = 4
#: Line weights sum to this per page (about the lines of an average page).
WEIGHT_SCALE = 100.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Item:
    """One benchmark item: its id, text dump, gold body (may be empty) and URL."""

    id: str
    text: str
    gold: str = ""
    url: str = ""


def load_items(data: Path, ids: Sequence[str] | None = None, *, with_gold: bool = True
               ) -> list[Item]:
    """The items of a folder in the extraction layout (gold only when asked)."""
    if ids is None:
        ids = sorted(p.name.removesuffix(".txt") for p in (data / "text").glob("*.txt"))
    items = []
    for item_id in ids:
        text = (data / "text" / f"{item_id}.txt").read_text(encoding="utf-8")
        gold, url = "", ""
        if with_gold:
            record = json.loads((data / "gold" / f"{item_id}.json").read_text(encoding="utf-8"))
            gold, url = record.get("articleBody") or "", record.get("url") or ""
        items.append(Item(id=item_id, text=text, gold=gold, url=url))
    return items


def site_lines_by_item(texts: Sequence[str]) -> list[frozenset[str]]:
    """The site-repeated lines each text sees, grouping texts by shared lines."""
    groups = shared_line_groups(texts)
    members: dict[int, list[str]] = {}
    for group, text in zip(groups, texts):
        members.setdefault(group, []).append(text)
    repeated = {g: site_chrome_lines(m, SITE_REPETITION) for g, m in members.items()}
    return [repeated[g] for g in groups]


def dataset(items: Sequence[Item]) -> tuple[list[list[list[float]]], list[list[int]],
                                             list[list[float]]]:
    """Per item: the feature rows, body labels and weights of its lines.

    The benchmark averages over pages and counts words, so each page weighs
    the same in training and, inside a page, a line weighs by its words.
    """
    rows, labels, weights = [], [], []
    for item, site in zip(items, site_lines_by_item([i.text for i in items])):
        lines = [line.text for line in split_lines(item.text)]
        rows.append(line_features(lines, site))
        labels.append([int(b) for b in body_labels(lines, item.gold)])
        sizes = [len(words(line)) + 1 for line in lines]
        total = sum(sizes) or 1
        weights.append([WEIGHT_SCALE * n / total for n in sizes])
    return rows, labels, weights


def _fit(rows: list[list[float]], labels: list[int], weights: list[float]) -> Ensemble:
    import numpy as np
    from sklearn.ensemble import GradientBoostingClassifier

    model = GradientBoostingClassifier(**PARAMS)
    model.fit(rows, labels, sample_weight=weights)
    prior = model.init_.class_prior_[1]
    trees = []
    for (estimator,) in model.estimators_:
        t = estimator.tree_
        trees.append(Tree(
            feature=tuple(int(f) if f >= 0 else 0 for f in t.feature),
            threshold=tuple(round(float(x), 6) for x in t.threshold),
            left=tuple(int(x) for x in t.children_left),
            right=tuple(int(x) for x in t.children_right),
            value=tuple(round(float(v), 6) for v in np.asarray(t.value).reshape(-1)),
        ))
    return Ensemble(init=float(np.log(prior / (1 - prior))),
                    learning_rate=float(model.learning_rate), trees=tuple(trees))


def _flat(nested: Sequence[Sequence]) -> list:
    return [x for part in nested for x in part]


def inner_folds(items: Sequence[Item], k: int) -> list[int]:
    """A fold number per item, both pages of a site always in one fold."""
    keys = [site_key(Page(source=i.id, url=i.url or None)) or i.id for i in items]
    order = sorted(set(keys))
    return [order.index(key) % k for key in keys]


def train(items: Sequence[Item], *, switch_cost: float = SWITCH_COST,
          two_stage: bool = True) -> LineModel:
    """Fit the line model on the items (deterministic for a given input).

    The second stage learns from out-of-fold first-stage probabilities, so it
    sees the first stage's errors as they will be on unseen sites.
    """
    rows, labels, weights = dataset(items)
    log.info("training on %d lines of %d items", sum(map(len, rows)), len(items))
    first = _fit(_flat(rows), _flat(labels), _flat(weights))
    if not two_stage:
        return LineModel(name=MODEL_NAME, first=first, switch_cost=switch_cost)
    folds = inner_folds(items, INNER_FOLDS)
    stacked: list[list[list[float]]] = [[] for _ in items]
    first_models: list[Ensemble] = []
    for k in range(INNER_FOLDS):
        train_ids = [n for n, f in enumerate(folds) if f != k]
        fold_model = _fit(_flat(rows[n] for n in train_ids), _flat(labels[n] for n in train_ids),
                          _flat(weights[n] for n in train_ids))
        first_models.append(fold_model)
        for n, f in enumerate(folds):
            if f == k:
                probs = [fold_model.probability(r) for r in rows[n]]
                context = context_features(probs, smooth(probs, switch_cost))
                stacked[n] = [[*r, *c] for r, c in zip(rows[n], context)]
    second = _fit(_flat(stacked), _flat(labels), _flat(weights))
    inner_models = []
    for k in range(INNER_FOLDS):
        train_ids = [n for n, f in enumerate(folds) if f != k]
        inner_models.append(_fit(_flat(stacked[n] for n in train_ids),
                                 _flat(labels[n] for n in train_ids),
                                 _flat(weights[n] for n in train_ids)))
    bias, cost = choose_decision(items, folds, first_models, inner_models, switch_cost)
    log.info("body bias %.2f, decision cost %.2f (chosen on the inner folds' held-out pages)",
             bias, cost)
    return LineModel(name=MODEL_NAME, first=first, second=second, switch_cost=switch_cost,
                     body_bias=bias, decision_cost=cost)


def _shingles(text: str) -> Counter:
    tokens = re.findall(r"\w+", text)
    if 0 < len(tokens) < SHINGLE:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i:i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1))


def body_f1(golds: Sequence[str], predictions: Sequence[str]) -> float:
    """The benchmark's metric: macro precision and recall of 4-word shingles, their F1."""
    precisions, recalls = [], []
    for gold, predicted in zip(golds, predictions):
        g, p = _shingles(gold), _shingles(predicted)
        tp = sum((g & p).values())
        if p:
            precisions.append(tp / sum(p.values()))
        if g:
            recalls.append(tp / sum(g.values()))
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def choose_decision(items: Sequence[Item], folds: Sequence[int], firsts: Sequence[Ensemble],
                    seconds: Sequence[Ensemble], switch_cost: float) -> tuple[float, float]:
    """The body log-odds bias and decision switch cost under which the whole
    cleaner scores best on unseen pages.

    The line model is fitted to line labels, but the benchmark averages over
    pages and a missed paragraph costs more than a stray line, so the final
    decision (its threshold and how readily it switches between body and
    chrome) is tuned for it: each inner fold's pages are cleaned (as readers
    get them: no URL, no gold, site repetition learned among the fold's own
    pages as ``clean_many`` does) by that fold's own two stages with each
    candidate pair.  Ties go to the smaller bias, then the cost nearest
    ``switch_cost``.
    """
    settings = Settings()
    candidates = [(b, c) for b in BIAS_GRID for c in DECISION_COST_GRID]
    predictions: dict[tuple[float, float], dict[int, str]] = {c: {} for c in candidates}
    for k in range(INNER_FOLDS):
        members = [n for n, f in enumerate(folds) if f == k]
        sites = site_lines_by_item([items[n].text for n in members])
        model = LineModel(name=MODEL_NAME, first=firsts[k], second=seconds[k],
                          switch_cost=switch_cost)
        for n, site in zip(members, sites):
            page = Page(source=items[n].id, text=items[n].text, content_type="text/plain")
            lines = split_lines(items[n].text)
            probs = model.probabilities(line_features([line.text for line in lines], site))
            for bias, cost in candidates:
                decider = LineModel(name=MODEL_NAME, first=firsts[k], switch_cost=switch_cost,
                                    body_bias=bias, decision_cost=cost)
                draft = draft_from_labels(page, lines, decider.body_labels(probs), settings,
                                          site_lines=site)
                predictions[(bias, cost)][n] = _body(draft, settings)
    order = sorted(range(len(items)))
    golds = [items[n].gold for n in order]
    scores = {c: body_f1(golds, [predictions[c][n] for n in order]) for c in candidates}
    log.info("inner-fold F1 by (bias, cost): %s",
             ", ".join(f"{b}/{c}: {f:.3f}" for (b, c), f in scores.items()))
    return max(candidates, key=lambda bc: (round(scores[bc], 4), -bc[0],
                                           -abs(bc[1] - switch_cost)))


def _body(draft: Draft | Rejection, settings: Settings) -> str:
    """The article body ``clean_page`` would give for a draft (see ``clean.page``)."""
    if isinstance(draft, Rejection) or sum(map(len, draft.paragraphs)) < settings.min_body_chars:
        return ""
    return "\n\n".join(draft.paragraphs)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/extraction")
    ap.add_argument("--out", type=Path, default=BUNDLED_WEIGHTS)
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    model = train(load_items(args.data))
    data = model.to_dict()
    data["trained_on"] = {"data": "extraction DEV text dumps", "seed": SEED, "params": PARAMS}
    args.out.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    trees = len(model.first.trees) + (len(model.second.trees) if model.second else 0)
    log.info("wrote %s (%d trees, %d bytes)", args.out, trees, args.out.stat().st_size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
