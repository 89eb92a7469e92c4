"""Tables and indexes of the claim graph and its clusters (migrations 0004,
0014, 0017, 0019, 0023, 0025, 0026, 0027).

Part of the schema in :mod:`factdesk.store.schema`, which orders the migrations;
never edit one that has shipped."""

from __future__ import annotations

__all__ = ["CLAIM_ARTICLE_KEYS", "CLAIM_COMPONENTS", "CLAIM_GRAPH", "CLAIM_LABELS", "CLAIM_MEMBERS_BY_ARTICLE",
           "QUOTE_LISTABLE"]

CLAIM_GRAPH = """
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
CLAIM_COMPONENTS = """
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

# A claim mention's readable label (a whole clause, stated positively), its
# check-worthiness and the mention it points back to; a claim's title is the
# best of its mentions' labels and its check-worthiness their maximum
# (:mod:`factdesk.store.claim_titles`).
CLAIM_LABELS = """
ALTER TABLE claim_mentions ADD COLUMN label TEXT;
ALTER TABLE claim_mentions ADD COLUMN check_worthiness REAL;
ALTER TABLE claim_mentions ADD COLUMN refers_to TEXT;
ALTER TABLE claims ADD COLUMN check_worthiness REAL;
CREATE INDEX claims_check_worthiness ON claims(check_worthiness);
"""

# Fragments and scare quotes stay in the analysis but are not listed as quotes
# on their own (:mod:`factdesk.analyze.quotes.listing`).  Quotes stored before
# have no decision: they read as listable until ``factdesk reanalyze`` (their
# analyzer, quotes.rules.v3, is stale) decides it.
QUOTE_LISTABLE = """
ALTER TABLE quotes ADD COLUMN listable INTEGER NOT NULL DEFAULT 1;
CREATE INDEX quotes_listed_speaker ON quotes(speaker_id) WHERE listable = 1;
"""

# The desk pages read a story's claims from its articles' claim members
# (:mod:`factdesk.store.story_queries`): without this index every such read scans
# every claim member (6.3 s for a page of stories at 20,000 articles,
# bench/results/desk-scale-20000.json).
CLAIM_MEMBERS_BY_ARTICLE = """
CREATE INDEX claim_members_article ON claim_members(article_id, claim_id);
"""

# Each mention of an article's own claim (as its analysis clustered it) shares
# that claim's *article key* in claim_keys, so the corpus claims keep the links
# the analysis made inside the article (store/claims.add_article_keys).  The
# articles whose nodes were keyed before are listed here; the next recluster
# gives them their article keys and rebuilds the components they touch.
CLAIM_ARTICLE_KEYS = """
CREATE TABLE claim_rekey (article_id TEXT PRIMARY KEY) WITHOUT ROWID;
INSERT INTO claim_rekey SELECT DISTINCT article_id FROM claim_nodes WHERE feats IS NOT NULL;
"""

# Cross-article matching became a learned pairwise model (analyze/corpus/pair_model.py):
# links between stored mentions changed, so the next recluster rebuilds every claim
# (a claim without a root makes the recluster a full one).
CLAIM_MATCH_MODEL = """
UPDATE claims SET root = NULL;
"""

# Cross-article candidates: a mention's 10 rarest words are its match keys (6 before).
# Stored nodes keep the keys they were given, and a candidate must not depend on which
# mention came first, so every node is featurised and keyed again, and the next
# recluster rebuilds every claim.
CLAIM_MATCH_KEYS = """
DELETE FROM claim_keys;
UPDATE claim_nodes SET feats = NULL;
UPDATE claims SET root = NULL;
"""
