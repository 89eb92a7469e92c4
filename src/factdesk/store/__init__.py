"""The store: SQLite schema with named migrations, one writer path, search, export."""

from .claim_graph import recluster
from .db import TABLES, Store
from .export import EXPORT_FORMATS, EXPORT_TABLES, export
from .records import PageRecord, page_key
from .search import KINDS, SearchHit, search

__all__ = ["EXPORT_FORMATS", "EXPORT_TABLES", "KINDS", "PageRecord", "SearchHit", "Store",
           "TABLES", "export", "page_key", "recluster", "search"]
