"""Claim, stance and quote benchmark against the hand-made gold in ``bench/gold/claims/``.

For every gold article (all of them, or one half of the fixed split in
``bench/gold/claims/split.json``) the runner analyzes the PolNeAR ``.txt`` verbatim
(``verbatim_article``, so offsets point into the file unchanged), writes
``<out>/<id>.json`` as ``factdesk analyze --format json`` writes an analysed article,
scores the folder with ``../shared/bench/eval_claims.py`` and writes a summary:
claims found, stances correct and quotes with the correct speaker, for the tune
half, the report half and all of them.

    python bench/claims.py --data ../shared/data/polnear --out bench/out/claims \\
        --json bench/results/claims-gold.json
    python bench/claims.py --data ../shared/data/polnear --out bench/out/claims --split report
    python bench/claims.py --data ../shared/data/polnear --out bench/out/claims \\
        --gold bench/gold/claims --gold ../wt-other/bench/gold/claims

``--gold`` may be given several times (gold kept in several folders); an id found
in more than one is an error. Tune on the ``tune`` half only; the ``report`` half is
for the closing numbers.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from factdesk import to_dict
from factdesk.analyze import analyze_many
from factdesk.settings import Settings
from factdesk.clean import verbatim_article

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "bench" / "gold" / "claims"
SPLIT = GOLD / "split.json"
SCORER = ROOT.parent / "shared" / "bench" / "eval_claims.py"
HALVES = ("tune", "report")
MEASURES = {"claims": "claims_found", "stances": "stances_correct", "quotes": "quotes_correct_speaker"}


def gold_files(folders: list[Path]) -> dict[str, Path]:
    """id -> gold file over all folders (``split.json`` is not a gold file)."""
    found: dict[str, Path] = {}
    for folder in folders:
        for path in sorted(folder.glob("*.json")):
            if path.name == SPLIT.name:
                continue
            if path.stem in found:
                raise SystemExit(f"gold for {path.stem} in both {found[path.stem]} and {path}")
            found[path.stem] = path
    if not found:
        raise SystemExit(f"no gold files in {', '.join(map(str, folders))}")
    return found


def provenance(folder: Path) -> dict:
    """The gold folder with the git commit it was read at (and whether it had uncommitted changes)."""
    def git(*args: str) -> str:
        done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, check=False)
        return done.stdout.strip() if done.returncode == 0 else ""
    return {"folder": str(folder), "commit": git("rev-parse", "HEAD") or None,
            "uncommitted_changes": bool(git("status", "--porcelain", "--", "."))}


def text_path(data: Path, gold: Path) -> Path:
    record = json.loads(gold.read_text(encoding="utf-8"))
    path = data / record.get("compartment", "") / "text" / f"{record['id']}.txt"
    if not path.exists():
        found = sorted(data.glob(f"*/text/{record['id']}.txt"))
        if not found:
            raise SystemExit(f"no text for {record['id']} under {data}")
        path = found[0]
    return path


def analyze_texts(texts: dict[str, str], settings: Settings) -> dict[str, dict]:
    """id -> the record ``factdesk analyze --format json`` prints for one article."""
    articles = [verbatim_article(text, source=doc_id) for doc_id, text in texts.items()]
    return {article.source: {"type": "AnalyzedArticle", "article": to_dict(article),
                             "analysis": to_dict(analysis)}
            for article, analysis in zip(articles, analyze_many(articles, settings), strict=True)}


def score(data: Path, out: Path, gold: dict[str, Path]) -> dict:
    """eval_claims.py's totals and per-article scores, the gold gathered in one folder."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "gold"
        folder.mkdir()
        for doc_id, path in gold.items():
            shutil.copy(path, folder / f"{doc_id}.json")
        result = Path(tmp) / "score.json"
        done = subprocess.run([sys.executable, str(SCORER), str(data), str(out), "--gold", str(folder),
                               "--json", str(result)], check=False)
        if done.returncode != 0:
            raise SystemExit(f"{SCORER.name} failed (exit {done.returncode})")
        return json.loads(result.read_text(encoding="utf-8"))


def totals(per_article: dict[str, dict], ids: list[str]) -> dict:
    row: dict = {"articles": len(ids)}
    for key, name in MEASURES.items():
        hit = sum(per_article[i][key][0] for i in ids)
        total = sum(per_article[i][key][1] for i in ids)
        row[name] = {"correct": hit, "total": total,
                     "percent": round(100.0 * hit / total, 1) if total else None}
    return row


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, required=True, help="PolNeAR folder ({train,dev,test}/text/<id>.txt)")
    ap.add_argument("--out", type=Path, required=True, help="folder for the <id>.json outputs")
    ap.add_argument("--gold", type=Path, action="append", default=None,
                    help=f"gold folder (repeatable; default {GOLD.relative_to(ROOT)})")
    ap.add_argument("--split", choices=(*HALVES, "all"), default="all",
                    help="which half of split.json to run (default: all gold)")
    ap.add_argument("--json", type=Path, default=None, help="write the summary here")
    ap.add_argument("--model", default=None, help="spaCy pipeline (default: the setting)")
    args = ap.parse_args(argv)

    split = json.loads(SPLIT.read_text(encoding="utf-8"))
    half_of = {doc_id: half for half in HALVES for doc_id in split[half]}
    gold = gold_files(args.gold or [GOLD])
    strays = sorted(set(gold) - set(half_of))
    if strays:
        raise SystemExit(f"gold outside split.json: {', '.join(strays)}")
    if args.split != "all":
        gold = {doc_id: path for doc_id, path in gold.items() if half_of[doc_id] == args.split}

    settings = Settings() if args.model is None else Settings(spacy_model=args.model)
    texts = {doc_id: text_path(args.data, path).read_text(encoding="utf-8") for doc_id, path in gold.items()}
    args.out.mkdir(parents=True, exist_ok=True)
    for doc_id, record in analyze_texts(texts, settings).items():
        (args.out / f"{doc_id}.json").write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n",
                                                 encoding="utf-8")

    scored = score(args.data, args.out, gold)
    per_article = scored["articles"]
    summary = {
        "command": " ".join(["python", *map(str, [Path(sys.argv[0]).as_posix(), *(argv or sys.argv[1:])])]),
        "gold_dirs": [provenance(g) for g in (args.gold or [GOLD])],
        "gold_articles": len(gold),
        "not_yet_annotated": sorted(set(half_of) - set(gold)) if args.split == "all" else
        sorted(i for i, h in half_of.items() if h == args.split and i not in gold),
        "model": settings.spacy_model,
        **{half: totals(per_article, sorted(i for i in gold if half_of[i] == half))
           for half in HALVES if args.split in (half, "all")},
        "all": totals(per_article, sorted(gold)),
        "per_article": {i: {"split": half_of[i], **per_article[i]} for i in sorted(gold)},
    }
    text = json.dumps(summary, indent=1) + "\n"
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(text, encoding="utf-8")
    print(json.dumps({k: summary[k] for k in (*HALVES, "all") if k in summary}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
