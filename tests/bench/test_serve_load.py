"""``bench/serve_corpus.py`` and ``bench/serve_load.py`` on a small corpus.

The corpus builder must make N distinct, searchable articles whose stored offsets
still point at their words; the load benchmark must answer with factdesk's and
datasette's numbers side by side.  Times are the benchmark's business, not
asserted here.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from factdesk.model import to_dict
from factdesk.store import Store, text_search

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "bench"
N = 30

pytestmark = pytest.mark.slow


def _bench(name: str):
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    return importlib.import_module(name)


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory) -> Path:
    """30 articles replicated from the analysed ``examples/`` (no ../shared needed)."""
    corpus = _bench("serve_corpus")
    return corpus.corpus(N, tmp_path_factory.mktemp("serve-corpus"), shared=False,
                         cluster_copies=True, log=lambda message: None)


def _stored(db: Path) -> list[tuple[dict, dict]]:
    with Store(db, readonly=True) as store:
        return [(to_dict(a), to_dict(n)) for a, n in store.articles()]


def test_the_corpus_has_n_distinct_articles_each_analysed(corpus_db):
    stored = _stored(corpus_db)
    assert len(stored) == N
    assert len({a["id"] for a, _ in stored}) == N
    assert len({a["text"] for a, _ in stored}) == N, "copies must not repeat their original"
    assert all(n is not None and n["article_id"] == a["id"] for a, n in stored)
    quote_ids = [q["id"] for _, n in stored for q in n["quotes"]]
    assert quote_ids and len(quote_ids) == len(set(quote_ids))


def test_every_span_of_a_copy_still_points_at_its_text(corpus_db):
    corpus = _bench("serve_corpus")
    checked = 0
    for article, analysis in _stored(corpus_db):
        for span in (*corpus._spans(article), *corpus._spans(analysis)):
            assert article["text"][span["start"]:span["end"]] == span["text"], (
                article["id"], span)
            checked += 1
    assert checked > 100


def test_copies_are_searchable_and_ranked_apart(corpus_db):
    with Store(corpus_db, readonly=True) as store:
        hits = text_search(store, "reservoir", kinds=("articles",), limit=N)
        quotes = text_search(store, "secure", kinds=("quotes",), limit=N)
    assert len({h.article_id for h in hits}) > 1
    assert len({round(h.score, 6) for h in hits}) > 1, "varied wording varies the ranking"
    assert len({h.article_id for h in quotes}) > 1


def test_vary_keeps_lengths_and_protected_spans():
    corpus = _bench("serve_corpus")
    text = "Kwame Mensah said the reservoir held 41 per cent of water in 1995."
    keep = [(0, 12), (61, 65)]
    vocab = {len(w): [w.upper()] for w in ("reservoir", "said", "held", "cent", "water")}
    varied = {corpus.vary(text, keep, vocab, __import__("random").Random(seed))
              for seed in range(20)}
    assert all(len(v) == len(text) for v in varied)
    assert all(v[0:12] == "Kwame Mensah" and v[61:65] == "1995" for v in varied)
    assert len(varied) > 1


def test_the_load_report_has_both_servers_side_by_side(corpus_db, tmp_path):
    _bench("serve_peer").version()  # stops with the install command when datasette is missing
    out = tmp_path / "serve-load.json"
    run = subprocess.run(
        [sys.executable, str(BENCH / "serve_load.py"), "--db", str(corpus_db), "--clients", "4",
         "--requests", "60", "--seconds", "20", "--sample", "5", "--out", str(out)],
        capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert run.returncode == 0, run.stderr[-3000:]
    report = json.loads(out.read_text())
    for key in ("clients", "requests", "errors", "error_samples", "seconds",
                "requests_per_second", "overall", "by_kind", "articles", "sources",
                "machine", "note", "datasette", "ratio_vs_datasette"):
        assert key in report, key
    assert report["errors"] == 0 and report["datasette_run"]["errors"] == 0
    assert report["articles"] == N
    assert set(report["datasette"]) == set(report["overall"])
    kinds = {"search_page", "article_page", "api_search", "api_article"}
    assert set(report["by_kind"]) == kinds == set(report["datasette_run"]["by_kind"])
    for summary in (*report["by_kind"].values(), *report["datasette_run"]["by_kind"].values()):
        assert summary["p50_ms"] <= summary["p99_ms"]
    ratio = report["requests_per_second"] / report["datasette_run"]["requests_per_second"]
    assert report["ratio_vs_datasette"] == pytest.approx(ratio, rel=0.01)
    assert len(report["ratio_by_round"]) == report["rounds"] == 1


def test_datasette_answers_the_canned_queries(corpus_db, tmp_path):
    peer, load = _bench("serve_peer"), _bench("serve_load")
    import httpx

    articles, _ = load.sample_articles(corpus_db, 1)
    port = load._free_port()
    server = peer.start(corpus_db, port, tmp_path)
    try:
        base = f"http://127.0.0.1:{port}"
        found = httpx.get(base + peer.urls(corpus_db, "api_search", word="reservoir")).json()
        one = httpx.get(base + peer.urls(corpus_db, "api_article", article=articles[0])).json()
    finally:
        load.stop(server)
    assert 1 < len(found) <= peer.LIMIT
    assert all("<b>" in row["snippet"] for row in found)
    scores = [row["score"] for row in found]
    assert scores == sorted(scores)
    assert [row["id"] for row in one] == articles
    assert isinstance(json.loads(one[0]["quotes"]), list)
