"""Who a corpus is about: the most frequent people, each with every name it goes by.

Ingests a named corpus (a file listing pages, one path a line, relative to
``--data``) into a fresh database and prints the ``--top`` person entities by
the number of articles that name them, each with its aliases and the
per-article entity ids that the store keeps under it, then writes the same as
JSON.  Reading that list shows whether one person is split into several
entities or two people (relatives) are merged into one.

``--parts N`` ingests the corpus in N successive runs (incremental merging) and
``--reverse`` reverses the order of the list first; ``--check-order`` also
ingests the reversed list in three runs into a second database and records
whether both give the same canonical ids and entities (``order_independent``).

    python bench/entities.py --data ../shared/data/polnear \\
        --corpus bench/corpora/polnear-latest60.txt --out bench/results/entities-latest60.json
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from factdesk.scale.batch import run_batch
from factdesk.settings import Settings
from factdesk.store import Store

ROOT = Path(__file__).resolve().parent.parent


def top_people(conn: sqlite3.Connection, top: int) -> list[dict]:
    """The ``top`` people by article count, with aliases and member ids."""
    has_aliases = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'entity_aliases'"
                               ).fetchone() is not None
    rows = conn.execute("SELECT id, name, articles FROM entities WHERE kind = 'PERSON' "
                        "ORDER BY articles DESC, id LIMIT ?", (top,)).fetchall()
    out = []
    for eid, name, articles in rows:
        if has_aliases:
            members = [r[0] for r in conn.execute(
                "SELECT alias_id FROM entity_aliases WHERE entity_id = ? ORDER BY alias_id",
                (eid,))] or [eid]
        else:
            members = [eid]
        aliases: set[str] = set()
        names: set[str] = set()
        marks = ",".join("?" * len(members))
        for ea_name, ea_aliases in conn.execute(
                f"SELECT name, aliases FROM entity_articles WHERE entity_id IN ({marks})",
                members):
            names.add(ea_name)
            aliases |= set(json.loads(ea_aliases))
        out.append({"id": eid, "name": name, "articles": articles, "members": members,
                    "names": sorted(names), "aliases": sorted(aliases - names - {name})})
    return out


def load(store: Store, paths: list[str], parts: int, settings: Settings) -> None:
    size = -(-len(paths) // parts)
    for start in range(0, len(paths), size):
        run_batch(paths[start:start + size], settings, store)


def identities(conn: sqlite3.Connection) -> tuple:
    """Every per-article id with its canonical id, and every entity row."""
    has_aliases = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'entity_aliases'"
                               ).fetchone() is not None
    aliases = sorted(conn.execute("SELECT alias_id, entity_id FROM entity_aliases")
                     ) if has_aliases else []
    return aliases, sorted(conn.execute("SELECT id, kind, name, articles FROM entities"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "polnear")
    parser.add_argument("--corpus", type=Path,
                        default=ROOT / "bench" / "corpora" / "polnear-latest60.txt")
    parser.add_argument("--out", type=Path,
                        default=ROOT / "bench" / "results" / "entities-latest60.json")
    parser.add_argument("--db", type=Path, help="database to make (default: a temporary one)")
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--parts", type=int, default=1, help="ingest in this many runs")
    parser.add_argument("--reverse", action="store_true", help="reverse the corpus order")
    parser.add_argument("--check-order", action="store_true",
                        help="compare with the reversed corpus ingested in three runs")
    args = parser.parse_args()

    paths = [str(args.data / line.strip()) for line in args.corpus.read_text().splitlines()
             if line.strip()]
    if args.reverse:
        paths.reverse()
    tmp = tempfile.TemporaryDirectory(prefix="factdesk-entities-")
    db = args.db or Path(tmp.name) / "entities.db"
    if db.exists():
        sys.exit(f"{db} exists: give a fresh path")
    settings = Settings(workers=1)
    started = time.process_time()
    with Store(db) as store:
        load(store, paths, args.parts, settings)
        people = top_people(store.conn, args.top)
        counts = {t: store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("articles", "entities")}
        mine = identities(store.conn)
    result = {"corpus": str(args.corpus.name), "articles": counts["articles"],
              "entities": counts["entities"], "parts": args.parts, "reversed": args.reverse,
              "cpu_seconds": round(time.process_time() - started, 1), "people": people}
    if args.check_order:
        with Store(Path(tmp.name) / "reversed.db") as other:
            load(other, paths[::-1], 3, settings)
            result["order_independent"] = identities(other.conn) == mine
        print(f"same canonical ids in reverse order: {result['order_independent']}",
              file=sys.stderr)
    for n, person in enumerate(people, 1):
        print(f"{n:2d}. {person['articles']:3d}  {person['name']}  [{person['id']}]  "
              f"aliases: {', '.join(person['aliases'] + person['names'])}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n",
                        encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
