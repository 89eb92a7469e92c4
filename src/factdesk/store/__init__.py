"""The store: SQLite schema with named migrations, the modules that read and
write its tables (which module writes which table: :mod:`.writer`), the read API
(search, article, claim and entity detail, outlets, statistics), export; the
tables about people (accounts, follows, threads, notifications) live in
:mod:`.people`.  Code outside the store calls those modules' functions through
:meth:`Store.read` and :meth:`Store.transaction`, never with SQL of its own."""

from .claim_graph import recluster
from .claim_queries import ClaimSort, claim_detail, claim_list, claim_moved_to, story_articles
from .db import TABLES, Store
from .export import EXPORT_FORMATS, EXPORT_TABLES, export
from .outlets import outlets
from .paging import Paging, ResultPage
from .queries import article_detail, db_stats, entity_detail
from .records import page_key
from .facets import Facets, search_facets
from .search import (
    SEARCH_SORTS,
    TEXT_KINDS,
    Filters,
    SearchHit,
    SearchKind,
    search,
    text_search,
    undated_matches,
)

__all__ = ["ClaimSort", "EXPORT_FORMATS", "EXPORT_TABLES", "Facets", "Filters",
           "Paging", "ResultPage", "SEARCH_SORTS", "SearchHit", "SearchKind", "Store", "TABLES",
           "TEXT_KINDS", "article_detail", "claim_detail", "claim_list",
           "claim_moved_to", "db_stats", "entity_detail", "export", "outlets",
           "page_key", "recluster", "search", "search_facets", "story_articles",
           "text_search", "undated_matches"]
