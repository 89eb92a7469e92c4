"""Why each gold stance is missed: the error classes behind ``bench/claims.py``'s numbers.

Reads the outputs ``bench/claims.py --out OUT`` wrote and the gold of one half
of ``bench/gold/claims/split.json`` (tune by default: develop on it, never on
the report half), scores them as ``../shared/bench/eval_claims.py`` does and
puts every missed stance in one class:

* ``claim: no mention detected`` / ``too few mentions detected`` /
  ``mentions detected but split over clusters`` / ``cluster taken by another
  gold claim`` (the claim is not found, so none of its stances count);
* ``stance: source in cluster, wrong label (PREDICTED->GOLD)``;
* ``stance: source+label on another cluster`` / ``source (other label) on
  another cluster`` / ``source nowhere in claims``.

    python bench/claims.py --data ../shared/data/polnear --out /tmp/claims-out --split tune
    python bench/claim_misses.py --out /tmp/claims-out [--split tune] [-v]
"""

from __future__ import annotations

import argparse
import collections
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "bench" / "gold" / "claims"
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(SHARED / "bench"))
import eval_claims as E  # noqa: E402  (the shared checker, read from ../shared/bench)


def _claim_class(art, gold_claim, clusters, cover) -> str:
    need = math.ceil(len(gold_claim["mentions"]) / 2)
    hit = sum(any(E.mention_match(art, m, p) for c in clusters for p in c.mentions)
              for m in gold_claim["mentions"])
    if hit == 0:
        return "claim: no mention detected"
    if max(cover, default=0) >= need:
        return "claim: cluster taken by another gold claim"
    if hit >= need:
        return "claim: mentions detected but split over clusters"
    return "claim: too few mentions detected"


def _stance_class(art, stance, cluster, stances) -> str | None:
    here = [lab for ci, lab, names, spans in stances if ci == cluster
            and E.who_match(art, stance, names, spans, "source", True)]
    if stance["stance"] in here:
        return None
    if here:
        return f"stance: source in cluster, wrong label ({'/'.join(sorted(set(here)))}->{stance['stance']})"
    away = [lab for ci, lab, names, spans in stances if ci != cluster
            and E.who_match(art, stance, names, spans, "source", True)]
    if stance["stance"] in away:
        return "stance: source+label on another cluster"
    return "stance: source (other label) on another cluster" if away else \
        "stance: source nowhere in claims"


def classify(data: Path, out: Path, gold: dict) -> list[tuple[str, str, str, str]]:
    """``(article, claim, source -> label, class)`` per missed gold stance."""
    art = E.Article(E.load_text(str(data), gold))
    reader = E.Reader(E.load_pred(str(out), gold["id"]) or {}, art)
    clusters = E.read_clusters(reader)
    cover = {(gi, ci): sum(any(E.mention_match(art, m, p) for p in c.mentions) for m in g["mentions"])
             for gi, g in enumerate(gold["claims"]) for ci, c in enumerate(clusters)}
    pairs = sorted((-cov, len(clusters[ci].mentions), gi, ci) for (gi, ci), cov in cover.items()
                   if cov >= math.ceil(len(gold["claims"][gi]["mentions"]) / 2))
    match: dict[int, int] = {}
    for _, _, gi, ci in pairs:
        if gi not in match and ci not in match.values():
            match[gi] = ci
    stances = [(ci, reader.label(s), *reader.who(s)) for ci, c in enumerate(clusters) for s in c.stances]
    rows = []
    for gi, g in enumerate(gold["claims"]):
        for s in g["stances"]:
            if gi not in match:
                why = _claim_class(art, g, clusters, [cover[gi, ci] for ci in range(len(clusters))])
            else:
                why = _stance_class(art, s, match[gi], stances)
            if why:
                rows.append((gold["id"], g["claim_id"], f"{s['source']} -> {s['stance']}", why))
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=SHARED / "data" / "polnear")
    ap.add_argument("--out", type=Path, required=True, help="the folder bench/claims.py --out wrote")
    ap.add_argument("--split", choices=("tune", "report"), default="tune")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every missed stance")
    args = ap.parse_args(argv)
    ids = json.loads((GOLD / "split.json").read_text(encoding="utf-8"))[args.split]
    rows = [row for doc_id in ids
            for row in classify(args.data, args.out,
                                json.loads((GOLD / f"{doc_id}.json").read_text(encoding="utf-8")))]
    if args.verbose:
        for row in rows:
            print(" | ".join(row))
    for why, n in collections.Counter(r[3] for r in rows).most_common():
        print(f"{n:4d}  {why}")
    print(f"{len(rows)} missed stances ({args.split} half)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
