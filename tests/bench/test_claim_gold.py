"""The hand-made claim gold (``bench/gold/claims/``) is sound and its split is fixed.

The gold's own checker, ``../shared/bench/eval_claims.py --selftest``, reads every gold file against
its PolNeAR text (offsets inside the text, hints opening their spans, at least two mentions per
claim, known labels, names matching their own tokens) and scores synthetic outputs built from the
gold (perfect ones must score 100 %, empty and spoiled ones 0). ``split.json`` is not a gold file,
so the gold files are copied to a folder of their own first. PolNeAR texts are copyrighted: no
string in a gold file (gist, names, aliases, notes) repeats more than six words of its article.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
GOLD = ROOT / "bench" / "gold" / "claims"
SPLIT = GOLD / "split.json"

pytestmark = pytest.mark.shared


def gold_files() -> list[Path]:
    return sorted(p for p in GOLD.glob("*.json") if p.name != SPLIT.name)


def test_split_is_two_disjoint_halves_of_fifteen():
    split = json.loads(SPLIT.read_text(encoding="utf-8"))
    tune, report = split["tune"], split["report"]
    assert len(tune) == len(set(tune)) == 15
    assert len(report) == len(set(report)) == 15
    assert not set(tune) & set(report)


def test_every_gold_file_is_an_article_of_the_split():
    chosen = set().union(*(json.loads(SPLIT.read_text(encoding="utf-8"))[k] for k in ("tune", "report")))
    files = gold_files()
    assert files, f"no gold files in {GOLD}"
    for path in files:
        gold = json.loads(path.read_text(encoding="utf-8"))
        assert gold["id"] == path.stem
        assert gold["id"] in chosen, f"{path.name} is not one of the 30 articles in split.json"


def test_checker_selftest_passes_on_the_committed_gold(shared_dir, tmp_path):
    checker = shared_dir / "bench" / "eval_claims.py"
    polnear = shared_dir / "data" / "polnear"
    for needed in (checker, polnear):
        if not needed.exists():
            pytest.fail(f"{needed} is missing from ../shared")
    gold = tmp_path / "gold"
    gold.mkdir()
    for path in gold_files():
        shutil.copy(path, gold / path.name)
    run = subprocess.run([sys.executable, str(checker), "--selftest", str(polnear), "--gold", str(gold)],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"PASS gold sanity ({len(gold_files())} articles" in run.stdout, run.stdout
    assert "FAIL" not in run.stdout, run.stdout


def _words(text: str) -> list[str]:
    """Whitespace-separated words, case and punctuation dropped ("Columbia's" is one word)."""
    return [w for w in (re.sub(r"\W+", "", t.lower()) for t in text.split()) if w]


def _strings(node, key=""):
    """Every string in a gold record with the key it sits under (hints are checked by the selftest)."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k != "hint":
                yield from _strings(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from _strings(v, key)
    elif isinstance(node, str):
        yield key, node


@pytest.mark.parametrize("path", gold_files(), ids=lambda p: p.stem)
def test_gold_repeats_at_most_six_words_of_the_article(shared_dir, path):
    gold = json.loads(path.read_text(encoding="utf-8"))
    text = shared_dir / "data" / "polnear" / gold["compartment"] / "text" / f"{gold['id']}.txt"
    if not text.exists():
        pytest.fail(f"{text} is missing from ../shared")
    words = _words(text.read_text(encoding="utf-8"))
    sevens = {tuple(words[i:i + 7]) for i in range(len(words) - 6)}
    copied = [(key, value) for key, value in _strings(gold)
              if any(tuple(w[i:i + 7]) in sevens for w in [_words(value)] for i in range(len(w) - 6))]
    assert not copied, f"strings that repeat seven or more words of the article: {copied}"


def _misses_module(shared_dir):
    checker = shared_dir / "bench" / "eval_claims.py"
    if not checker.exists():
        pytest.fail(f"{checker} is missing from ../shared")
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import claim_misses
    finally:
        sys.path.remove(str(ROOT / "bench"))
    return claim_misses


def test_miss_classes_empty_output_misses_every_claim(shared_dir, tmp_path):
    """No output: every stance of the half is missed because no mention was detected."""
    misses = _misses_module(shared_dir)
    polnear = shared_dir / "data" / "polnear"
    ids = json.loads(SPLIT.read_text(encoding="utf-8"))["tune"]
    golds = [json.loads((GOLD / f"{i}.json").read_text(encoding="utf-8")) for i in ids]
    rows = [r for g in golds for r in misses.classify(polnear, tmp_path, g)]
    assert len(rows) == sum(len(c["stances"]) for g in golds for c in g["claims"])
    assert {r[3] for r in rows} == {"claim: no mention detected"}


def test_miss_classes_perfect_output_misses_nothing_and_wrong_labels_are_named(shared_dir,
                                                                            tmp_path):
    misses = _misses_module(shared_dir)
    polnear = shared_dir / "data" / "polnear"
    gold = json.loads(gold_files()[0].read_text(encoding="utf-8"))
    raw = misses.E.load_text(str(polnear), gold)
    out = tmp_path / f"{gold['id']}.json"
    out.write_text(json.dumps(misses.E.synth_nested(gold, raw)), encoding="utf-8")
    assert misses.classify(polnear, tmp_path, gold) == []
    out.write_text(json.dumps(misses.E.synth_nested(gold, raw, wrong_labels=True)), encoding="utf-8")
    rows = misses.classify(polnear, tmp_path, gold)
    assert rows and all(r[3].startswith("stance: source in cluster, wrong label") for r in rows)
