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
    claim_rekey     articles whose nodes still want their article keys (0025)
    story_articles  each current article's story (features, id); story_keys
    facts, dates    quantities and dates with offsets
    analyses        which analyzer versions produced an article's facts
    runs, rejects   ingest runs (settings, stats) and pages that gave no article
    ingest_jobs     web ingests waiting for, in or done by the app's workers
    api_tokens      digests of the API tokens an admin issued (ingest without a session)
    digests         each user's morning digests (the last event seq each covered)
"""

from __future__ import annotations

from .people.schema import SOCIAL_MIGRATIONS, STORY_FOLLOWS_DIGESTS
from .schema_base import CORE, FEEDS, SEARCH
from .schema_claims import (CLAIM_ARTICLE_KEYS, CLAIM_COMPONENTS, CLAIM_GRAPH, CLAIM_LABELS,
                            CLAIM_MATCH_KEYS, CLAIM_MATCH_MODEL,
                            CLAIM_MEMBERS_BY_ARTICLE, QUOTE_LISTABLE)
from .schema_corpus import (CORPUS_VERSION, ENTITY_IDENTITY, INGEST_JOBS, JOB_LEASES,
                            STORIES, TEXT_KEY)

__all__ = ["MIGRATIONS"]

#: ``(name, sql)`` in the order they are applied.
MIGRATIONS: tuple[tuple[str, str], ...] = (
    ("0001_core_tables", CORE),
    ("0002_full_text_search", SEARCH),
    ("0003_watched_feeds", FEEDS),
    ("0004_claim_graph", CLAIM_GRAPH),
    *SOCIAL_MIGRATIONS,
    ("0014_claim_components", CLAIM_COMPONENTS),
    ("0015_entity_identity", ENTITY_IDENTITY),
    ("0016_stories", STORIES),
    ("0017_claim_labels", CLAIM_LABELS),
    ("0018_ingest_jobs", INGEST_JOBS),
    ("0019_quote_listable", QUOTE_LISTABLE),
    ("0020_corpus_version", CORPUS_VERSION),
    ("0021_job_leases", JOB_LEASES),
    ("0022_article_text_key", TEXT_KEY),
    ("0023_claim_members_by_article", CLAIM_MEMBERS_BY_ARTICLE),
    ("0024_story_follows_digests", STORY_FOLLOWS_DIGESTS),
    ("0025_claim_article_keys", CLAIM_ARTICLE_KEYS),
    ("0026_claim_match_model", CLAIM_MATCH_MODEL),
    ("0027_claim_match_keys", CLAIM_MATCH_KEYS),
)
