"""A fixed-seed slice of ``bench/fuzz.py``: mutated DEV pages through clean and analyze,
and feeds, sitemaps and WARC files through ingest.

No input may crash (an exception that is not a ``FactdeskError``, or a dead
worker) or hang, and every rejection carries its reason.  Times and the
CPU-per-KB check are the benchmark's business, not asserted here.  The slice
(:data:`SLICE` inputs on two workers) takes about a minute on two cores.
"""

from __future__ import annotations

import importlib
import random
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
SLICE = 160
#: Two tiny seed pages, enough to check that inputs are seeded without ../shared.
PAGES = [("a.html", b"<html><body><h1>Ferry row</h1>"
          + b"<p>The mayor said \"no\" on Tuesday, officials said.</p>" * 30 + b"</body></html>"),
         ("b.txt", b"The Courier\n\nFerry row\n" + b"The mayor said no on Tuesday.\n" * 50)]


def _bench(name: str):
    """A benchmark module, imported by its own name: the fuzz workers are spawned
    processes that import it again (spawn passes ``sys.path`` on)."""
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


def test_inputs_are_seeded_pages_and_listings():
    campaign = _bench("fuzz_campaign")
    kinds = set()
    for i in range(400):
        first = campaign.make_input(PAGES, 3, i)
        assert first == campaign.make_input(PAGES, 3, i), (i, first.kind, first.steps)
        kinds.add(first.kind)
    assert kinds == {"page", "feed", "sitemap", "warc"}


@pytest.mark.shared
def test_exported_pages_give_the_same_seed_pages(shared_dir, tmp_path):
    inputs = _bench("fuzz_inputs")
    written = inputs.export_pages(tmp_path / "pages")
    assert written["bytes"] < 15_000_000
    assert inputs.seed_pages(tmp_path / "pages") == inputs.seed_pages()


@pytest.mark.shared
@pytest.mark.slow
def test_a_fixed_slice_has_no_crash_no_hang_and_a_reason_for_every_reject(shared_dir):
    pytest.importorskip("spacy")
    fuzz = _bench("fuzz")
    report = fuzz.fuzz(SLICE, 1, jobs=2, timeout=300, log=lambda line: None)
    assert report["inputs"] == SLICE
    assert report["crashes"] == 0, report["problems"]
    assert report["hangs"] == 0, report["problems"]
    assert report["over_memory"] == 0, report["problems"]
    assert report["rejects_without_reason"] == 0
    outcomes = report["outcomes"]
    assert sum(outcomes.values()) == SLICE
    assert outcomes.get("article", 0) > 0 and outcomes.get("rejected", 0) > 0
    assert set(report["by_kind"]) == {"page", "feed", "sitemap", "warc"}
    for key in report["rejections_by_reason"]:
        kind, _, rest = key.partition(" ")
        outcome, _, reason = rest.partition(":")
        assert kind in ("page", "feed", "sitemap", "warc"), key
        assert outcome in ("rejected", "error") and reason and reason != "None", key
