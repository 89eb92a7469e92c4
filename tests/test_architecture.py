"""The promises STYLE.md makes about the code's shape, checked."""

import ast
from pathlib import Path

import pytest

import factdesk

SRC = Path(factdesk.__file__).parent
BASE = {"model", "errors", "settings", "components", "boosted_trees", "clock"}
# The stages in the order data flows through them: each may import the ones
# before it, never the ones after.  ``scale`` runs the pipeline on many
# machines, so it sees every stage up to the store, and nothing sees ``serve``.
# ``notify`` turns stored events into notifications for the people who follow
# them; the web app sits on top of it.
ORDER = ("ingest", "clean", "analyze", "store", "notify", "serve")
STAGES = {*ORDER, "scale"}


def _imports(path: Path) -> set[str]:
    """Top-level factdesk modules/packages imported by one file."""
    module = path.relative_to(SRC).with_suffix("")
    package = list(module.parts[:-1]) if module.name != "__init__" else list(module.parts[:-1])
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
                target = [*base, *(node.module.split(".") if node.module else [])]
                names = [target] if node.module else [[*base, a.name] for a in node.names]
                for parts in names:
                    if parts:
                        found.add(parts[0])
            elif node.module and node.module.startswith("factdesk."):
                found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("factdesk."):
                    found.add(alias.name.split(".")[1])
    return found


def _owner(path: Path) -> str:
    return path.relative_to(SRC).parts[0].removesuffix(".py")


@pytest.mark.parametrize("path", sorted(SRC.rglob("*.py")), ids=lambda p: str(p.relative_to(SRC)))
def test_imports_flow_one_way(path):
    owner = _owner(path)
    imported = _imports(path) - {owner}
    if owner in BASE:
        allowed = {"errors"} if owner == "settings" else set()
        if owner == "errors":
            allowed = {"model"}  # for type hints only (TYPE_CHECKING)
    elif owner == "scale":
        allowed = BASE | {"ingest", "clean", "analyze", "store", "pipeline", "batch"}
    elif owner in STAGES:
        allowed = BASE | set(ORDER[:ORDER.index(owner)])
    elif owner in {"pipeline", "batch"}:
        allowed = BASE | STAGES
    elif owner == "watch":  # feeds polled on a schedule, fed to the batch path
        allowed = BASE | STAGES | {"batch"}
    elif owner in {"render"}:
        allowed = {"model"}
    else:  # cli, __init__, __main__ see everything
        return
    assert imported <= allowed, f"{path.name} imports {sorted(imported - allowed)}"


def test_public_api_is_explicit_and_sorted():
    names = factdesk.__all__
    assert list(names) == sorted(names)
    for name in names:
        assert hasattr(factdesk, name), name


@pytest.mark.parametrize("path", sorted(SRC.rglob("*.py")), ids=lambda p: str(p.relative_to(SRC)))
def test_modules_stay_small(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= 800, f"{path} has {lines} lines; split it by concept"


def test_no_utils_module():
    assert not [p for p in SRC.rglob("*.py") if p.stem in {"utils", "helpers", "misc"}]
