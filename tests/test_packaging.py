"""Packaging promises: ranges in pyproject.toml, the tested set in
constraints.txt (inside those ranges), a licence, a changelog and py.typed."""

import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

import factdesk

ROOT = Path(__file__).parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
REQUIREMENTS = [Requirement(r) for r in PROJECT["project"]["dependencies"]] + [
    Requirement(r) for extra, reqs in PROJECT["project"]["optional-dependencies"].items()
    if extra != "embeddings" for r in reqs]


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"constraints.txt pins exact versions, not {line!r}"
            pins[canonicalize_name(name)] = version
    return pins


@pytest.mark.parametrize("req", [r for r in REQUIREMENTS if r.name != "factdesk"], ids=str)
def test_dependencies_are_ranges_and_the_tested_pin_lies_inside(req):
    assert not any(spec.operator == "==" for spec in req.specifier), \
        f"{req}: declare a compatible range; exact pins belong in constraints.txt"
    pins = _pins()
    assert canonicalize_name(req.name) in pins, f"constraints.txt does not pin {req.name}"
    assert req.specifier.contains(pins[canonicalize_name(req.name)], prereleases=True), \
        f"constraints.txt pins {req.name}=={pins[canonicalize_name(req.name)]}, outside {req}"


def test_build_tools_are_not_pinned_in_constraints():
    assert not {"pip", "setuptools", "wheel"} & set(_pins())


def test_licence_changelog_and_type_marker_ship():
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert "Copyright (c) 2026 the factdesk authors" in (ROOT / "LICENSE").read_text()
    assert f"## {PROJECT['project']['version']}" in (ROOT / "CHANGELOG.md").read_text()
    assert (Path(factdesk.__file__).parent / "py.typed").exists()
    assert "py.typed" in PROJECT["tool"]["setuptools"]["package-data"]["factdesk"]
    assert PROJECT["project"]["license"] == "MIT"


def test_the_push_code_s_requests_is_declared_by_the_serve_extra():
    serve = {canonicalize_name(Requirement(r).name)
             for r in PROJECT["project"]["optional-dependencies"]["serve"]}
    assert "requests" in serve
