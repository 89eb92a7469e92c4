"""Corpus-wide identity, stories, web ingest jobs and the corpus version
(migrations 0015, 0016, 0018, 0020-0022).

Part of the schema in :mod:`factdesk.store.schema`, which orders the migrations;
never edit one that has shipped."""

from __future__ import annotations

__all__ = ["CORPUS_VERSION", "ENTITY_IDENTITY", "INGEST_JOBS", "JOB_LEASES", "STORIES", "TEXT_KEY"]

# One canonical entity for the ids different articles give one person
# (``store/identity.py``): ``entity_aliases`` maps each per-article id to it and
# ``entities`` keeps the canonical rows only, so ``entity_articles`` (which
# keeps the article's own id) loses its reference to ``entities``.  The blocks
# are filled in, and the ids grouped, by ``Store.migrate`` right after.
ENTITY_IDENTITY = """
CREATE TABLE entity_aliases (
    alias_id TEXT PRIMARY KEY,
    entity_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    block TEXT NOT NULL,
    given TEXT NOT NULL DEFAULT ''
);
CREATE INDEX entity_aliases_entity ON entity_aliases(entity_id);
CREATE INDEX entity_aliases_block ON entity_aliases(block);
CREATE INDEX entity_aliases_given ON entity_aliases(given);
INSERT INTO entity_aliases (alias_id, entity_id, kind, name, block)
    SELECT id, id, kind, name, '' FROM entities;
CREATE TABLE entity_articles_unbound (
    entity_id TEXT NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    aliases TEXT NOT NULL,
    roles TEXT NOT NULL,
    metonym_of TEXT,
    PRIMARY KEY (article_id, entity_id)
);
INSERT INTO entity_articles_unbound SELECT entity_id, article_id, name, aliases, roles,
    metonym_of FROM entity_articles;
DROP TABLE entity_articles;
ALTER TABLE entity_articles_unbound RENAME TO entity_articles;
CREATE INDEX entity_articles_entity ON entity_articles(entity_id);
"""

# Stories: every current article's story features, keys and story id
# (factdesk.store.stories).
STORIES = """
CREATE TABLE story_articles (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    feats TEXT NOT NULL,
    story TEXT
);
CREATE INDEX story_articles_story ON story_articles(story);
CREATE TABLE story_keys (
    key TEXT NOT NULL,
    article_id TEXT NOT NULL REFERENCES story_articles(article_id) ON DELETE CASCADE,
    PRIMARY KEY (key, article_id)
) WITHOUT ROWID;
CREATE INDEX story_keys_article ON story_keys(article_id);
"""

# Web ingests queued for the app's worker processes (:mod:`factdesk.store.jobs`),
# and API tokens an admin issues (:mod:`factdesk.store.people.tokens`; only SHA-256
# digests are kept).
INGEST_JOBS = """
CREATE TABLE ingest_jobs (
    id TEXT PRIMARY KEY,
    user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    source TEXT NOT NULL,
    created TEXT NOT NULL,
    started TEXT,
    finished TEXT,
    article_id TEXT,
    rejection TEXT,
    message TEXT
);
CREATE INDEX ingest_jobs_status ON ingest_jobs(status);
CREATE TABLE api_tokens (
    digest TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    created TEXT NOT NULL,
    last_used TEXT
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);
"""

# A change counter of the corpus, bumped by every change to the rows that article,
# claim and entity views are built from, whichever connection or process makes it
# (:func:`factdesk.store.readers.corpus_version`; caches key on it).  Jobs record
# the server process that runs them and until when it vouches for them.
_VERSIONED = ("articles", "analyses", "claims", "claim_members", "stances", "entities",
              "entity_aliases", "story_articles")

CORPUS_VERSION = "CREATE TABLE corpus_version (version INTEGER NOT NULL);\n" \
    "INSERT INTO corpus_version (version) VALUES (0);\n" + "".join(
        f"CREATE TRIGGER {table}_{event.lower()}_version AFTER {event} ON {table} BEGIN\n"
        "    UPDATE corpus_version SET version = version + 1;\nEND;\n"
        for table in _VERSIONED for event in ("INSERT", "UPDATE", "DELETE"))

JOB_LEASES = """
ALTER TABLE ingest_jobs ADD COLUMN owner TEXT;
ALTER TABLE ingest_jobs ADD COLUMN lease REAL;
"""

# One article per text (:mod:`factdesk.store.text_identity`): the key of each
# article's normalised text; rows stored before get theirs when this applies.
TEXT_KEY = """
ALTER TABLE articles ADD COLUMN text_key TEXT;
CREATE INDEX articles_text_key ON articles(text_key) WHERE current = 1;
"""
