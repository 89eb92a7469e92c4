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

from factdesk.analyze import ClaimLinker, cluster_claims
from factdesk.analyze.corpus.clusters import SEP, _agents_conflict
from factdesk.analyze.corpus.matching import DEFAULT_PARAMS, MatchParams, scores
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
    """The claim graph of every mention, with the rule links made once and each
    candidate model link scored once, so the clustering the store would make under
    any thresholds is a union-find away (the same components: links are pairwise)."""

    def __init__(self, mentions, contexts) -> None:
        linker = ClaimLinker()
        items = sorted({m.id: (a, m) for a, m in mentions}.values(), key=lambda p: p[1].id)
        self.articles = [a for a, _ in items]
        index = {m.id: i for i, (_, m) in enumerate(items)}
        rules = cluster_claims(items, contexts=contexts, linker=ClaimLinker(NO_MATCHING))
        self.rule_links = [(index[c.mention_ids[0]], index[m]) for c in rules
                           for m in c.mention_ids[1:]]
        feats = [linker.features(m, a, contexts.get(a, frozenset())) for a, m in items]
        groups = defaultdict(list)
        for i, f in enumerate(feats):
            for key in linker.keys(f):
                if key.startswith("m" + SEP):
                    groups[key].append(i)
        seen = set()
        self.edges = []
        for members in groups.values():
            for x, i in enumerate(members):
                for j in members[x + 1:]:
                    a, b = feats[i][4], feats[j][4]
                    if (i, j) in seen or a.article == b.article or not (a.lead or b.lead):
                        continue
                    seen.add((i, j))
                    if _agents_conflict(feats[i], feats[j]):
                        continue
                    overlap, context = scores(a, b)
                    if overlap >= min(OVERLAPS + LEAD_OVERLAPS) and context >= min(CONTEXTS):
                        self.edges.append((i, j, overlap, context, a.lead and b.lead))

    def claims_of(self, params: MatchParams) -> dict[str, set[int]]:
        parent = list(range(len(self.articles)))

        def find(i):
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        links = [(i, j) for i, j, o, c, both in self.edges if c >= params.context
                 and o >= (params.lead_overlap if both else params.overlap)]
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


def stored_result(*, bodies, heads, pairs, folds: int, prf: Callable) -> dict:
    gold = [g for _, _, g in pairs]
    linker = ClaimLinker()
    everything = list(range(len(pairs)))
    contexts = {art.id: linker.context(art.text)
                for art, _ in (*bodies.values(), *heads.values())}
    mentions = [(art.id, m) for art, an in (*bodies.values(), *heads.values())
                for m in an.claim_mentions]
    graph = Graph(mentions, contexts)
    out: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        store = _store(bodies, heads, Path(tmp))
        try:
            shipped = _stored_pairs(store, linker, pairs, bodies, heads, everything)
            out["factdesk_shipped"] = prf(gold, shipped) | _params(DEFAULT_PARAMS)
            out["stories"] = story_scores(store, bodies, components(pairs))
            if folds > 1:
                comp = components(pairs)
                fold_of = [_fold(comp[("h", h)], folds) for h, _, _ in pairs]
                tests = [[i for i in everything if fold_of[i] == k] for k in range(folds)]
                trains = [[i for i in everything if fold_of[i] != k
                           and _fold(comp[("b", pairs[i][1])], folds) != k]
                          for k in range(folds)]
                chosen = fit(graph, pairs, gold, [*trains, everything], bodies, heads)
                pred = [False] * len(pairs)
                runs = {DEFAULT_PARAMS: shipped}  # one recluster per distinct thresholds
                for k in range(folds):
                    if chosen[k] not in runs:
                        runs[chosen[k]] = _stored_pairs(store, ClaimLinker(chosen[k]), pairs,
                                                        bodies, heads, everything)
                    for i in tests[k]:
                        pred[i] = runs[chosen[k]][i]
                out["factdesk"] = prf(gold, pred) | {
                    "folds": folds, "grouped_by": "claim component",
                    "min_training_precision": 100 * MIN_PRECISION,
                    "thresholds": [_params(p) for p in chosen[:folds]],
                    "components": len(set(comp.values()))}
                out["fitted_on_all"] = _params(chosen[-1])
            else:
                out["factdesk"] = dict(out["factdesk_shipped"])
        finally:
            store.close()
    out["headlines_with_mentions_now"] = round(100 * sum(
        bool(an.claim_mentions) for _, an in heads.values()) / max(len(heads), 1), 2)
    return out


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
