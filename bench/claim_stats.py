"""Claims per article on PolNeAR DEV articles outside the claim gold: a check
that a rules change does not make the analyzer list more claims.

    PYTHONPATH=src .venv/bin/python bench/claim_stats.py --data ../shared/data/polnear -n 30

Takes the first ``n`` DEV ids in sorted order that have no gold file, analyzes
each ``.txt`` verbatim and prints the median and mean number of claims, claim
mentions and quotes per article (JSON)."""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path

from factdesk.analyze import analyze_many
from factdesk.clean import verbatim_article
from factdesk.settings import Settings

GOLD = Path(__file__).resolve().parent / "gold" / "claims"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("-n", type=int, default=30)
    args = ap.parse_args()
    gold = {p.stem for p in GOLD.glob("*.json")}
    paths = [p for p in sorted((args.data / "dev" / "text").glob("*.txt")) if p.stem not in gold]
    paths = paths[:args.n]
    analyses = list(analyze_many([verbatim_article(p.read_text(encoding="utf-8"), source=p.stem) for p in paths],
                                 Settings()))
    counts = {"claims": [len(a.claims) for a in analyses],
              "claim_mentions": [len(a.claim_mentions) for a in analyses],
              "quotes": [len(a.quotes) for a in analyses]}
    out = {"articles": len(paths), "first": paths[0].stem if paths else None}
    for key, values in counts.items():
        out[key] = {"median": statistics.median(values), "mean": round(statistics.mean(values), 2),
                    "total": sum(values)}
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
