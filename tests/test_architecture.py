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


TESTS = Path(__file__).parent


def _private_patches(source: str) -> list[str]:
    """Where ``source`` patches a private name: ``monkeypatch.setattr(obj, "_x", ...)``,
    ``monkeypatch.setattr("pkg.mod._x", ...)``, ``mock.patch("pkg.mod._x")``,
    ``mock.patch.object(obj, "_x")`` (and ``monkeypatch.delattr`` alike)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name not in {"setattr", "delattr", "patch", "object"}:
            continue
        if name == "object" and not (isinstance(func, ast.Attribute)
                                     and isinstance(func.value, ast.Attribute)
                                     and func.value.attr == "patch"):
            continue
        strings = [a.value for a in node.args[:2]
                   if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        for text in strings:
            if text.rsplit(".", 1)[-1].startswith("_") and not text.endswith("__"):
                found.append(f"line {node.lineno}: {name}(... {text!r} ...)")
    return found


@pytest.mark.parametrize("source", [
    'monkeypatch.setattr(nlp, "_pipe", fake)',
    'monkeypatch.setattr("factdesk.scale.memory._glibc", lambda: None)',
    'monkeypatch.delattr(memory, "_glibc")',
    'mock.patch("factdesk.batch._release")',
    'with unittest.mock.patch.object(Store, "_now", now): pass',
], ids=["setattr-object", "setattr-dotted", "delattr", "mock-patch", "patch-object"])
def test_the_private_patch_scan_finds_each_form(source):
    assert _private_patches(source)


@pytest.mark.parametrize("source", [
    'monkeypatch.setattr(uvicorn, "run", fake)',
    'monkeypatch.setattr(socket.socket, "connect", guarded)',
    'setattr(obj, "__doc__", "x")',
], ids=["public-name", "third-party", "dunder"])
def test_the_private_patch_scan_leaves_public_names(source):
    assert not _private_patches(source)


@pytest.mark.parametrize("path", sorted(TESTS.rglob("*.py")), ids=lambda p: str(p.relative_to(TESTS)))
def test_tests_patch_no_private_names(path):
    """Tests go through public seams (a parameter, a setting, a small public
    function), so a refactor of internals does not break them silently."""
    found = _private_patches(path.read_text(encoding="utf-8"))
    assert not found, f"{path.name} patches private names: {found}"


def test_no_utils_module():
    assert not [p for p in SRC.rglob("*.py") if p.stem in {"utils", "helpers", "misc"}]
