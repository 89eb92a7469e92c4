"""How well does factdesk's stance layer track speaker commitment?  CommitmentBank DEV.

Each item is a short discourse whose last sentence (``Target``) embeds a clause
(``Prompt``) under a predicate (``Verb``) that sits under negation, a modal, a
question or a conditional; ``Mean`` (-3..3) is how committed readers judged the
speaker to be to the clause.  For every item we parse Context + Target with
factdesk's pipeline, find the predicate (the token of the Target whose lemma is
``Verb`` and whose clause best overlaps ``Prompt``) and ask for the speaker's
stance towards that clause.  Systems, in the same run:

* ``library``: ``proposition_in`` over the Target, as factdesk reads a
  sentence, then ``compose`` of its links (the clause's own negation is kept
  as content, as in ``Prompt``); a stance only when the proposition it reaches
  is the item's clause (same head, or word Jaccard >= 0.5), else none;
* ``stance_cues``: :mod:`factdesk.analyze.claims.commitment` with every rule off —
  stance_cues' lexicon and ``compose`` over the predicate's own chain of links;
* ``extended``: the module's default rules (kept after the ablations, so an
  in-sample figure); ``a_priori``: the rule set written before the first run;
  ``every_rule``; ``+rule``/``-rule`` ablations and each word of the lexicons alone;
* peers: ``majority`` (a constant), ``factive`` (+1 when the data's ``factive``
  column says yes, else -1: the only use of that column), and
  ``embedding-mean`` (the training folds' mean ``Mean`` per gold ``Embedding``
  type, folds grouped by verb: a peer told the operator type).

A stance becomes a score by a fixed mapping written before any run (``SCORE``);
the stance becomes a commitment bin by ``BIN``.  Gold bins: commits (Mean >= 1),
anti-commits (Mean <= -1), neutral.  Rule selection on data is scored by
cross-validation: folds grouped by embedding verb (no verb on both sides) and,
for comparison, by context; the rule subset with the best training Spearman is
scored on the held-out fold, predictions pooled.

    .venv/bin/python bench/commitment.py --data ../shared/data/commitmentbank \\
        --out bench/results/commitment.json
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from scipy.stats import pearsonr, spearmanr

from factdesk.analyze import load_pipeline
from factdesk.analyze.claims.commitment import AS_IS, EXTENDED, EXTRA_KINDS, FACTIVE, RULES, Rules, \
    embedded_clause, read_frame, stance_of
from factdesk.analyze.claims.propositions import proposition_in
from factdesk.analyze.claims.stance_cues import compose
from factdesk.settings import Settings

SCORE = {"asserts": 2.0, "believes": 1.0, "hedged": 0.5, "does_not_deny": 0.5,
         "conditional": 0.0, "questions": 0.0, "none": 0.0, "denies": -2.0}
BIN = {"asserts": "commits", "believes": "commits", "denies": "anti"}
BINS = ("commits", "neutral", "anti")
WORD = re.compile(r"[a-z0-9]+")
SPELLING = {"realise": "realize", "recognise": "recognize"}


#: The rule set written before the first run (``reported`` and ``doubt`` were
#: ideas to test); ``extended`` is the set kept after the ablations below.
A_PRIORI = Rules(frozenset({"factive", "moore", "whether", "conditional", "question", "modal",
                            "lexicon"}))


def read_items(folder: Path) -> list[dict]:
    with (folder / "CommitmentBank-items.dev.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def words(text: str) -> set[str]:
    return set(WORD.findall(text.lower()))


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def gold_bin(mean: float) -> str:
    return "commits" if mean >= 1 else "anti" if mean <= -1 else "neutral"


def locate(doc, start: int, end: int, verb: str, prompt: str):
    """(sentence span, predicate, clause head, clause Jaccard) for one item."""
    target = doc.char_span(start, end, alignment_mode="expand")
    want = words(prompt)
    best = (None, None, -1.0)
    for token in target:
        lemma = SPELLING.get(token.lemma_.lower(), token.lemma_.lower())
        if lemma != verb and not (token.lower_.startswith(verb[:-1]) and len(verb) > 3):
            continue
        clauses = [c for c in token.subtree if c.i != token.i and c.i > token.i]
        clause = embedded_clause(token)
        scored = [(jaccard(words(" ".join(t.text for t in c.subtree)), want), c) for c in clauses
                  if c.pos_ in ("VERB", "AUX") or c == clause]
        if not scored:
            continue
        fit, head = max(scored, key=lambda s: (s[0], s[1] == clause))
        if fit > best[2]:
            best = (token, head, fit)
    return target, best[0], best[1], best[2]


def library_stance(doc, start: int, end: int, clause) -> str:
    """The library's stance, when the proposition it reaches is the item's clause
    (the same head, or word Jaccard >= 0.5 with the clause's words)."""
    prop = proposition_in(doc, start, end)
    if prop is None or clause is None:
        return "none"
    clause_words = words(" ".join(t.text for t in clause.subtree))
    if prop.head.i != clause.i and jaccard(words(doc.text[prop.start:prop.end]),
                                           clause_words) < 0.5:
        return "none"
    return compose(list(prop.links), modality=prop.modality, conditional=prop.conditional).value


def metrics(gold: list[float], scores: list[float], stances: list[str] | None = None) -> dict:
    out: dict = {"n": len(gold)}
    constant = len(set(scores)) < 2
    out["pearson"] = None if constant else round(float(pearsonr(scores, gold)[0]), 3)
    out["spearman"] = None if constant else round(float(spearmanr(scores, gold)[0]), 3)
    strong = [(g, s) for g, s in zip(gold, scores, strict=True) if abs(g) >= 1]
    right = sum((g > 0 and s > 0) or (g < 0 and s < 0) for g, s in strong)
    out["sign_n"] = len(strong)
    out["sign_accuracy"] = round(right / len(strong), 3) if strong else None
    out["sign_abstain"] = sum(s == 0 for _, s in strong)
    decided = len(strong) - out["sign_abstain"]
    out["sign_accuracy_decided"] = round(right / decided, 3) if decided else None
    if stances is not None:
        bins = [BIN.get(s, "neutral") for s in stances]
        golds = [gold_bin(g) for g in gold]
        out["bin_accuracy"] = round(sum(a == b for a, b in zip(bins, golds, strict=True))
                                    / len(gold), 3)
    return out


def bootstrap(gold: list[float], scores: list[float], rounds: int) -> dict:
    rng = random.Random(0)
    n = len(gold)
    draws: dict[str, list[float]] = defaultdict(list)
    for _ in range(rounds):
        pick = [rng.randrange(n) for _ in range(n)]
        g = [gold[i] for i in pick]
        s = [scores[i] for i in pick]
        m = metrics(g, s)
        for key in ("pearson", "spearman", "sign_accuracy"):
            if m[key] is not None:
                draws[key].append(m[key])
    return {k: round((sum((x - sum(v) / len(v)) ** 2 for x in v) / (len(v) - 1)) ** 0.5, 3)
            for k, v in draws.items()}


def confusion(stances: list[str], gold: list[float]) -> dict:
    table: dict[str, Counter] = defaultdict(Counter)
    for stance, g in zip(stances, gold, strict=True):
        table[stance][gold_bin(g)] += 1
    return {s: {b: table[s][b] for b in BINS} for s in sorted(table)}


def breakdown(items: list[dict], gold: list[float], scores: list[float], stances: list[str],
              key: str) -> dict:
    groups: dict[str, list[int]] = defaultdict(list)
    for i, item in enumerate(items):
        groups[item[key]].append(i)
    return {name: {**metrics([gold[i] for i in idx], [scores[i] for i in idx],
                             [stances[i] for i in idx]),
                   "stances": dict(Counter(stances[i] for i in idx).most_common())}
            for name, idx in sorted(groups.items())}


def report(items, gold, stances, rounds) -> dict:
    scores = [SCORE[s] for s in stances]
    return {**metrics(gold, scores, stances), "bootstrap_sd": bootstrap(gold, scores, rounds),
            "stances": dict(Counter(stances).most_common()),
            "confusion_rows_stance_cols_gold": confusion(stances, gold),
            "by_embedding": breakdown(items, gold, scores, stances, "Embedding"),
            "by_genre": breakdown(items, gold, scores, stances, "genre")}


def folds_by(items: list[dict], key, k: int) -> list[int]:
    """Fold of each item; groups (by ``key``) kept whole, largest first into the
    smallest fold, so fold sizes stay as even as the groups allow."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, item in enumerate(items):
        groups[key(item)].append(i)
    sizes = [0] * k
    fold = [0] * len(items)
    for name in sorted(groups, key=lambda g: (-len(groups[g]), g)):
        f = sizes.index(min(sizes))
        for i in groups[name]:
            fold[i] = f
        sizes[f] += len(groups[name])
    return fold


def cv_rules(items, frames, gold, fold, k: int) -> dict:
    """Choose the rule subset on the training folds (best Spearman), score it held out."""
    subsets = [Rules(frozenset(c)) for r in range(len(RULES) + 1)
               for c in itertools.combinations(RULES, r)]
    table = {rules: [_stance(f, rules) for f in frames] for rules in subsets}
    pooled = [""] * len(gold)
    chosen = []
    for f in range(k):
        train = [i for i in range(len(gold)) if fold[i] != f]

        def fit(rules: Rules, train=train) -> float:
            s = [SCORE[table[rules][i]] for i in train]
            return spearmanr(s, [gold[i] for i in train])[0] if len(set(s)) > 1 else -1.0
        best = max(subsets, key=lambda r: (fit(r), -len(r.on)))
        chosen.append(sorted(best.on))
        for i in range(len(gold)):
            if fold[i] == f:
                pooled[i] = table[best][i]
    verbs = [Counter(items[i]["Verb"] for i in range(len(gold)) if fold[i] == f).most_common(3)
             for f in range(k)]
    return {"chosen_per_fold": chosen, "fold_sizes": [fold.count(f) for f in range(k)],
            "top_verbs_per_fold": verbs,
            **metrics(gold, [SCORE[s] for s in pooled], pooled)}


def cv_embedding_mean(items, gold, fold, k: int) -> list[float]:
    out = [0.0] * len(gold)
    for f in range(k):
        sums: dict[str, list[float]] = defaultdict(list)
        for i, item in enumerate(items):
            if fold[i] != f:
                sums[item["Embedding"]].append(gold[i])
        for i, item in enumerate(items):
            if fold[i] == f:
                values = sums.get(item["Embedding"], [0.0])
                out[i] = sum(values) / len(values)
    return out


def lexicon_effects(items, frames, gold) -> dict:
    """Each word of the ``factive`` and ``lexicon`` rules measured alone: added to
    stance_cues as it is, and toggled in ``extended`` (taken out when its rule is
    on there, added alone when it is off)."""
    base = metrics(gold, [SCORE[_stance(f, AS_IS)] for f in frames])
    full = metrics(gold, [SCORE[_stance(f, EXTENDED)] for f in frames])
    verbs = Counter(item["Verb"] for item in items)
    out = {}
    words = [("factive", w, "factive") for w in sorted(FACTIVE)]
    words += [("lexicon", w, k) for w, k in sorted(EXTRA_KINDS.items())]
    for rule, word, kind in words:
        if not verbs[SPELLING.get(word, word)] or word in SPELLING:
            continue
        alone = Rules(frozenset({rule}), factive=frozenset({word}),
                      extra=((word, kind),), default_assert=False)
        if rule in EXTENDED.on:  # the word taken out of extended
            toggled = Rules(EXTENDED.on, factive=FACTIVE - {word},
                            extra=tuple((w, k) for w, k in EXTENDED.extra if w != word))
        else:  # the word alone added to extended
            toggled = Rules(EXTENDED.on | {rule}, factive=EXTENDED.factive | (
                {word} if rule == "factive" else set()), extra=((word, kind),),
                default_assert=False)
        idx = [i for i, item in enumerate(items) if item["Verb"] == word]
        m_alone = metrics(gold, [SCORE[_stance(f, alone)] for f in frames])
        m_toggled = metrics(gold, [SCORE[_stance(f, toggled)] for f in frames])
        on_verb = metrics([gold[i] for i in idx], [SCORE[_stance(frames[i], alone)] for i in idx])
        off_verb = metrics([gold[i] for i in idx], [SCORE[_stance(frames[i], AS_IS)] for i in idx])
        out[word] = {"kind": kind, "items": len(idx),
                     "gold_mean": round(sum(gold[i] for i in idx) / len(idx), 2),
                     "added_to_stance_cues": _delta(m_alone, base),
                     ("removed_from_extended" if rule in EXTENDED.on else
                      "added_to_extended"): _delta(m_toggled, full),
                     "sign_accuracy_on_its_items": [off_verb["sign_accuracy"],
                                                    on_verb["sign_accuracy"]]}
    return out


def _delta(after: dict, before: dict) -> dict:
    return {k: None if after[k] is None or before[k] is None else round(after[k] - before[k], 3)
            for k in ("pearson", "spearman", "sign_accuracy")}


def verb_table(items, gold, systems, least: int = 5) -> dict:
    out = {}
    for verb, n in Counter(item["Verb"] for item in items).most_common():
        if n < least:
            break
        idx = [i for i, item in enumerate(items) if item["Verb"] == verb]
        out[verb] = {"n": n, "gold_mean": round(sum(gold[i] for i in idx) / n, 2)}
        for name in ("stance_cues", "extended"):
            st = [systems[name][i] for i in idx]
            m = metrics([gold[i] for i in idx], [SCORE[x] for x in st])
            out[verb][name] = {"sign_accuracy": m["sign_accuracy"],
                               "stances": dict(Counter(st).most_common(3))}
    return out


def _stance(frame, rules: Rules) -> str:
    if frame is None:
        return "none"
    stance = stance_of(frame, rules)
    return stance.value if stance is not None else "none"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--bootstrap", type=int, default=1000)
    parser.add_argument("--dump", type=Path, help="per-item predictions (JSON lines, no texts)")
    args = parser.parse_args(argv)
    items = read_items(args.data)
    gold = [float(item["Mean"]) for item in items]
    nlp = load_pipeline(Settings().spacy_model)
    texts, spans = [], []
    for item in items:
        context = item["Context"].strip()
        text = f"{context} {item['Target'].strip()}" if context else item["Target"].strip()
        texts.append(text)
        spans.append((len(text) - len(item["Target"].strip()), len(text)))
    t0 = time.process_time()
    docs = list(nlp.pipe(texts, batch_size=64))
    parse_seconds = time.process_time() - t0
    frames, library, fits = [], [], []
    for item, doc, (start, end) in zip(items, docs, spans, strict=True):
        sentence, predicate, clause, fit = locate(doc, start, end, item["Verb"], item["Prompt"])
        fits.append(fit)
        frames.append(read_frame(predicate, sentence, clause) if predicate is not None else None)
        library.append(library_stance(doc, start, end, clause))
    systems = {"library": library,
               "stance_cues": [_stance(f, AS_IS) for f in frames],
               "extended": [_stance(f, EXTENDED) for f in frames],
               "every_rule": [_stance(f, Rules(frozenset(RULES))) for f in frames],
               "a_priori": [_stance(f, A_PRIORI) for f in frames]}
    for rule in RULES:
        systems[f"stance_cues+{rule}"] = [_stance(f, Rules(frozenset({rule}))) for f in frames]
        flipped = EXTENDED.on ^ {rule}
        name = f"extended-{rule}" if rule in EXTENDED.on else f"extended+{rule}"
        systems[name] = [_stance(f, Rules(flipped)) for f in frames]
    result: dict = {
        "data": str(args.data), "items": len(items), "score_map": SCORE,
        "bins": "commits: Mean >= 1; anti: Mean <= -1; neutral otherwise",
        "predicate_found": sum(f is not None for f in frames),
        "clause_jaccard_ge_0.5": sum(x >= 0.5 for x in fits),
        "parse_cpu_seconds": round(parse_seconds, 1),
        "systems": {name: report(items, gold, st, args.bootstrap if name in
                                 ("library", "stance_cues", "extended", "a_priori") else 0)
                    for name, st in systems.items()}}
    strong = [g for g in gold if abs(g) >= 1]
    majority_sign = 1.0 if sum(g > 0 for g in strong) >= len(strong) / 2 else -1.0
    majority_bin = Counter(gold_bin(g) for g in gold).most_common(1)[0][0]
    result["peers"] = {
        "majority": {**metrics(gold, [majority_sign] * len(gold)), "sign": majority_sign,
                     "bin": majority_bin, "bin_accuracy": round(
                         sum(gold_bin(g) == majority_bin for g in gold) / len(gold), 3)},
        "factive": metrics(gold, [1.0 if item["factive"] == "yes" else -1.0 for item in items])}
    by_verb = folds_by(items, lambda it: it["Verb"], args.folds)
    by_context = folds_by(items, lambda it: it["Context"], args.folds)
    result["peers"]["embedding-mean (cv by verb)"] = metrics(
        gold, cv_embedding_mean(items, gold, by_verb, args.folds))
    result["rule_selection_cv"] = {
        "by_verb": cv_rules(items, frames, gold, by_verb, args.folds),
        "by_context": cv_rules(items, frames, gold, by_context, args.folds)}
    result["lexicon_effects"] = lexicon_effects(items, frames, gold)
    result["by_verb"] = verb_table(items, gold, systems)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as handle:
            for i, item in enumerate(items):
                handle.write(json.dumps({"uID": item["uID"], "verb": item["Verb"],
                                         "embedding": item["Embedding"], "mean": gold[i],
                                         "fit": round(fits[i], 2), "frame": repr(frames[i]),
                                         **{n: s[i] for n, s in systems.items()
                                            if n in ("library", "stance_cues", "extended")}})
                             + "\n")
    for name in ("library", "stance_cues", "a_priori", "extended"):
        r = result["systems"][name]
        print(f"{name:12s} pearson {r['pearson']} spearman {r['spearman']} "
              f"sign {r['sign_accuracy']} (decided {r['sign_accuracy_decided']}, "
              f"abstained {r['sign_abstain']}) bins {r['bin_accuracy']}", file=sys.stderr)
    for name, r in result["peers"].items():
        print(f"{name:12s} pearson {r['pearson']} spearman {r['spearman']} "
              f"sign {r['sign_accuracy']}", file=sys.stderr)
    for name, r in result["rule_selection_cv"].items():
        print(f"cv {name:9s} pearson {r['pearson']} spearman {r['spearman']} "
              f"sign {r['sign_accuracy']} chosen {r['chosen_per_fold']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
