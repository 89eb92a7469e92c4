"""A fixed-seed slice of ``bench/fuzz.py``: mutated DEV pages through clean and analyze.

No input may crash (an exception that is not a ``FactdeskError``, or a dead
worker), and every rejection carries its reason.  Times are the benchmark's
business, not asserted here.
"""

from __future__ import annotations

import importlib
import random
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"

pytestmark = [pytest.mark.shared, pytest.mark.slow]


def _bench(name: str):
    """A benchmark module, imported by its own name: the fuzz worker is a spawned
    process that imports it again (spawn passes ``sys.path`` on)."""
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    return importlib.import_module(name)


def test_mutations_are_seeded():
    mutations = _bench("fuzz_mutations")
    page = "<p>The mayor said \"no\" on Tuesday.</p>\n".encode() * 20
    for name in mutations.MUTATIONS:
        first = mutations.mutate(name, page, random.Random(7))
        assert first == mutations.mutate(name, page, random.Random(7)), name
        assert isinstance(first, bytes)


def test_a_fixed_slice_has_no_crash(shared_dir):
    pytest.importorskip("spacy")
    fuzz = _bench("fuzz")
    report = fuzz.fuzz(40, 1, timeout=300, log=lambda line: None)
    assert report["inputs"] == 40
    assert report["crashes"] == 0, report["problems"]
    assert report["hangs"] == 0, report["problems"]
    outcomes = report["outcomes"]
    assert sum(outcomes.values()) == 40
    assert outcomes.get("article", 0) > 0 and outcomes.get("rejected", 0) > 0
    for key in report["rejections_by_reason"]:
        kind, _, reason = key.partition(":")
        assert kind in ("rejected", "error") and reason and reason != "None", key
