"""Reading check for cross-article claims and stories (issue 13).

Ingests the articles of a corpus list into a fresh database (or reuses one),
lists every claim whose mentions come from two or more articles and every
story with two or more articles, draws a fixed-seed sample of the
multi-article claims and writes each sampled claim's mentions, with some
context from their articles, to a file for a person to read and judge.
The judgements themselves are made by reading, not by this script; they go
in bench/results/claims-latest60-reading.json.

    PYTHONPATH=src python bench/verify_claims.py \
        --list bench/corpora/polnear-latest60.txt \
        --root /work/shared/data/polnear \
        --metadata /work/shared/data/polnear/metadata.tsv \
        --db /tmp/verify/p60.db --out /tmp/verify/reading.txt

The reading file is written outside the repository: it holds article text.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path


def ingest(list_path: Path, root: Path, metadata: Path, db: Path, pages: Path) -> None:
    pages.mkdir(parents=True, exist_ok=True)
    for line in list_path.read_text().splitlines():
        line = line.strip()
        if not line:
            continue
        src = root / line
        dst = pages / src.name
        if not dst.exists():
            os.symlink(src, dst)
    exe = shutil.which("factdesk") or str(Path(sys.executable).with_name("factdesk"))
    cmd = [exe, "--set", "workers=1", "ingest", str(pages), "--db", str(db),
           "--metadata", str(metadata)]
    print("+", " ".join(cmd), file=sys.stderr)
    subprocess.run(["nice", *cmd], check=True, stdout=sys.stderr)  # keep stdout for our JSON


def multi_article_claims(con: sqlite3.Connection) -> list[tuple[str, int, int]]:
    """(claim id, articles, mentions) for claims whose members span >= 2 current articles."""
    rows = con.execute(
        """SELECT m.claim_id, COUNT(DISTINCT m.article_id), COUNT(*)
           FROM claim_members m JOIN articles a ON a.id = m.article_id AND a.current = 1
           GROUP BY m.claim_id HAVING COUNT(DISTINCT m.article_id) >= 2
           ORDER BY m.claim_id""").fetchall()
    return [(r[0], r[1], r[2]) for r in rows]


def multi_article_stories(con: sqlite3.Connection) -> list[tuple[str, list[str]]]:
    out: dict[str, list[str]] = {}
    for story, aid in con.execute(
            """SELECT s.story, s.article_id FROM story_articles s
               JOIN articles a ON a.id = s.article_id AND a.current = 1
               WHERE s.story IS NOT NULL ORDER BY s.story, s.article_id"""):
        out.setdefault(story, []).append(aid)
    return [(s, a) for s, a in sorted(out.items()) if len(a) >= 2]


def article_name(con: sqlite3.Connection, aid: str) -> str:
    row = con.execute("SELECT source, headline FROM articles WHERE id = ?", (aid,)).fetchone()
    return f"{Path(row[0]).name} | {row[1]}" if row else aid


def describe_claim(con: sqlite3.Connection, cid: str, context: int) -> str:
    key, label = con.execute("SELECT key, label FROM claims WHERE id = ?", (cid,)).fetchone()
    lines = [f"=== claim {cid}", f"key: {key}", f"label: {label}"]
    for src, stance, mids in con.execute(
            "SELECT source, stance, mention_ids FROM stances WHERE claim_id = ?", (cid,)):
        lines.append(f"stance: {src} {stance} {mids}")
    for aid, mid in con.execute(
            "SELECT article_id, mention_id FROM claim_members WHERE claim_id = ? "
            "ORDER BY article_id, mention_id", (cid,)):
        row = con.execute(
            """SELECT m.start, m."end", m.stance, m.source, m.label, a.text
               FROM claim_mentions m JOIN articles a ON a.id = m.article_id
               WHERE m.article_id = ? AND m.id = ?""", (aid, mid)).fetchone()
        if row is None:
            lines.append(f"-- {aid} {mid}: (mention not stored)")
            continue
        start, end, stance, source, mlabel, text = row
        lo, hi = max(0, start - context), min(len(text), end + context)
        span = (text[lo:start] + "[[" + text[start:end] + "]]" + text[end:hi]).replace("\n", " ")
        lines.append(f"-- {article_name(con, aid)} | {mid} | {stance} | source={source}")
        lines.append(f"   mention label: {mlabel}")
        lines.append(f"   {span}")
    return "\n".join(lines)


def linking_keys(con: sqlite3.Connection, cid: str) -> list[str]:
    """Which link keys join the claim's members, and by which rule: ``f`` (frame: agent,
    relation and one shared participant), ``a`` (aid frame), ``w`` (wording Jaccard),
    ``m`` (cross-article model match).  Recomputed from the stored features with the
    linker the store uses, over the claim's members only."""
    from factdesk.analyze.corpus.clusters import CLAIM_LINKER as linker
    rows = con.execute(
        """SELECT n.node, n.mention_id, n.feats FROM claim_members m
           JOIN claim_nodes n ON n.article_id = m.article_id AND n.mention_id = m.mention_id
           WHERE m.claim_id = ? ORDER BY n.node""", (cid,)).fetchall()
    feats = {node: linker.decode(f) for node, _, f in rows if f is not None}
    mid = {node: m for node, m, _ in rows}
    groups: dict[str, list[int]] = {}
    for node, f in feats.items():
        for key in linker.keys(f):
            groups.setdefault(key, []).append(node)
    out = []
    for key, members in sorted(groups.items()):
        if len(members) < 2:
            continue
        pairs = linker.link_group(key, members, feats.__getitem__, lambda i, j: False)
        for i, j in pairs:
            out.append(f"{key.replace(chr(31), '|')}: {mid[i]} - {mid[j]}")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--list", type=Path, default=Path("bench/corpora/polnear-latest60.txt"))
    ap.add_argument("--root", type=Path, default=Path("/work/shared/data/polnear"))
    ap.add_argument("--metadata", type=Path,
                    default=Path("/work/shared/data/polnear/metadata.tsv"))
    ap.add_argument("--db", type=Path, default=Path("/tmp/verify/p60.db"))
    ap.add_argument("--pages", type=Path, default=Path("/tmp/verify/pages"))
    ap.add_argument("--reuse", action="store_true", help="use --db as it is, no ingest")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--sample", type=int, default=50)
    ap.add_argument("--context", type=int, default=200)
    ap.add_argument("--out", type=Path, default=Path("/tmp/verify/reading.txt"))
    args = ap.parse_args()

    if not args.reuse:
        ingest(args.list, args.root, args.metadata, args.db, args.pages)
    con = sqlite3.connect(args.db)
    articles = con.execute("SELECT COUNT(*) FROM articles WHERE current = 1").fetchone()[0]
    claims = con.execute("SELECT COUNT(*) FROM claims").fetchone()[0]
    multi = multi_article_claims(con)
    stories = multi_article_stories(con)
    ids = [c[0] for c in multi]
    rng = random.Random(args.seed)
    sample = sorted(rng.sample(ids, args.sample)) if len(ids) > args.sample else list(ids)

    blocks = [f"articles {articles}, claims {claims}, multi-article claims {len(multi)}, "
              f"stories with >= 2 articles {len(stories)}"]
    blocks.append("### multi-article claims (id, articles, mentions, label)")
    for cid, na, nm in multi:
        label = con.execute("SELECT label FROM claims WHERE id = ?", (cid,)).fetchone()[0]
        blocks.append(f"{cid}\t{na}\t{nm}\t{label}")
    blocks.append("### stories with >= 2 articles")
    for story, aids in stories:
        blocks.append(f"story {story}")
        blocks.extend(f"   {article_name(con, a)}" for a in aids)
    blocks.append(f"### sample (seed {args.seed}, {len(sample)} claims)")
    for cid in sample:
        blocks.append(describe_claim(con, cid, args.context))
        blocks.append("links:")
        blocks.extend("   " + line for line in linking_keys(con, cid))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(blocks) + "\n")
    print(json.dumps({"articles": articles, "claims": claims,
                      "multi_article_claims": len(multi),
                      "stories_2plus": len(stories), "sample": sample,
                      "reading_file": str(args.out)}, indent=1))


if __name__ == "__main__":
    main()
