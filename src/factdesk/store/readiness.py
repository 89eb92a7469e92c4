"""Is a database ready to serve?  What ``GET /readyz`` asks of the store.

:func:`schema_state` reads which named migrations a database has and makes one
trivial read of the articles table, so a file that opens but is not (or no
longer) a factdesk database, or one a newer or older factdesk migrated, is told
apart from a ready one.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from .schema import MIGRATIONS

__all__ = ["SchemaState", "schema_state"]


@dataclass(frozen=True, slots=True, kw_only=True)
class SchemaState:
    """The migrations a database lacks (``missing``) and those it has that this
    factdesk does not know (``unknown``: a newer version migrated it)."""

    applied: int
    missing: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()

    @property
    def current(self) -> bool:
        return not self.missing and not self.unknown


def schema_state(conn: sqlite3.Connection) -> SchemaState:
    """The schema state of the database on ``conn``; raises ``sqlite3.Error``
    when the database cannot be read at all (no migrations table, a broken file)."""
    applied = {row[0] for row in conn.execute("SELECT name FROM migrations")}
    conn.execute("SELECT id FROM articles LIMIT 1").fetchall()
    known = [name for name, _ in MIGRATIONS]
    return SchemaState(applied=len(applied),
                       missing=tuple(n for n in known if n not in applied),
                       unknown=tuple(sorted(applied - set(known))))
