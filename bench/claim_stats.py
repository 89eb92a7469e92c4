"""Claims per article on PolNeAR DEV, as ``factdesk analyze`` makes them.

Analyzes the first ``--articles`` texts of the PolNeAR data here (sorted ids,
every compartment: all of it is the benchmark's public DEV release) as ``factdesk analyze
FILE`` does (the text-dump cleaner finds the headline) and reports
the median and mean number of claims per article, the share of claims with two
mentions or more, how many articles have a claim mention from their headline,
and the labels that are not a clause: a label parsed on its own with no verb
(or auxiliary) or no subject.  Issue 13 asks for a median of at most 8 claims
per article and no label that is not a clause.

    python bench/claim_stats.py --data ../shared/data/polnear --articles 100 \\
        --out bench/results/claim-stats.json
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

from factdesk.analyze import load_pipeline
from factdesk.api import analyze_file
from factdesk.settings import Settings

SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})


def is_clause(doc) -> bool:
    """A verb or auxiliary and a subject somewhere in the parsed label."""
    return any(t.pos_ in ("VERB", "AUX") for t in doc) and any(t.dep_ in SUBJECTS for t in doc)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, required=True, help="a folder in the PolNeAR layout")
    ap.add_argument("--articles", type=int, default=100)
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    settings = Settings()
    files = sorted(args.data.glob("*/text/*.txt"), key=lambda p: p.name)[:args.articles]
    if not files:
        raise SystemExit(f"no texts under {args.data}/*/text/")
    nlp = load_pipeline(settings.spacy_model)
    per_article, sizes, labels, with_headline = [], [], [], 0
    for path in files:
        analysis = analyze_file(path, settings=settings).analysis
        if analysis is None:
            continue
        per_article.append(len(analysis.claims))
        sizes += [len(c.mention_ids) for c in analysis.claims]
        labels += [c.label for c in analysis.claims]
        with_headline += any(m.origin == "headline" for m in analysis.claim_mentions)
    not_clauses = [label for label, doc in zip(labels, nlp.pipe(labels)) if not is_clause(doc)]
    report = {
        "command": " ".join(["python", "bench/claim_stats.py", *sys.argv[1:]]),
        "articles": len(files), "claims": len(sizes),
        "median_claims_per_article": statistics.median(per_article),
        "mean_claims_per_article": round(statistics.mean(per_article), 2),
        "share_with_2_mentions_or_more": round(100 * sum(s >= 2 for s in sizes) / max(1, len(sizes)), 1),
        "articles_with_a_headline_mention": with_headline,
        "labels_not_a_clause": len(not_clauses),
        "labels_not_a_clause_percent": round(100 * len(not_clauses) / max(1, len(labels)), 1),
        "examples_not_a_clause": not_clauses[:15],
    }
    text = json.dumps(report, indent=2, ensure_ascii=False)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
