"""The store: SQLite schema with named migrations, the modules that read and
write its tables (which module writes which table: :mod:`.writer`), search,
export.  Code outside the store calls those modules' functions through
:meth:`Store.read` and :meth:`Store.transaction`, never with SQL of its own."""

from .claim_graph import recluster
from .db import TABLES, Store
from .export import EXPORT_FORMATS, EXPORT_TABLES, export
from .records import PageRecord, page_key
from .search import KINDS, SearchHit, search

__all__ = ["EXPORT_FORMATS", "EXPORT_TABLES", "KINDS", "PageRecord", "SearchHit", "Store",
           "TABLES", "export", "page_key", "recluster", "search"]
