"""The database schema, as an ordered list of named migrations.

A migration is applied once, in order, inside one transaction, and recorded
in ``migrations`` by name; a database made by an older factdesk is brought up
to date when it is opened.  Never edit a migration that has shipped: add a
new one.

Tables::

    pages           one row per page version (id = hash of URL/source and bytes)
    articles        the cleaned article of a page (FTS: articles_fts)
    removed         chrome lines removed from an article, with their reason
    entities        cross-article identities (person:james-mattis): one row per
                    canonical entity
    entity_aliases  every per-article entity id -> its canonical entity
    entity_articles an entity as one article names it (under the article's
                    own id); mentions its spans
    quotes          who said what (FTS: quotes_fts); listable: shown in lists
    claim_mentions  propositions stated or reported in an article
    claims          claim clusters across articles (FTS: claims_fts);
                    claim_members and stances hang off them
    claim_nodes     current articles' claim mentions, with features and
    claim_keys      link keys: the graph claims are the components of
    claim_dirty     components that lost a node since the last recluster
    story_articles  each current article's story (features, id); story_keys
    facts, dates    quantities and dates with offsets
    analyses        which analyzer versions produced an article's facts
    runs, rejects   ingest runs (settings, stats) and pages that gave no article
    ingest_jobs     web ingests waiting for, in or done by the app's workers
    api_tokens      digests of the API tokens an admin issued (ingest without a session)
"""

from __future__ import annotations

from .people.schema import SOCIAL_MIGRATIONS

__all__ = ["MIGRATIONS"]

_CORE = """
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

_SEARCH = """
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

_FEEDS = """
CREATE TABLE feeds (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    checked TEXT NOT NULL,
    status INTEGER
);
"""

_CLAIM_GRAPH = """
CREATE TABLE claim_nodes (
    node INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    mention_id TEXT NOT NULL,
    record TEXT NOT NULL,
    feats TEXT,
    UNIQUE (article_id, mention_id)
);
CREATE INDEX claim_nodes_unkeyed ON claim_nodes(node) WHERE feats IS NULL;
CREATE TABLE claim_keys (
    key TEXT NOT NULL,
    node INTEGER NOT NULL REFERENCES claim_nodes(node) ON DELETE CASCADE,
    PRIMARY KEY (key, node)
) WITHOUT ROWID;
CREATE INDEX claim_keys_node ON claim_keys(node);
ALTER TABLE claims ADD COLUMN digest TEXT;
"""

# Each node and claim remembers its component (its smallest node), and a node
# that goes marks its component to be rebuilt, so a recluster only revisits the
# components new nodes reach and the ones that lost a node.
_CLAIM_COMPONENTS = """
ALTER TABLE claim_nodes ADD COLUMN root INTEGER;
CREATE INDEX claim_nodes_root ON claim_nodes(root);
ALTER TABLE claims ADD COLUMN root INTEGER;
CREATE INDEX claims_root ON claims(root);
CREATE INDEX claims_key ON claims(key);
CREATE TABLE claim_dirty (root INTEGER PRIMARY KEY);
CREATE TRIGGER claim_nodes_gone AFTER DELETE ON claim_nodes WHEN old.root IS NOT NULL
BEGIN
    INSERT OR IGNORE INTO claim_dirty (root) VALUES (old.root);
END;
"""

# One canonical entity for the ids different articles give one person
# (``store/identity.py``): ``entity_aliases`` maps each per-article id to it and
# ``entities`` keeps the canonical rows only, so ``entity_articles`` (which
# keeps the article's own id) loses its reference to ``entities``.  The blocks
# are filled in, and the ids grouped, by ``Store.migrate`` right after.
_ENTITY_IDENTITY = """
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
_STORIES = """
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

# A claim mention's readable label (a whole clause, stated positively), its
# check-worthiness and the mention it points back to; a claim's title is the
# best of its mentions' labels and its check-worthiness their maximum
# (:mod:`factdesk.store.claim_titles`).
_CLAIM_LABELS = """
ALTER TABLE claim_mentions ADD COLUMN label TEXT;
ALTER TABLE claim_mentions ADD COLUMN check_worthiness REAL;
ALTER TABLE claim_mentions ADD COLUMN refers_to TEXT;
ALTER TABLE claims ADD COLUMN check_worthiness REAL;
CREATE INDEX claims_check_worthiness ON claims(check_worthiness);
"""

# Web ingests queued for the app's worker processes (:mod:`factdesk.store.jobs`),
# and API tokens an admin issues (:mod:`factdesk.store.people.tokens`; only SHA-256
# digests are kept).
_INGEST_JOBS = """
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

# Fragments and scare quotes stay in the analysis but are not listed as quotes
# on their own (:mod:`factdesk.analyze.quotes.listing`).  Quotes stored before
# have no decision: they read as listable until ``factdesk reanalyze`` (their
# analyzer, quotes.rules.v3, is stale) decides it.
_QUOTE_LISTABLE = """
ALTER TABLE quotes ADD COLUMN listable INTEGER NOT NULL DEFAULT 1;
CREATE INDEX quotes_listed_speaker ON quotes(speaker_id) WHERE listable = 1;
"""

# A change counter of the corpus, bumped by every change to the rows that article,
# claim and entity views are built from, whichever connection or process makes it
# (:func:`factdesk.store.readers.corpus_version`; caches key on it).  Jobs record
# the server process that runs them and until when it vouches for them.
_VERSIONED = ("articles", "analyses", "claims", "claim_members", "stances", "entities",
              "entity_aliases", "story_articles")
_CORPUS_VERSION = "CREATE TABLE corpus_version (version INTEGER NOT NULL);\n" \
    "INSERT INTO corpus_version (version) VALUES (0);\n" + "".join(
        f"CREATE TRIGGER {table}_{event.lower()}_version AFTER {event} ON {table} BEGIN\n"
        "    UPDATE corpus_version SET version = version + 1;\nEND;\n"
        for table in _VERSIONED for event in ("INSERT", "UPDATE", "DELETE"))
_JOB_LEASES = """
ALTER TABLE ingest_jobs ADD COLUMN owner TEXT;
ALTER TABLE ingest_jobs ADD COLUMN lease REAL;
"""
# The desk pages read a story's claims from its articles' claim members
# (:mod:`factdesk.store.story_queries`): without this index every such read scans
# every claim member (6.3 s for a page of stories at 20,000 articles,
# bench/results/desk-scale-20000.json).
_CLAIM_MEMBERS_BY_ARTICLE = """
CREATE INDEX claim_members_article ON claim_members(article_id, claim_id);
"""

# One article per text (:mod:`factdesk.store.text_identity`): the key of each
# article's normalised text; rows stored before get theirs when this applies.
_TEXT_KEY = """
ALTER TABLE articles ADD COLUMN text_key TEXT;
CREATE INDEX articles_text_key ON articles(text_key) WHERE current = 1;
"""

#: ``(name, sql)`` in the order they are applied.
MIGRATIONS: tuple[tuple[str, str], ...] = (
    ("0001_core_tables", _CORE),
    ("0002_full_text_search", _SEARCH),
    ("0003_watched_feeds", _FEEDS),
    ("0004_claim_graph", _CLAIM_GRAPH),
    *SOCIAL_MIGRATIONS,
    ("0014_claim_components", _CLAIM_COMPONENTS),
    ("0015_entity_identity", _ENTITY_IDENTITY),
    ("0016_stories", _STORIES),
    ("0017_claim_labels", _CLAIM_LABELS),
    ("0018_ingest_jobs", _INGEST_JOBS),
    ("0019_quote_listable", _QUOTE_LISTABLE),
    ("0020_corpus_version", _CORPUS_VERSION),
    ("0021_job_leases", _JOB_LEASES),
    ("0022_article_text_key", _TEXT_KEY),
    ("0023_claim_members_by_article", _CLAIM_MEMBERS_BY_ARTICLE),
)
