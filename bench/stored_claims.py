"""FNC-1 pairs read from the claims factdesk stores (the ``factdesk`` row of
``claim_matching.py``).

The cross-validated rows read the claims off a :class:`Graph` of every mention
(rule links, the articles' own claims, each candidate model link scored once):
the components a store's recluster would make, a union-find away for any
thresholds or model.  The shipped linker's row writes every body and headline
article into one store and reads its claims back: a pair is related when one
stored claim has mentions from both of its articles.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections import defaultdict
from collections.abc import Callable
from itertools import product
from pathlib import Path

from factdesk.analyze import ClaimLinker, article_links, cluster_claims
from factdesk.analyze.corpus.clusters import SEP, _agents_conflict
from factdesk.analyze.corpus.matching import DEFAULT_PARAMS, MatchParams, scores
from factdesk.analyze.corpus.pair_model import pair_features, unnamed_shared
from factdesk.store import Store
from factdesk.model import PageOutcome

OVERLAPS = (0.15, 0.2, 0.25, 0.3, 0.4)
CONTEXTS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
LEAD_OVERLAPS = (0.3, 0.4, 0.5, 0.7)
MIN_PRECISION = 0.92
NO_MATCHING = MatchParams(overlap=2.0, context=2.0, lead_overlap=2.0)


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


class Graph:
    """The claim graph of every mention, with the rule links (and each article's own
    claims, as the store keys them: ``article_links``) made once and each candidate
    model link scored once, so the clustering the store would make under any
    thresholds or model is a union-find away (the same components: links are pairwise)."""

    def __init__(self, mentions, contexts, links=()) -> None:
        linker = ClaimLinker()
        items = sorted({m.id: (a, m) for a, m in mentions}.values(), key=lambda p: p[1].id)
        self.articles = [a for a, _ in items]
        index = {m.id: i for i, (_, m) in enumerate(items)}
        rules = cluster_claims(items, links, contexts=contexts, linker=ClaimLinker(NO_MATCHING))
        self.rule_links = [(index[c.mention_ids[0]], index[m]) for c in rules
                           for m in c.mention_ids[1:]]
        feats = [linker.features(m, a, contexts.get(a, frozenset())) for a, m in items]
        groups = defaultdict(list)
        for i, f in enumerate(feats):
            for key in linker.keys(f):
                if key.startswith("m" + SEP):
                    groups[key].append(i)
        seen = set()
        self.edges = []  # (i, j, overlap, context, both leads)
        self.rows = []  # the learned model's inputs of each edge
        self.gate = []  # whether the model may link it (shared words beyond names)
        for members in groups.values():
            for x, i in enumerate(members):
                for j in members[x + 1:]:
                    a, b = feats[i][4], feats[j][4]
                    if (i, j) in seen or a.article == b.article or not (a.lead or b.lead):
                        continue
                    seen.add((i, j))
                    if _agents_conflict(feats[i], feats[j]) or len(a.words & b.words) < 2:
                        continue
                    overlap, context = scores(a, b)
                    self.edges.append((i, j, overlap, context, a.lead and b.lead))
                    self.rows.append(pair_features(feats[i], feats[j]))
                    self.gate.append(bool(unnamed_shared(feats[i], feats[j])))

    def threshold_links(self, params: MatchParams) -> list[bool]:
        return [c >= params.context and o >= (params.lead_overlap if both else params.overlap)
                for _, _, o, c, both in self.edges]

    def claims_of(self, params: MatchParams | list[bool]) -> dict[str, set[int]]:
        """Each article's claims (component numbers) under ``params`` or with the
        model links of the edges marked true."""
        active = self.threshold_links(params) if isinstance(params, MatchParams) else params
        parent = list(range(len(self.articles)))

        def find(i):
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        links = [(e[0], e[1]) for e, on in zip(self.edges, active) if on]
        for i, j in self.rule_links + links:
            a, b = find(i), find(j)
            if a != b:
                parent[max(a, b)] = min(a, b)
        out: dict[str, set[int]] = defaultdict(set)
        for i, article in enumerate(self.articles):
            out[article].add(find(i))
        return out


def fit(graph: Graph, pairs, gold, index_sets, bodies, heads) -> list[MatchParams]:
    """For each index set, the thresholds with the highest recall at precision >=
    MIN_PRECISION on it (the best F1 where none reaches it)."""
    best = [(DEFAULT_PARAMS, (-1.0, -1.0, -1.0)) for _ in index_sets]
    for o, c, lo in product(OVERLAPS, CONTEXTS, LEAD_OVERLAPS):
        params = MatchParams(overlap=o, context=c, lead_overlap=lo)
        claims = graph.claims_of(params)
        pred = [bool(claims[heads[h][0].id] & claims[bodies[b][0].id]) for h, b, _ in pairs]
        for n, index in enumerate(index_sets):
            tp = sum(pred[i] and gold[i] for i in index)
            fp = sum(pred[i] and not gold[i] for i in index)
            positives = sum(gold[i] for i in index) or 1
            p = tp / (tp + fp) if tp + fp else 0.0
            r = tp / positives
            f = 2 * p * r / (p + r) if p + r else 0.0
            ok = p >= MIN_PRECISION
            key = (float(ok), r if ok else f, p)
            if key > best[n][1]:
                best[n] = (params, key)
    return [params for params, _ in best]


def _store(bodies, heads, folder: Path) -> Store:
    store = Store(folder / "fnc.db")
    records = [PageOutcome(source=f"fnc-body-{b}", page_id="p-" + art.id, key=f"body:{b}",
                          article=art, analysis=an) for b, (art, an) in bodies.items()]
    records += [PageOutcome(source="fnc-headline", page_id="p-" + art.id, key=art.id,
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


def stored_result(*, bodies, heads, pairs, folds: int, prf: Callable,
                  model_out: Path | None = None) -> dict:
    """The ``factdesk`` rows: cross-validated hand thresholds and learned model (on the
    claim graph), and the shipped linker's claims read back from a store."""
    gold = [g for _, _, g in pairs]
    linker = ClaimLinker()
    everything = list(range(len(pairs)))
    arts = [*bodies.values(), *heads.values()]
    contexts = {art.id: linker.context(art.text) for art, _ in arts}
    mentions = [(art.id, m) for art, an in arts for m in an.claim_mentions]
    links = article_links(c.mention_ids for _, an in arts for c in an.claims
                          if len(c.mention_ids) > 1)
    graph = Graph(mentions, contexts, links)
    comp = components(pairs)
    pair_arts = [(heads[h][0].id, bodies[b][0].id) for h, b, _ in pairs]

    def predict(claims):
        return [bool(claims[x] & claims[y]) for x, y in pair_arts]

    out: dict = {"candidate_edges": len(graph.edges)}
    k_folds = max(folds, 2)
    fold_of = [_fold(comp[("h", h)], k_folds) for h, _, _ in pairs]
    tests = [[i for i in everything if fold_of[i] == k] for k in range(k_folds)]
    trains = [[i for i in everything if fold_of[i] != k
               and _fold(comp[("b", pairs[i][1])], k_folds) != k] for k in range(k_folds)]
    if folds > 1:
        chosen = fit(graph, pairs, gold, [*trains, everything], bodies, heads)
        pred = [False] * len(pairs)
        for k in range(folds):
            p = predict(graph.claims_of(chosen[k]))
            for i in tests[k]:
                pred[i] = p[i]
        out["factdesk_thresholds"] = prf(gold, pred) | {
            "folds": folds, "grouped_by": "claim component", "read_from": "claim graph",
            "min_training_precision": 100 * MIN_PRECISION,
            "thresholds": [_params(p) for p in chosen[:folds]],
            "components": len(set(comp.values()))}
        out["thresholds_fitted_on_all"] = _params(chosen[-1])
        out.update(_model_rows(graph, pairs, gold, comp, bodies, heads, predict, tests, trains,
                               folds, prf, model_out))
    with tempfile.TemporaryDirectory() as tmp:
        store = _store(bodies, heads, Path(tmp))
        try:
            shipped = _stored_pairs(store, linker, pairs, bodies, heads, everything)
            out["factdesk_shipped"] = prf(gold, shipped) | _linker_params(linker.params) | {
                "read_from": "store (fitted on all of DEV: in-sample)"}
            out["stories"] = story_scores(store, bodies, comp)
        finally:
            store.close()
    out["headlines_with_mentions_now"] = round(100 * sum(
        bool(an.claim_mentions) for _, an in heads.values()) / max(len(heads), 1), 2)
    return out


def _model_rows(graph, pairs, gold, comp, bodies, heads, predict, tests, trains, folds, prf,
                model_out) -> dict:
    import numpy as np
    from match_model_fit import fit_model

    art_comp = {heads[h][0].id: comp[("h", h)] for h in heads}
    art_comp |= {bodies[b][0].id: comp.get(("b", b), "b" + b) for b in bodies}
    x = np.array(graph.rows, dtype=float)
    ends = [(graph.articles[i], graph.articles[j]) for i, j, *_ in graph.edges]
    y = np.array([art_comp[a] == art_comp[b] for a, b in ends], dtype=float)
    edge_folds = [(_fold(art_comp[a], folds), _fold(art_comp[b], folds)) for a, b in ends]
    gate = np.array(graph.gate, dtype=bool)
    out = {"candidate_edges_positive": int(y.sum()), "candidate_edges_model_may_link":
           int(gate.sum())}
    pred = [False] * len(pairs)
    models = []
    for k in [*range(folds), None]:
        train_edges = np.array([k is None or (fa != k and fb != k) for fa, fb in edge_folds])
        train_edges &= gate
        index = list(range(len(pairs))) if k is None else trains[k]

        def pair_scores(active, index=index):
            p = predict(graph.claims_of(active))
            tp = sum(p[i] and gold[i] for i in index)
            fp = sum(p[i] and not gold[i] for i in index)
            return (tp / (tp + fp) if tp + fp else 0.0), tp / (sum(gold[i] for i in index) or 1)

        model, probs, info = fit_model(x, y, train_edges, pair_scores, MIN_PRECISION, gate)
        models.append(info)
        if k is not None:
            p = predict(graph.claims_of(list((probs >= model.threshold) & gate)))
            for i in tests[k]:
                pred[i] = p[i]
        elif model_out is not None:
            model_out.write_text(json.dumps(model.to_dict(), indent=1) + "\n", encoding="utf-8")
    out["factdesk_model"] = prf(gold, pred) | {
        "folds": folds, "grouped_by": "claim component", "read_from": "claim graph",
        "min_training_precision": 100 * MIN_PRECISION, "per_fold": models[:folds]}
    out["model_fitted_on_all"] = models[-1]
    out["factdesk"] = dict(out["factdesk_model"]) | {"method": "learned pairwise model (default)"}
    return out


def _linker_params(params) -> dict:
    return _params(params) if isinstance(params, MatchParams) else {"model": params.to_dict()}


def story_scores(store: Store, bodies, comp) -> dict:
    """Body pairs put in one story against body pairs of one claim component."""
    gold, pred, both = defaultdict(int), defaultdict(int), defaultdict(int)
    for b, (art, _) in bodies.items():
        story = store.story_of(art.id)
        gold[comp.get(("b", b), "b" + b)] += 1
        pred[story] += 1
        both[(comp.get(("b", b), "b" + b), story)] += 1

    def pairs_in(counts):
        return sum(n * (n - 1) // 2 for n in counts.values())

    tp, p_all, g_all = pairs_in(both), pairs_in(pred), pairs_in(gold)
    p = tp / p_all if p_all else 0.0
    r = tp / g_all if g_all else 0.0
    return {"pair_precision": round(100 * p, 2), "pair_recall": round(100 * r, 2),
            "stories": len(pred), "components": len(gold),
            "what": "body pairs in one story vs body pairs in one claim component"}


def _params(params: MatchParams) -> dict:
    return {"overlap": params.overlap, "context": params.context,
            "lead_overlap": params.lead_overlap}
