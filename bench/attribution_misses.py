"""Which attributions ``bench/quotes.py --task attribution`` misses, and which it
finds wrongly, counted by the kind of cue.

Reads a predictions file written by ``bench/quotes.py --out`` and the PolNeAR gold of
one compartment (``train`` by default: develop on it; ``dev`` is for checking),
matches them as ``../shared/bench/eval_quotes.py`` does (Jaccard >= 0.5 on word
tokens, one-to-one, greedy) and counts

* every missed gold unit of the chosen kind (``indirect`` by default) by the family
  of its gold cue (verbs of saying, of thinking, of wanting, backing, judging,
  showing, seeming; "according to"; "in" phrases; nouns; "be" + adjective; other)
  and by how its content opens ("that" clause, infinitive, question word, other);
* every unmatched prediction by the family of its cue, split into those that
  overlap a gold unit (boundary or nesting) and those that overlap none.

    python bench/quotes.py --data ../shared/data/polnear --task attribution --out /tmp/a.jsonl
    python bench/attribution_misses.py --predictions /tmp/a.jsonl [--compartment train] \\
        [--json bench/results/attribution-misses.json] [--examples 3]
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import sys
from pathlib import Path

from factdesk.analyze.quotes.attitude_cues import STANCE_VERBS
from factdesk.analyze.quotes.cue_verbs import CLAUSE_VERBS, INTENT_VERBS, SPEECH_VERBS
from factdesk.analyze.quotes.intent_cues import (BACKING_VERBS, JUDGING_VERBS, SHOWING_VERBS,
                                                 WANTING_VERBS)
from factdesk.analyze.quotes.noun_cues import NOUNS

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(SHARED / "bench"))
import eval_quotes as E  # noqa: E402  (the shared scorer, read from ../shared/bench)

WORD = re.compile(r"[a-z]+")
IRREGULAR = {"said": "say", "told": "tell", "thought": "think", "saw": "see", "seen": "see",
             "wrote": "write", "written": "write", "knew": "know", "known": "know",
             "felt": "feel", "found": "find", "sought": "seek", "made": "make", "took": "take",
             "taken": "take", "gave": "give", "given": "give", "spoke": "speak",
             "spoken": "speak", "held": "hold", "put": "put", "did": "do", "done": "do",
             "went": "go", "gone": "go", "had": "have", "has": "have", "won": "win",
             "meant": "mean", "brought": "bring", "built": "build", "taught": "teach"}
DETERMINERS = frozenset({"the", "a", "an", "his", "her", "their", "its", "our", "my", "your",
                         "this", "these", "those"})
BE = frozenset({"be", "is", "are", "was", "were", "been", "being", "am", "'s", "’s"})
BELIEF = (CLAUSE_VERBS - {"show", "find", "suggest", "indicate", "reveal", "seem", "appear",
                          "plan", "intend", "decide", "insist", "acknowledge", "conclude"})
FAMILIES = (
    ("speech verb", SPEECH_VERBS),
    ("wanting/intending verb", WANTING_VERBS | INTENT_VERBS | {"like", "need", "try", "decide"}),
    ("backing/opposing verb", BACKING_VERBS | {"vote", "side"}),
    ("stance-toward-object verb", STANCE_VERBS),
    ("judging-as verb", JUDGING_VERBS | {"deem"}),
    ("showing/finding verb", SHOWING_VERBS),
    ("belief verb", BELIEF),
    ("seeming verb", frozenset({"seem", "appear", "sound", "look"})),
    ("light verb (have/make/take/give/do/go)",
     frozenset({"have", "make", "take", "give", "do", "go", "get", "put", "hold"})),
)


def lemma(word: str) -> str:
    """A rough lemma: the irregular forms, then -ing/-ed/-es/-s stripped."""
    if word in IRREGULAR:
        return IRREGULAR[word]
    for suffix, add in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""),
                        ("s", ""), ("d", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: len(word) - len(suffix)] + add
            for candidate in (stem, stem + "e", stem[:-1] if stem[-1:] == stem[-2:-1] else stem):
                if any(candidate in words for _, words in FAMILIES) or candidate in NOUNS:
                    return candidate
    return word


def family(cue_text: str) -> str:
    """The family of a cue from its words ("according to", "in his view", "said")."""
    words = WORD.findall(cue_text.lower().replace("’", "'"))
    if not words:
        return "no cue"
    if words[:2] == ["according", "to"]:
        return "according to"
    lemmas = [lemma(w) for w in words]
    if words[0] in DETERMINERS:
        return "noun"  # "the claim", "his view", "their support"
    for name, members in FAMILIES:
        if any(x in members for x in lemmas if x not in BE):
            return name
    if any(x in NOUNS or x.endswith(("tion", "ment", "sion")) for x in lemmas):
        return "noun"
    if words[0] in ("in", "for", "to", "by", "on", "of", "from", "as"):
        return "preposition phrase"
    if any(w in BE for w in words):
        return "be + adjective/phrase"
    return "other verb or word"


def opening(content: str) -> str:
    first = (WORD.findall(content.lower()) or [""])[0]
    if first == "that":
        return "that clause"
    if first == "to":
        return "infinitive"
    if first in ("whether", "if", "who", "what", "when", "where", "why", "how", "which"):
        return "question"
    return "other"


def matches(gold: list[dict], preds: list[dict]) -> tuple[set[int], set[int]]:
    """Predictions and gold units paired one to one, best token Jaccard first (>= 0.5)."""
    cands = sorted(((E.jaccard(p["toks"], g["toks"]), i, j) for i, p in enumerate(preds)
                    for j, g in enumerate(gold) if p["toks"] & g["toks"]), reverse=True)
    used_p, used_g = set(), set()
    for overlap, i, j in cands:
        if overlap >= 0.5 and i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
    return used_p, used_g


def breakdown(data: Path, predictions: Path, compartment: str, kind: str,
              examples: int) -> dict:
    rows = {json.loads(line)["id"]: json.loads(line)["quotes"]
            for line in predictions.read_text(encoding="utf-8").splitlines() if line.strip()}
    missed = collections.Counter()
    missed_opening = collections.Counter()
    false = collections.Counter()
    shown: dict[str, list[str]] = collections.defaultdict(list)
    gold_total = found = 0
    for article in E.list_articles(str(data), (compartment,)):
        text, idx, gold, _ = E.load_attribution_gold(article)
        preds = E.convert_predictions(text, rows.get(article["id"], []), article["id"])
        for p in preds:
            p["toks"] = idx.in_range(p["start"], p["end"])
        preds = [p for p in preds if p["toks"]]
        used_p, used_g = matches(gold, preds)
        for j, g in enumerate(gold):
            if g["kind"] != kind:
                continue
            gold_total += 1
            if j in used_g:
                found += 1
                continue
            cue = " ".join(text[s:e] for s, e in (idx.toks[t] for t in sorted(g["cue_toks"])))
            name = family(cue)
            missed[name] += 1
            missed_opening[f"{name} / {opening(text[g['start']:g['end']])}"] += 1
            if len(shown[name]) < examples:
                shown[name].append(f"[{cue}] {text[g['start']:g['end']][:160]}")
        for i, p in enumerate(preds):
            if i in used_p:
                continue
            overlaps = any(p["toks"] & g["toks"] for g in gold)
            where = "overlaps a gold unit" if overlaps else "overlaps no gold unit"
            false[f"{family(p['cue_text'])} / {where}"] += 1
    return {"compartment": compartment, "kind": kind, "gold": gold_total, "found": found,
            "missed": sum(missed.values()), "missed_by_cue_family": dict(missed.most_common()),
            "missed_by_family_and_opening": dict(missed_opening.most_common()),
            "false_positives": sum(false.values()),
            "false_positives_by_cue_family": dict(false.most_common()),
            "examples": dict(shown)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=SHARED / "data" / "polnear")
    ap.add_argument("--predictions", type=Path, required=True)
    ap.add_argument("--compartment", default="train")
    ap.add_argument("--kind", default="indirect", choices=("direct", "mixed", "indirect"))
    ap.add_argument("--examples", type=int, default=0)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    if not args.predictions.is_file():
        ap.error(f"{args.predictions} not found: write it with bench/quotes.py --out")
    result = breakdown(args.data, args.predictions, args.compartment, args.kind, args.examples)
    out = json.dumps(result, indent=1, ensure_ascii=False)
    if args.json:
        args.json.write_text(out + "\n", encoding="utf-8")
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
