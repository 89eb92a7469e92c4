"""The first tables: pages, articles and their analyses, runs, and the full-text
indexes (migrations 0001-0003).

Part of the schema in :mod:`factdesk.store.schema`, which orders the migrations;
never edit one that has shipped."""

from __future__ import annotations

__all__ = ["CORE", "SEARCH", "FEEDS"]

CORE = """
CREATE TABLE pages (
    id TEXT PRIMARY KEY,
    key TEXT NOT NULL,
    version INTEGER NOT NULL,
    source TEXT NOT NULL,
    url TEXT,
    content_type TEXT,
    size INTEGER,
    fetched TEXT,
    run_id TEXT,
    UNIQUE (key, version)
);
CREATE TABLE articles (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    page_id TEXT REFERENCES pages(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    current INTEGER NOT NULL DEFAULT 1,
    source TEXT NOT NULL,
    url TEXT,
    site_name TEXT,
    language TEXT,
    headline TEXT,
    published TEXT,
    extractor TEXT,
    text TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX articles_key ON articles(key);
CREATE TABLE removed (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    text TEXT NOT NULL,
    reason TEXT NOT NULL,
    origin INTEGER,
    PRIMARY KEY (article_id, seq)
);
CREATE TABLE analyses (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    analyzers TEXT NOT NULL,
    analyzed TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE TABLE entities (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    articles INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE entity_articles (
    entity_id TEXT NOT NULL REFERENCES entities(id),
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    aliases TEXT NOT NULL,
    roles TEXT NOT NULL,
    metonym_of TEXT,
    PRIMARY KEY (article_id, entity_id)
);
CREATE INDEX entity_articles_entity ON entity_articles(entity_id);
CREATE TABLE mentions (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    entity_id TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (article_id, start, entity_id)
);
CREATE TABLE quotes (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    speaker TEXT,
    speaker_id TEXT,
    cue_lemma TEXT,
    addressee TEXT,
    analyzer TEXT NOT NULL,
    UNIQUE (article_id, id)
);
CREATE INDEX quotes_speaker ON quotes(speaker_id);
CREATE TABLE claim_mentions (
    id TEXT NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    stance TEXT NOT NULL,
    origin TEXT NOT NULL,
    source TEXT,
    source_id TEXT,
    predicate TEXT,
    analyzer TEXT NOT NULL,
    PRIMARY KEY (article_id, id)
);
CREATE TABLE claims (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    key TEXT NOT NULL,
    label TEXT NOT NULL,
    analyzer TEXT NOT NULL
);
CREATE TABLE claim_members (
    claim_id TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    mention_id TEXT NOT NULL,
    PRIMARY KEY (claim_id, article_id, mention_id)
);
CREATE TABLE stances (
    claim_id TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    source TEXT NOT NULL,
    stance TEXT NOT NULL,
    source_id TEXT,
    anonymous INTEGER NOT NULL,
    cue TEXT,
    mention_ids TEXT NOT NULL,
    PRIMARY KEY (claim_id, source, stance)
);
CREATE TABLE dates (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    granularity TEXT,
    date_start TEXT,
    date_end TEXT,
    analyzer TEXT NOT NULL,
    PRIMARY KEY (article_id, start, "end")
);
CREATE TABLE facts (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    value REAL,
    qualifier TEXT,
    unit TEXT,
    counts TEXT,
    place TEXT,
    place_id TEXT,
    date_start TEXT,
    date_end TEXT,
    analyzer TEXT NOT NULL,
    PRIMARY KEY (article_id, start, "end")
);
CREATE TABLE runs (
    id TEXT PRIMARY KEY,
    started TEXT NOT NULL,
    finished TEXT,
    executor TEXT,
    sources TEXT NOT NULL,
    settings TEXT NOT NULL,
    stats TEXT
);
CREATE TABLE rejects (
    id TEXT PRIMARY KEY,
    run_id TEXT REFERENCES runs(id),
    source TEXT NOT NULL,
    page_id TEXT,
    reason TEXT NOT NULL,
    message TEXT NOT NULL
);
CREATE TABLE run_shards (
    run_id TEXT NOT NULL,
    shard TEXT NOT NULL,
    loaded TEXT NOT NULL,
    PRIMARY KEY (run_id, shard)
);
"""

SEARCH = """
CREATE VIRTUAL TABLE articles_fts USING fts5(
    headline, text, content='articles', content_rowid='seq', tokenize='porter unicode61');
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, headline, text) VALUES (new.seq, new.headline, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, headline, text)
    VALUES ('delete', old.seq, old.headline, old.text);
END;
CREATE VIRTUAL TABLE quotes_fts USING fts5(
    text, speaker, content='quotes', content_rowid='seq', tokenize='porter unicode61');
CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN
    INSERT INTO quotes_fts(rowid, text, speaker) VALUES (new.seq, new.text, new.speaker);
END;
CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
    INSERT INTO quotes_fts(quotes_fts, rowid, text, speaker)
    VALUES ('delete', old.seq, old.text, old.speaker);
END;
CREATE VIRTUAL TABLE claims_fts USING fts5(
    label, key, content='claims', content_rowid='seq', tokenize='porter unicode61');
CREATE TRIGGER claims_fts_insert AFTER INSERT ON claims BEGIN
    INSERT INTO claims_fts(rowid, label, key) VALUES (new.seq, new.label, new.key);
END;
CREATE TRIGGER claims_fts_update AFTER UPDATE OF label, key ON claims BEGIN
    INSERT INTO claims_fts(claims_fts, rowid, label, key)
    VALUES ('delete', old.seq, old.label, old.key);
    INSERT INTO claims_fts(rowid, label, key) VALUES (new.seq, new.label, new.key);
END;
CREATE TRIGGER claims_fts_delete AFTER DELETE ON claims BEGIN
    INSERT INTO claims_fts(claims_fts, rowid, label, key)
    VALUES ('delete', old.seq, old.label, old.key);
END;
"""

FEEDS = """
CREATE TABLE feeds (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    checked TEXT NOT NULL,
    status INTEGER
);
"""
