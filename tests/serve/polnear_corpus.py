"""A real corpus for the browser tests: PolNeAR DEV articles of one month plus the seed
page, ingested through ``factdesk ingest --metadata`` into a database built once per
test session, and what the tests expect of it, read from the database and from
``metadata.tsv`` before any server starts.

The rule that picks the articles: every article of the PolNeAR DEV portion (its
``train/`` and ``dev/`` folders) whose file name dates it in April 2016, the month of
the New York primaries (60 articles).  The month was chosen by looking at the data:
analysed alone, it holds a story carried by five outlets and, in that story, a claim
that one outlet's source asserts and another outlet's source denies (September 2016,
the official ``dev`` folder alone, holds no story of three outlets).
"""

from __future__ import annotations

import csv
import json
import time
from dataclasses import dataclass
from pathlib import Path

from factdesk.store import Store

MONTH = "2016-04"
SEED = "seed/independent-2017-04-25-russia-taliban.txt"
SEED_OUTLET = "The Independent"
SEED_DATE = "2017-04-25"
POSITIVE = ("asserts", "believes")


@dataclass(frozen=True, slots=True, kw_only=True)
class Expected:
    """What an article page must show: the outlet, the date (YYYY-MM-DD) and the headline."""

    outlet: str
    date: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Contested:
    """A claim with an assertion and a denial carried by different outlets."""

    claim_id: str
    asserting: frozenset[str]
    denying: frozenset[str]
    article_ids: frozenset[str]


@dataclass(frozen=True, slots=True, kw_only=True)
class Corpus:
    db: Path
    files: tuple[Path, ...]
    seconds: float
    summary: dict
    seed_id: str
    articles: dict[str, Expected]       # article id -> what its page must show
    outlet_of: dict[str, str]           # article id -> outlet
    contested: dict[str, Contested]     # claim id -> sides
    #: story id -> its contested claims, for the stories of three outlets or more that hold one
    stories: dict[str, frozenset[str]]


def month_files(polnear: Path, month: str = MONTH) -> tuple[Path, ...]:
    """The DEV articles whose file name (``outlet_YYYY-MM-DD_slug.txt``) is dated in ``month``."""
    return tuple(sorted((p for p in polnear.glob("*/text/*.txt")
                         if p.stem.split("_")[1].startswith(month + "-")),
                        key=lambda p: p.name))


def metadata_rows(tsv: Path) -> dict[str, dict[str, str]]:
    with tsv.open(encoding="utf-8", newline="") as f:
        return {row["filename"]: row for row in csv.DictReader(f, delimiter="\t")}


def build(shared: Path, folder: Path) -> Corpus:
    """Ingest the month and the seed with the CLI (as a user would), then read the oracle."""
    from click.testing import CliRunner

    from factdesk.cli import main

    polnear = shared / "data" / "polnear"
    files = month_files(polnear)
    db = folder / "polnear.db"
    args = ["ingest", *map(str, files), str(shared / SEED),
            "--metadata", str(polnear / "metadata.tsv"), "--db", str(db), "--format", "json"]
    started = time.perf_counter()
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    seconds = time.perf_counter() - started
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    rows = metadata_rows(polnear / "metadata.tsv")
    with Store(db) as store:
        corpus = _oracle(store, files, rows)
    return Corpus(db=db, files=files, seconds=seconds, summary=summary, **corpus)


def _oracle(store: Store, files: tuple[Path, ...], rows: dict[str, dict[str, str]]) -> dict:
    conn = store.conn
    by_stem = {p.stem: p for p in files}
    articles, outlet_of, seed_id = {}, {}, None
    for article_id, source, site in conn.execute(
            "SELECT id, source, site_name FROM articles WHERE current = 1"):
        outlet_of[article_id] = site
        stem = Path(source).stem
        if stem in by_stem:
            row = rows[stem]
            articles[article_id] = Expected(outlet=row["publisher"], date=row["publication_date"])
        elif source.endswith(Path(SEED).name):
            seed_id = article_id
            articles[article_id] = Expected(outlet=SEED_OUTLET, date=SEED_DATE)
    contested = _contested(conn)
    return {"seed_id": seed_id, "articles": articles, "outlet_of": outlet_of,
            "contested": contested, "stories": _stories(conn, contested)}


def _contested(conn) -> dict[str, Contested]:
    """Claims with a positive mention in one outlet and a denial in another, by other sources."""
    mentions: dict[str, list[tuple[str, str, str, str]]] = {}
    for claim_id, stance, source, outlet, article_id in conn.execute(
            "SELECT cm.claim_id, x.stance, x.source, a.site_name, a.id FROM claim_members cm "
            "JOIN claim_mentions x ON x.article_id = cm.article_id AND x.id = cm.mention_id "
            "JOIN articles a ON a.id = cm.article_id "
            "WHERE a.current = 1 AND x.source IS NOT NULL"):
        mentions.setdefault(claim_id, []).append((stance, source, outlet, article_id))
    found = {}
    for claim_id, seen in mentions.items():
        pairs = [(p, n) for p in seen if p[0] in POSITIVE for n in seen if n[0] == "denies"
                 and n[2] != p[2] and n[1] != p[1]]
        if pairs:
            found[claim_id] = Contested(claim_id=claim_id,
                                        asserting=frozenset(p[1] for p, _ in pairs),
                                        denying=frozenset(n[1] for _, n in pairs),
                                        article_ids=frozenset(m[3] for m in seen))
    return found


def _stories(conn, contested: dict[str, Contested]) -> dict[str, frozenset[str]]:
    outlets: dict[str, set[str]] = {}
    claims: dict[str, set[str]] = {}
    for story, outlet in conn.execute(
            "SELECT s.story, a.site_name FROM story_articles s JOIN articles a "
            "ON a.id = s.article_id WHERE a.current = 1 AND s.story IS NOT NULL"):
        outlets.setdefault(story, set()).add(outlet)
    for story, claim_id in conn.execute(
            "SELECT DISTINCT s.story, cm.claim_id FROM claim_members cm JOIN story_articles s "
            "ON s.article_id = cm.article_id WHERE s.story IS NOT NULL"):
        if claim_id in contested:
            claims.setdefault(story, set()).add(claim_id)
    return {story: frozenset(claims[story]) for story in claims if len(outlets[story]) >= 3}
