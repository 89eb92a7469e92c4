"""FNC-1 pairs read from the claims factdesk stores (the ``factdesk`` row of
``claim_matching.py``).

Every body and headline article goes into one store with its analysis; for
each fold of claim components the store is reclustered with the thresholds
chosen on the other folds, and a pair is related when one stored claim has
mentions from both of its articles.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections import defaultdict
from collections.abc import Callable
from itertools import product
from pathlib import Path

from factdesk.analyze import ClaimLinker
from factdesk.analyze.claim_clusters import SEP, _agents_conflict
from factdesk.analyze.claim_match import DEFAULT_PARAMS, MatchParams, scores
from factdesk.store import Store
from factdesk.store.records import PageRecord

OVERLAPS = [round(0.05 + 0.025 * i, 3) for i in range(19)]   # 0.05 .. 0.5
CONTEXTS = [round(0.1 + 0.05 * i, 3) for i in range(15)]     # 0.1 .. 0.8
MIN_PRECISION = 0.95


def components(pairs: list[tuple[str, str, bool]]) -> dict[tuple[str, str], str]:
    """Each headline's and body's claim component (connected by related pairs)."""
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for h, b, related in pairs:
        a, c = find(("h", h)), find(("b", b))
        if related and a != c:
            parent[max(a, c)] = min(a, c)
    members = defaultdict(list)
    for node in list(parent):
        members[find(node)].append(node)
    return {node: min(nodes)[1] + min(nodes)[0] for nodes in members.values() for node in nodes}


def _fold(component: str, folds: int) -> int:
    return int(hashlib.sha1(component.encode()).hexdigest(), 16) % folds


def candidate_scores(linker: ClaimLinker, bodies, heads, pairs) -> list[list[tuple]]:
    """Per pair, ``(overlap, context)`` of each headline/body mention pair the
    linker's keys make candidates of and whose agents do not conflict."""
    def featured(article, analysis):
        context = linker.context(article.text)
        out = []
        for m in analysis.claim_mentions:
            f = linker.features(m, article.id, context)
            keys = {k for k in linker.keys(f) if k.startswith("m" + SEP)}
            out.append((f, keys))
        return out

    head_f = {h: featured(*v) for h, v in heads.items()}
    body_f = {b: featured(*v) for b, v in bodies.items()}
    rows = []
    for h, b, _ in pairs:
        row = []
        for fh, kh in head_f[h]:
            for fb, kb in body_f[b]:
                if kh & kb and not _agents_conflict(fh, fb):
                    row.append(scores(fh[4], fb[4]))
        rows.append(row)
    return rows


def _predict(rows, index, params: MatchParams) -> list[bool]:
    return [any(o >= params.overlap and c >= params.context for o, c in rows[i]) for i in index]


def fit(rows, gold, index) -> MatchParams:
    """Highest recall at precision >= MIN_PRECISION on ``index`` (best F1 if none)."""
    best, best_key = DEFAULT_PARAMS, (-1.0, -1.0, -1.0)
    positives = sum(gold[i] for i in index) or 1
    for o, c in product(OVERLAPS, CONTEXTS):
        params = MatchParams(overlap=o, context=c)
        pred = _predict(rows, index, params)
        tp = sum(p and gold[i] for p, i in zip(pred, index, strict=True))
        fp = sum(p and not gold[i] for p, i in zip(pred, index, strict=True))
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / positives
        f = 2 * p * r / (p + r) if p + r else 0.0
        key = (float(p >= MIN_PRECISION), r if p >= MIN_PRECISION else f, p)
        if key > best_key:
            best, best_key = params, key
    return best


def _store(bodies, heads, folder: Path) -> Store:
    store = Store(folder / "fnc.db")
    records = [PageRecord(source=f"fnc-body-{b}", page_id="p-" + art.id, key=f"body:{b}",
                          article=art, analysis=an) for b, (art, an) in bodies.items()]
    records += [PageRecord(source="fnc-headline", page_id="p-" + art.id, key=art.id,
                           article=art, analysis=an) for art, an in heads.values()]
    for start in range(0, len(records), 500):
        store.write(records[start:start + 500])
    return store


def _stored_pairs(store: Store, linker: ClaimLinker, pairs, bodies, heads,
                  index) -> list[bool]:
    store.recluster(linker, full=True)
    claims_of: dict[str, set[str]] = defaultdict(set)
    for claim_id, article_id in store.conn.execute(
            "SELECT claim_id, article_id FROM claim_members"):
        claims_of[article_id].add(claim_id)
    out = []
    for i in index:
        h, b, _ = pairs[i]
        out.append(bool(claims_of[heads[h][0].id] & claims_of[bodies[b][0].id]))
    return out


def stored_result(*, bodies, heads, pairs, folds: int, prf: Callable) -> dict:
    gold = [g for _, _, g in pairs]
    linker = ClaimLinker()
    rows = candidate_scores(linker, bodies, heads, pairs)
    everything = list(range(len(pairs)))
    out: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        store = _store(bodies, heads, Path(tmp))
        try:
            shipped = _stored_pairs(store, linker, pairs, bodies, heads, everything)
            out["factdesk_shipped"] = prf(gold, shipped) | {
                "overlap": DEFAULT_PARAMS.overlap, "context": DEFAULT_PARAMS.context}
            if folds > 1:
                comp = components(pairs)
                fold_of = [_fold(comp[("h", h)], folds) for h, _, _ in pairs]
                pred = [False] * len(pairs)
                chosen = []
                for k in range(folds):
                    test = [i for i in everything if fold_of[i] == k]
                    train = [i for i in everything if fold_of[i] != k
                             and _fold(comp[("b", pairs[i][1])], folds) != k]
                    params = fit(rows, gold, train)
                    chosen.append([params.overlap, params.context])
                    for i, p in zip(test, _stored_pairs(store, ClaimLinker(params), pairs,
                                                        bodies, heads, test), strict=True):
                        pred[i] = p
                out["factdesk"] = prf(gold, pred) | {
                    "folds": folds, "grouped_by": "claim component", "thresholds": chosen,
                    "components": len(set(comp.values()))}
            else:
                out["factdesk"] = dict(out["factdesk_shipped"])
        finally:
            store.close()
    final = fit(rows, gold, everything)
    out["fitted_on_all"] = {"overlap": final.overlap, "context": final.context}
    out["headlines_with_mentions_now"] = round(100 * sum(
        bool(an.claim_mentions) for _, an in heads.values()) / max(len(heads), 1), 2)
    return out
