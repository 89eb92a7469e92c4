"""Golden outputs: what factdesk makes of a fixed set of pages, to diff before and after a refactor.

``capture OUT`` runs ``factdesk analyze --format jsonl`` over a fixed list of
pages (the examples, the seed and 50 DEV pages: 20 extraction HTML pages, 10
extraction text dumps, 20 PolNeAR articles, the first ones in sorted order),
writes one JSON file per page, then ingests the same pages into a fresh
database and writes the row count of every table and a digest of the stored
content (article, claim, quote and entity rows without run times).

``compare A B`` lists every page whose analysis differs and every table whose
count or digest differs; it exits 1 when anything differs.

    python bench/golden.py capture /tmp/golden-before
    python bench/golden.py capture /tmp/golden-after
    python bench/golden.py compare /tmp/golden-before /tmp/golden-after
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
# Columns that hold wall-clock times or run bookkeeping, not content.
VOLATILE = {"created_at", "updated_at", "stored_at", "ingested_at", "analyzed_at", "run_id",
            "started_at", "finished_at", "seen_at", "first_seen", "last_seen", "at", "time",
            "analyzed", "loaded", "applied", "fetched"}
# Tables whose rows are bookkeeping of a run, compared by count only.
COUNT_ONLY = {"runs", "schema_migrations", "events", "notifications"}


def pages() -> list[Path]:
    """The fixed page list, in a stable order."""
    extraction = SHARED / "data" / "extraction"
    polnear = SHARED / "data" / "polnear" / "dev" / "text"
    if not extraction.is_dir() or not polnear.is_dir():
        raise SystemExit(f"needs ../shared/data (extraction and polnear) next to {ROOT}")
    found = sorted((ROOT / "examples").iterdir())
    found.append(SHARED / "seed" / "independent-2017-04-25-russia-taliban.txt")
    found += sorted((extraction / "html").glob("*.html.gz"))[:20]
    found += sorted((extraction / "text").glob("*.txt"))[:10]
    found += sorted(polnear.glob("*.txt"))[:20]
    return found


def _factdesk(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run([sys.executable, "-m", "factdesk", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, check=True)


def _name(path: Path) -> str:
    return path.name.replace(".html.gz", ".html") + ".json"


def _digest_table(conn: sqlite3.Connection, table: str) -> str:
    columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
    keep = [c for c in columns if c not in VOLATILE]
    if not keep:
        return ""
    quoted = ", ".join(f'"{c}"' for c in keep)
    rows = sorted(json.dumps(list(r), default=str) for r in conn.execute(f"SELECT {quoted} FROM {table}"))
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()[:16]


def store_summary(db: Path) -> dict[str, dict]:
    conn = sqlite3.connect(db)
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
        "AND name NOT LIKE '%_fts%' ORDER BY name")]
    summary = {}
    for table in tables:
        count = conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        digest = "" if table in COUNT_ONLY else _digest_table(conn, table)
        summary[table] = {"rows": count, "digest": digest}
    conn.close()
    return summary


def capture(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    todo = pages()
    with tempfile.TemporaryDirectory() as tmp:
        # Same relative paths for every capture, so source fields and ids match.
        work = Path(tmp)
        links = []
        for i, path in enumerate(todo):
            link = work / "pages" / f"{i:02d}-{path.name}"
            link.parent.mkdir(exist_ok=True)
            link.symlink_to(path)
            links.append(link)
        result = _factdesk("analyze", "--format", "jsonl", *[str(p.relative_to(work)) for p in links],
                           cwd=work)
        lines = [line for line in result.stdout.splitlines() if line.strip()]
        analyses = out / "analyses"
        analyses.mkdir(exist_ok=True)
        for line in lines:
            record = json.loads(line)
            source = (record.get("article") or {}).get("source") or record.get("source") or "unknown"
            (analyses / _name(Path(source))).write_text(
                json.dumps(record, indent=1, sort_keys=True, ensure_ascii=False), encoding="utf-8")
        (out / "stderr-analyze.txt").write_text(result.stderr, encoding="utf-8")
        _factdesk("ingest", "pages", "--db", "golden.db", "--workers", "1", cwd=work)
        summary = store_summary(work / "golden.db")
    (out / "store.json").write_text(json.dumps(summary, indent=1, sort_keys=True), encoding="utf-8")
    print(f"{len(lines)} analyses of {len(todo)} pages, {len(summary)} tables -> {out}")


def compare(a: Path, b: Path) -> int:
    differ = 0
    names_a = {p.name for p in (a / "analyses").glob("*.json")}
    names_b = {p.name for p in (b / "analyses").glob("*.json")}
    for name in sorted(names_a ^ names_b):
        print(f"only in {'A' if name in names_a else 'B'}: {name}")
        differ += 1
    for name in sorted(names_a & names_b):
        if (a / "analyses" / name).read_bytes() != (b / "analyses" / name).read_bytes():
            print(f"analysis differs: {name}")
            differ += 1
    store_a = json.loads((a / "store.json").read_text())
    store_b = json.loads((b / "store.json").read_text())
    for table in sorted(set(store_a) | set(store_b)):
        if store_a.get(table) != store_b.get(table):
            print(f"table {table}: {store_a.get(table)} -> {store_b.get(table)}")
            differ += 1
    print(f"{len(names_a & names_b)} analyses and {len(store_a)} tables compared; {differ} differences")
    return 1 if differ else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("capture").add_argument("out", type=Path)
    cmp = sub.add_parser("compare")
    cmp.add_argument("a", type=Path)
    cmp.add_argument("b", type=Path)
    args = parser.parse_args()
    if args.command == "capture":
        capture(args.out)
        return 0
    return compare(args.a, args.b)


if __name__ == "__main__":
    raise SystemExit(main())
