"""Export stored data as JSON lines, CSV or Parquet.

``jsonl`` of ``articles`` gives one ``AnalyzedArticle`` record per current
article (the same shape as ``factdesk analyze --format jsonl``); every other
combination gives flat rows of one table.  Rows are streamed, never all held.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Any

from ..errors import ConfigError

if TYPE_CHECKING:
    from .db import Store

__all__ = ["EXPORT_FORMATS", "EXPORT_TABLES", "export", "rows"]

EXPORT_FORMATS = ("jsonl", "csv", "parquet")

#: Flat views of the store, one query each (current articles only).
EXPORT_TABLES = {
    "articles": "SELECT a.id, a.page_id, a.source, a.url, a.site_name, a.language, a.headline, "
                "a.published, a.extractor, a.text FROM articles a WHERE a.current = 1 "
                "ORDER BY a.id",
    "quotes": "SELECT q.id, q.article_id, q.kind, q.start, q.\"end\", q.text, q.speaker, "
              "q.speaker_id, q.cue_lemma, q.addressee, q.listable, q.analyzer FROM quotes q "
              "JOIN articles a ON a.id = q.article_id WHERE a.current = 1 "
              "ORDER BY q.article_id, q.start",
    "entities": "SELECT id, kind, name, articles FROM entities ORDER BY id",
    "entity_aliases": "SELECT alias_id, entity_id, kind, name FROM entity_aliases "
                      "ORDER BY entity_id, alias_id",
    "claims": "SELECT c.id, c.key, c.label, c.check_worthiness, c.analyzer, "
              "count(m.mention_id) AS mentions "
              "FROM claims c LEFT JOIN claim_members m ON m.claim_id = c.id "
              "GROUP BY c.id ORDER BY c.id",
    "claim_mentions": "SELECT m.id, m.article_id, cm.claim_id, m.start, m.\"end\", m.text, "
                      "m.label, m.check_worthiness, m.refers_to, m.stance, m.origin, m.source, "
                      "m.source_id, m.predicate, m.analyzer FROM claim_mentions m "
                      "JOIN articles a ON a.id = m.article_id "
                      "LEFT JOIN claim_members cm ON cm.article_id = m.article_id "
                      "AND cm.mention_id = m.id WHERE a.current = 1 "
                      "ORDER BY m.article_id, m.start, m.id",
    "facts": "SELECT f.article_id, f.start, f.\"end\", f.text, f.value, f.qualifier, f.unit, "
             "f.counts, f.place, f.date_start, f.date_end, f.analyzer FROM facts f "
             "JOIN articles a ON a.id = f.article_id WHERE a.current = 1 "
             "ORDER BY f.article_id, f.start",
    "rejects": "SELECT id, run_id, source, page_id, reason, message FROM rejects ORDER BY id",
}


def rows(conn: sqlite3.Connection, table: str) -> tuple[list[str], Iterator[tuple]]:
    """Column names and a row iterator for one export table."""
    if table not in EXPORT_TABLES:
        raise ConfigError(f"cannot export {table!r}; choose from {', '.join(EXPORT_TABLES)}")
    cursor = conn.execute(EXPORT_TABLES[table])
    return [d[0] for d in cursor.description], iter(cursor)


def _records(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    for article, analysis in conn.execute(
            "SELECT r.record, a.record FROM articles r LEFT JOIN analyses a "
            "ON a.article_id = r.id WHERE r.current = 1 ORDER BY r.id"):
        record: dict[str, Any] = {"type": "AnalyzedArticle", "article": json.loads(article)}
        if analysis:
            record["analysis"] = json.loads(analysis)
        yield record


def export(store: Store, fmt: str, table: str, out: IO | str) -> int:
    """Write ``table`` of ``store`` in ``fmt`` to ``out`` (a text stream, or a path for
    parquet)."""
    conn = store.conn
    if fmt == "jsonl" and table == "articles":
        count = 0
        for record in _records(conn):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
        return count
    names, items = rows(conn, table)
    if fmt == "jsonl":
        count = 0
        for row in items:
            out.write(json.dumps(dict(zip(names, row)), ensure_ascii=False) + "\n")
            count += 1
        return count
    if fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(names)
        count = 0
        for row in items:
            writer.writerow(row)
            count += 1
        return count
    if fmt == "parquet":
        return _parquet(names, items, out)
    raise ConfigError(f"unknown export format {fmt!r}; choose from {', '.join(EXPORT_FORMATS)}")


def _parquet(names: list[str], items: Iterator[tuple], out: IO | str,
             batch: int = 5000) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise ConfigError("Parquet export needs pyarrow: pip install 'factdesk[parquet]'") from exc
    if not isinstance(out, str):
        raise ConfigError("Parquet is binary: give --output PATH")
    types = {"start": pa.int64(), "end": pa.int64(), "articles": pa.int64(),
             "mentions": pa.int64(), "value": pa.float64(), "listable": pa.int64()}
    schema = pa.schema([(n, types.get(n, pa.string())) for n in names])
    count = 0
    with pq.ParquetWriter(out, schema) as writer:
        while chunk := [row for _, row in zip(range(batch), items)]:
            columns = list(zip(*chunk))
            writer.write_table(pa.table(
                [pa.array(list(c), type=f.type) for c, f in zip(columns, schema)],
                schema=schema))
            count += len(chunk)
    return count
