"""Who may touch the database, checked against the code.

1. Nothing outside ``factdesk.store`` issues SQL or reaches into
   ``Store.conn``: it calls store functions through ``Store.read`` and
   ``Store.transaction`` (a few modules still do, each listed below with why).
2. The table in ``store/writer.py``'s docstring, of which store module writes
   which table, is the truth: every INSERT, UPDATE and DELETE in a store module
   is on a table listed beside that module, and each listed table is written.
3. The corpus is written only through ``Store``'s methods: no module outside
   the store imports the modules that only write it.
"""

import ast
import re
from pathlib import Path

import pytest

import factdesk
from factdesk.store import writer
from factdesk.store.schema import MIGRATIONS

SRC = Path(factdesk.__file__).parent
STORE = SRC / "store"

#: The modules that write the corpus and have nothing to read for anyone else.
CORPUS_WRITERS = ("writer", "claims", "claim_graph")

#: The migrations create every table and the triggers that fill the full-text indexes.
MIGRATION_MODULES = {"schema", "schema_base", "schema_claims", "schema_corpus"}  # and people/schema.py

_EXECUTE = {"execute", "executemany", "executescript"}
_WRITE = re.compile(r"\b(?:INSERT(?:\s+OR\s+[A-Z]+)?\s+INTO|REPLACE\s+INTO"
                    r"|UPDATE(?:\s+OR\s+[A-Z]+)?|DELETE\s+FROM)"
                    r"\s+(\{|[a-z_][a-z_0-9]*(?:\.[a-z_][a-z_0-9]*)?)")


def database_uses(source: str) -> list[str]:
    """``line: what`` for each ``.conn`` and each ``.execute*(`` call in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr == "conn":
            found.append(f"{node.lineno}: .conn")
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr in _EXECUTE):
            found.append(f"{node.lineno}: .{node.func.attr}(")
    return sorted(set(found), key=lambda item: (int(item.split(":")[0]), item))


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def written_tables(source: str) -> set[str]:
    """The tables the SQL strings in ``source`` write (temporary tables left out);
    a table name made at run time shows as ``{``."""
    tree = ast.parse(source)
    docs = _docstrings(tree)
    tables: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            tables |= set(_WRITE.findall(node.value))
        elif isinstance(node, ast.JoinedStr):
            text = "".join(part.value if isinstance(part, ast.Constant) else "{"
                           for part in node.values)
            tables |= set(_WRITE.findall(text))
    return {t for t in tables if not t.startswith("temp.")}


def documented_writers() -> dict[str, set[str]]:
    """The ``module  tables`` table of ``store/writer.py``'s docstring."""
    lines = (writer.__doc__ or "").splitlines()
    rules = [n for n, line in enumerate(lines) if line.startswith("==")]
    assert len(rules) == 3, "writer.py's docstring has one table: rule, header, rule, rows, rule"
    owners: dict[str, set[str]] = {}
    module = ""
    for line in lines[rules[1] + 1:rules[2]]:
        if line[:1].strip():
            module, _, line = line.partition(" ")
        owners.setdefault(module, set()).update(
            t.strip() for t in line.split(",") if t.strip())
    return owners


def _outside_store() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if STORE not in p.parents)


def _rel(path: Path) -> str:
    return path.relative_to(SRC).as_posix()


# -- 1. no SQL outside the store ----------------------------------------------------------


@pytest.mark.parametrize("path", _outside_store(), ids=_rel)
def test_code_outside_the_store_calls_store_functions_instead_of_sql(path):
    uses = database_uses(path.read_text(encoding="utf-8"))
    assert not uses, (f"{_rel(path)} reaches into the database ({', '.join(uses)}); call a "
                      "function of the store module that owns the table, through "
                      "store.read(fn, ...) or inside store.transaction()")


def test_the_check_sees_a_query_and_passes_a_store_call():
    raw = 'def f(ctx):\n    return ctx.store.conn.execute("SELECT 1").fetchone()\n'
    assert database_uses(raw) == ["2: .conn", "2: .execute("]
    assert database_uses("def f(conn):\n    conn.executemany('x', [])\n") == ["2: .executemany("]
    assert database_uses("def f(ctx):\n    return ctx.store.read(inbox, 1)\n") == []


# -- 2. the writer table is the truth ------------------------------------------------------


def _store_modules() -> list[Path]:
    """Every module of the store, its people/ subpackage included (named by stem,
    which the docstring's table uses)."""
    return sorted(p for p in STORE.rglob("*.py")
                  if p.stem != "__init__" and p.stem not in MIGRATION_MODULES)


@pytest.mark.parametrize("path", _store_modules(), ids=lambda p: p.stem)
def test_each_store_module_writes_the_tables_the_writer_docstring_gives_it(path):
    found = written_tables(path.read_text(encoding="utf-8"))
    assert "{" not in found, f"{path.name} writes a table named at run time; spell it out"
    documented = documented_writers().get(path.stem, set())
    assert found == documented, (
        f"{path.relative_to(STORE)} writes {sorted(found)}, store/writer.py's docstring says "
        f"{sorted(documented)}: correct whichever is wrong")


def test_the_writer_docstring_names_real_modules_and_tables():
    owners = documented_writers()
    assert set(owners) <= {p.stem for p in _store_modules()}
    created = set(re.findall(r"CREATE (?:VIRTUAL )?TABLE (?:IF NOT EXISTS )?(\w+)",
                             "\n".join(sql for _, sql in MIGRATIONS)))
    created.add("migrations")  # Store.migrate makes it before any migration runs
    for module, tables in owners.items():
        assert tables <= created, f"{module}: no table {sorted(tables - created)}"


def test_the_write_check_reads_sql_and_skips_prose():
    source = ('"""We INSERT INTO nothing here."""\n'
              'A = "INSERT OR IGNORE INTO follows (a) VALUES (?)"\n'
              'B = ("UPDATE comments SET body = ? " "WHERE id = ?")\n'
              'C = "INSERT INTO temp.kept SELECT 1"\n'
              'D = "INSERT INTO notify_state (name) VALUES (?) ON CONFLICT(name) DO UPDATE SET x"\n'
              'def f(t):\n    return f"DELETE FROM {t} WHERE id = ?"\n')
    assert written_tables(source) == {"follows", "comments", "notify_state", "{"}
    assert documented_writers()["threads"] == {"comments"}


# -- 3. the corpus only through Store ------------------------------------------------------


@pytest.mark.parametrize("path", _outside_store(), ids=_rel)
def test_only_the_store_imports_the_corpus_writers(path):
    wrong = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            module = node.module.removeprefix("factdesk.").lstrip(".")
            if module in {f"store.{name}" for name in CORPUS_WRITERS}:
                wrong.append(module)
            if module == "store" and any(a.name == "recluster" for a in node.names):
                wrong.append("store.recluster")
    assert not wrong, f"{_rel(path)} imports {wrong}: write the corpus through Store's methods"
