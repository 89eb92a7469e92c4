"""Write constraints.txt: the exact versions installed in this environment of
everything factdesk and its extras need (the closure of their requirements).

    python .ci/constraints.py > constraints.txt

Run it in the venv the test suite passed in; pyproject.toml keeps the ranges.
"""

from __future__ import annotations

import re
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

from packaging.requirements import Requirement

SKIP_EXTRAS = {"embeddings"}  # torch is not part of the tested environment
# Build tools are left to pip: pinning them here would also pin the build backend.
NOT_PINNED = {"factdesk", "pip", "setuptools", "wheel"}


def _key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def main() -> None:
    project = tomllib.loads(Path(__file__).parent.parent.joinpath("pyproject.toml")
                            .read_text(encoding="utf-8"))["project"]
    todo = [Requirement(r) for r in project["dependencies"]]
    for extra, reqs in project["optional-dependencies"].items():
        if extra not in SKIP_EXTRAS:
            todo += [Requirement(r) for r in reqs]
    pins: dict[str, str] = {}
    while todo:
        req = todo.pop()
        key = _key(req.name)
        if key in NOT_PINNED or key in pins:
            continue
        try:
            dist = distribution(req.name)
        except PackageNotFoundError:
            print(f"# not installed: {req.name}", file=sys.stderr)
            continue
        pins[key] = f"{dist.metadata['Name']}=={dist.version}"
        extras = set(req.extras) | {""}
        for line in dist.requires or ():
            sub = Requirement(line)
            if sub.marker is None or any(sub.marker.evaluate({"extra": e}) for e in extras):
                todo.append(sub)
    print("# The exact set factdesk is tested with (Python 3.11, the test, serve, ray,")
    print("# parquet and bench extras).  Made by: python .ci/constraints.py > constraints.txt")
    for key in sorted(pins):
        print(pins[key])


if __name__ == "__main__":
    main()
