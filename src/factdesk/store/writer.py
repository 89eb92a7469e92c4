"""The path by which pages, articles and their analyses become rows.

:class:`~factdesk.store.Store` calls these inside a short transaction
(:meth:`~factdesk.store.Store.write_data`,
:meth:`~factdesk.store.Store.replace_analyses`).  They take records as plain
``to_dict`` data (as shard files hold them), so the loader never rebuilds
model objects only to take them apart again.  Every write is an upsert keyed
by content-derived ids, so writing the same record twice changes nothing, and
a page whose bytes changed becomes a new *version* of its key (the older
article stays, marked not current).

Who writes which table
----------------------
This module is one of several writers.  Every write in factdesk is a function
of a module of :mod:`factdesk.store`, run inside a
:meth:`~factdesk.store.Store.transaction` (or one of ``Store``'s own methods,
which open it); nothing outside the store issues SQL or touches
``Store.conn`` (reads go through :meth:`~factdesk.store.Store.read`).  Each
table is written by the modules named beside it here and by no other, which
``tests/test_store_boundary.py`` checks against the SQL in each module:

==============  ================================================================
module          tables it writes
==============  ================================================================
writer          pages, articles, removed, rejects, analyses, entity_articles,
                entity_aliases, mentions, quotes, claim_mentions, claim_nodes,
                claim_members, dates, facts
claims          claims, claim_nodes, claim_members, stances, claim_keys
claim_graph     claims, claim_nodes, claim_members, stances, claim_aliases,
                claim_keys, claim_dirty, claim_rekey
claim_titles    claims
identity        entities, entity_aliases
text_identity   articles
stories         story_articles, story_keys
db              runs, run_shards, feeds, migrations
events          events
accounts        users, sessions, password_resets, rate_events, notify_state
follows         follows
threads         comments
notifications   notifications, push_subscriptions, webhooks
deliveries      notifications, deliveries, notify_state
digests         digests
tokens          api_tokens
jobs            ingest_jobs
==============  ================================================================

The people's modules (accounts, follows, threads, notifications, deliveries,
tokens) live in :mod:`factdesk.store.people`.  The corpus modules (writer, claims, claim_graph, claim_titles, identity,
stories) are reached only through ``Store``'s methods (``write``,
``write_data``, ``replace_analyses``, ``recluster``); code outside the store
imports their reading functions only.  The people's side (events to
deliveries) is called by the web app's handlers through ``ServeContext.write``,
by the notifier and by the CLI, each inside its own transaction.  Events are
also recorded by the corpus writers and by threads (``record_event``), in the
transaction of the change they describe.  ``notify_state`` holds the
notifier's progress and VAPID key (deliveries) and the web app's signing
secret (accounts).  The migrations (schema, social_schema) create every table
and the triggers that keep the full-text indexes in step.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from ..clock import utc_stamp
from ..model import content_id

from .claims import add_claim_nodes
from .events import record_event
from .identity import block_of, given_of
from .outlets import lead_of
from .records import reject_of
from .text_identity import same_text_article, text_key

__all__ = ["delete_analysis", "write_analysis", "write_record"]

Data = dict[str, Any]


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def _span(item: Data, name: str = "span") -> tuple[int, int, str]:
    span = item[name]
    return span["start"], span["end"], span["text"]


def write_record(conn: sqlite3.Connection, record: Data, run_id: str | None) -> set[str]:
    """Write one page outcome (``PageOutcome.to_data()``); returns the entity ids it touched."""
    reject = reject_of(record)
    if reject is not None:
        conn.execute(
            "INSERT OR IGNORE INTO rejects (id, run_id, source, page_id, reason, message) "
            "VALUES (?, ?, ?, ?, ?, ?)", (reject[0], run_id, record["source"],
                                          record.get("page_id"), reject[1], reject[2]))
    if record.get("page_id") is None or not _write_page(conn, record, run_id):
        return set()
    article = record.get("article")
    if article is None:
        return set()
    key = record.get("key") or record["source"]
    same = same_text_article(conn, article["text"], article.get("url"))
    if same is not None and same != article["id"]:
        return set()  # the same text, stored already (by another route)
    if not _write_article(conn, article, key, record["page_id"]):
        return set()
    analysis = record.get("analysis")
    touched = write_analysis(conn, analysis) if analysis is not None else set()
    if _followed(conn):
        _article_events(conn, article, analysis)
    return touched


def _followed(conn: sqlite3.Connection) -> bool:
    """Whether anyone follows anything (events are only worth keeping then)."""
    return conn.execute("SELECT 1 FROM follows LIMIT 1").fetchone() is not None


def _article_events(conn: sqlite3.Connection, article: Data, analysis: Data | None) -> None:
    """Events for a new article and for each new quote with a known speaker.

    A quote's key is its speaker and words, so the same quote in a new version
    of the page, or in another outlet's copy, is not news twice.
    """
    headline = (article.get("headline") or {}).get("text")
    record_event(conn, key=f"article:{article['id']}", kind="article", subject=article["id"],
                 article_id=article["id"],
                 payload={"headline": headline, "url": article.get("url"),
                          "site": article.get("site_name"),
                          "lead": None if headline else lead_of(article.get("text")),
                          "published": article.get("published")})
    for quote in (analysis or {}).get("quotes", ()):
        speaker_id = quote.get("speaker_id")
        if not speaker_id or not quote.get("listable", True):
            continue  # no one to follow, or a fragment / scare quote (not news)
        text = quote["span"]["text"]
        words = " ".join(text.split()).lower()
        record_event(conn, key=f"quote:{speaker_id}:{content_id(words)}", kind="quote",
                     subject=speaker_id, article_id=article["id"],
                     payload={"article_id": article["id"], "speaker": quote.get("speaker"),
                              "text": text[:500], "headline": headline})


def _write_page(conn: sqlite3.Connection, record: Data, run_id: str | None) -> bool:
    """Insert the page; ``False`` when this exact page version is already stored."""
    if conn.execute("SELECT 1 FROM pages WHERE id = ?", (record["page_id"],)).fetchone():
        return False
    key = record.get("key") or record["source"]
    (latest,) = conn.execute("SELECT coalesce(max(version), 0) FROM pages WHERE key = ?",
                             (key,)).fetchone()
    conn.execute(
        "INSERT INTO pages (id, key, version, source, url, content_type, size, fetched, run_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (record["page_id"], key, latest + 1, record["source"], record.get("url"),
         record.get("content_type"), record.get("size"), record.get("fetched"), run_id))
    return True


def _write_article(conn: sqlite3.Connection, article: Data, key: str, page_id: str) -> bool:
    if conn.execute("SELECT 1 FROM articles WHERE id = ?", (article["id"],)).fetchone():
        return False
    conn.execute("DELETE FROM claim_nodes WHERE article_id IN "
                 "(SELECT id FROM articles WHERE key = ? AND current = 1)", (key,))
    conn.execute("UPDATE articles SET current = 0 WHERE key = ? AND current = 1", (key,))
    headline = article.get("headline")
    conn.execute(
        "INSERT INTO articles (id, page_id, key, current, source, url, site_name, language, "
        "headline, published, extractor, text, record, text_key) "
        "VALUES (?,?,?,1,?,?,?,?,?,?,?,?,?,?)",
        (article["id"], page_id, key, article.get("source", ""), article.get("url"),
         article.get("site_name"), article.get("language"),
         headline["text"] if headline else None, article.get("published"),
         article.get("extractor", ""), article["text"], _json(article),
         text_key(article["text"])))
    conn.executemany(
        "INSERT INTO removed (article_id, seq, text, reason, origin) VALUES (?, ?, ?, ?, ?)",
        [(article["id"], n, r["text"], r["reason"], r.get("origin"))
         for n, r in enumerate(article.get("removed", ()))])
    return True


def write_analysis(conn: sqlite3.Connection, analysis: Data) -> set[str]:
    """Write an article's analysis (``to_dict`` data; the article row must exist)."""
    aid = analysis["article_id"]
    conn.execute("INSERT INTO analyses (article_id, analyzers, analyzed, record) "
                 "VALUES (?, ?, ?, ?)",
                 (aid, _json(list(analysis.get("analyzers", ()))), utc_stamp(), _json(analysis)))
    entities = analysis.get("entities", ())
    conn.executemany("INSERT OR IGNORE INTO entity_aliases (alias_id, entity_id, kind, name, "
                     "block, given) VALUES (?, ?, ?, ?, ?, ?)",
                     [(e["id"], e["id"], e["kind"], e["name"],
                       block_of(e["id"], e["kind"], e["name"]), given_of(e["kind"], e["name"]))
                      for e in entities])
    conn.executemany(
        "INSERT OR IGNORE INTO entity_articles (entity_id, article_id, name, aliases, roles, "
        "metonym_of) VALUES (?, ?, ?, ?, ?, ?)",
        [(e["id"], aid, e["name"], _json(e.get("aliases", [])), _json(e.get("roles", [])),
          e.get("metonym_of")) for e in entities])
    conn.executemany(
        'INSERT OR IGNORE INTO mentions (article_id, entity_id, start, "end", text) '
        "VALUES (?, ?, ?, ?, ?)",
        [(aid, e["id"], m["start"], m["end"], m["text"])
         for e in entities for m in e.get("mentions", ())])
    conn.executemany(
        'INSERT OR IGNORE INTO quotes (id, article_id, kind, start, "end", text, speaker, '
        "speaker_id, cue_lemma, addressee, analyzer, listable) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        [(q["id"], aid, q["kind"], *_span(q), q.get("speaker"), q.get("speaker_id"),
          q.get("cue_lemma"), q.get("addressee"), q.get("analyzer", ""),
          int(q.get("listable", True)))
         for q in analysis.get("quotes", ())])
    conn.executemany(
        'INSERT OR IGNORE INTO claim_mentions (id, article_id, start, "end", text, stance, '
        "origin, source, source_id, predicate, analyzer, label, check_worthiness, refers_to) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(m["id"], aid, *_span(m), m["stance"], m["origin"], m.get("source"),
          m.get("source_id"), m.get("predicate"), m.get("analyzer", ""), m.get("label") or None,
          m.get("check_worthiness"), m.get("refers_to"))
         for m in analysis.get("claim_mentions", ())])
    conn.executemany(
        'INSERT OR IGNORE INTO dates (article_id, start, "end", text, granularity, date_start, '
        "date_end, analyzer) VALUES (?,?,?,?,?,?,?,?)",
        [(aid, *_span(d), d.get("granularity"), d.get("start"), d.get("end"),
          d.get("analyzer", "")) for d in analysis.get("dates", ())])
    conn.executemany(
        'INSERT OR IGNORE INTO facts (article_id, start, "end", text, value, qualifier, unit, '
        "counts, place, place_id, date_start, date_end, analyzer) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(aid, *_span(f), f.get("value"), f.get("qualifier"), f.get("unit"), f.get("counts"),
          f.get("place"), f.get("place_id"), (f.get("date") or {}).get("start"),
          (f.get("date") or {}).get("end"), f.get("analyzer", ""))
         for f in analysis.get("facts", ())])
    if conn.execute("SELECT current FROM articles WHERE id = ?", (aid,)).fetchone() == (1,):
        add_claim_nodes(conn, aid, analysis.get("claim_mentions", ()))
    return {e["id"] for e in entities}


#: What :func:`delete_analysis` clears: every row an analysis put in (spelt
#: out, so that each table written here is named in a statement).
_CLEAR_ANALYSIS = (
    "DELETE FROM analyses WHERE article_id = ?",
    "DELETE FROM entity_articles WHERE article_id = ?",
    "DELETE FROM mentions WHERE article_id = ?",
    "DELETE FROM quotes WHERE article_id = ?",
    "DELETE FROM claim_mentions WHERE article_id = ?",
    "DELETE FROM claim_members WHERE article_id = ?",
    "DELETE FROM claim_nodes WHERE article_id = ?",
    "DELETE FROM dates WHERE article_id = ?",
    "DELETE FROM facts WHERE article_id = ?",
)


def delete_analysis(conn: sqlite3.Connection, article_id: str) -> set[str]:
    """Remove an article's analysis rows (before re-analysis); returns touched entities."""
    touched = {row[0] for row in conn.execute(
        "SELECT entity_id FROM entity_articles WHERE article_id = ?", (article_id,))}
    for statement in _CLEAR_ANALYSIS:
        conn.execute(statement, (article_id,))
    return touched
