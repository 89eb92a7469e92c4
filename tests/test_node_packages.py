"""The npm packages the browser tests inject (axe-core) are pinned exactly in
package.json, and package-lock.json (what ``npm ci`` installs) holds those versions."""

import json
import re

from tests.conftest import ROOT


def test_npm_packages_are_pinned_exactly_and_locked():
    declared = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    wanted = declared.get("devDependencies", {}) | declared.get("dependencies", {})
    assert "axe-core" in wanted
    assert {n: v for n, v in wanted.items() if not re.fullmatch(r"\d+\.\d+\.\d+", v)} == {}
    assert lock["packages"][""]["devDependencies"] == declared["devDependencies"]
    assert {n: lock["packages"][f"node_modules/{n}"]["version"] for n in wanted} == wanted
