"""The ``spacy_matmul`` and ``blas_threads`` settings: numpy's BLAS multiplies the
models' matrices by default, with the very same parses and analyses as spaCy's
own blis; BLAS threads are held to the setting while parsing."""

from pathlib import Path

import pytest

from factdesk.analyze import analyze_many, load_pipeline
from factdesk.analyze.parse.nlp import blas_threads
from factdesk.errors import ConfigError
from factdesk.model import to_dict
from factdesk.settings import Settings
from factdesk.clean import verbatim_article

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _ops(nlp):
    return {type(node.ops).__name__ + ("+blis" if getattr(node.ops, "use_blis", False) else "")
            for _, pipe in nlp.pipeline if getattr(pipe, "model", None) is not None
            for node in pipe.model.walk()}


def test_numpy_is_the_default_and_every_model_node_uses_it(analysis_settings):
    assert Settings().spacy_matmul == "numpy"
    assert _ops(load_pipeline(analysis_settings.spacy_model, "numpy")) == {"NumpyOps"}
    assert _ops(load_pipeline(analysis_settings.spacy_model, "blis")) == {"NumpyOps+blis"}


def _texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    assert texts, "the examples folder has text pages"
    return texts


def test_both_matrix_libraries_parse_alike(analysis_settings):
    model = analysis_settings.spacy_model
    docs = {matmul: list(load_pipeline(model, matmul).pipe(_texts()))
            for matmul in ("numpy", "blis")}

    def parse(doc):
        return ([(t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_) for t in doc],
                [(e.start, e.end, e.label_) for e in doc.ents])

    assert sum(len(d) for d in docs["numpy"]) > 500  # a real amount of text
    assert [parse(d) for d in docs["numpy"]] == [parse(d) for d in docs["blis"]]


def test_both_matrix_libraries_give_the_same_analyses(analysis_settings):
    articles = [verbatim_article(text, source=f"example-{n}")
                for n, text in enumerate(_texts())]
    numpy_run = [to_dict(a) for a in analyze_many(articles, analysis_settings)]
    blis_run = [to_dict(a) for a in analyze_many(
        articles, analysis_settings.replace(spacy_matmul="blis"))]
    assert any(run["quotes"] for run in numpy_run)
    assert numpy_run == blis_run


def test_blas_threads_are_held_while_parsing():
    threadpoolctl = pytest.importorskip("threadpoolctl")
    blas = [i for i in threadpoolctl.threadpool_info() if i["user_api"] == "blas"]
    assert blas, "numpy comes with a BLAS library"
    with blas_threads(1):
        assert {i["num_threads"] for i in threadpoolctl.threadpool_info()
                if i["user_api"] == "blas"} == {1}
    assert [i["num_threads"] for i in threadpoolctl.threadpool_info()
            if i["user_api"] == "blas"] == [i["num_threads"] for i in blas]


@pytest.mark.parametrize(("name", "value"), [
    pytest.param("spacy_matmul", "mkl", id="unknown-matmul"),
    pytest.param("blas_threads", -1, id="negative-threads"),
])
def test_bad_values_are_config_errors(name, value):
    with pytest.raises(ConfigError, match=name):
        Settings(**{name: value})


def test_load_pipeline_refuses_an_unknown_matrix_library(analysis_settings):
    with pytest.raises(ConfigError, match="spacy_matmul"):
        load_pipeline(analysis_settings.spacy_model, "mkl")


@pytest.mark.parametrize(("sizes", "limit", "runs"), [
    pytest.param([10, 10, 10], 25, [[10, 10], [10]], id="cut-at-limit"),
    pytest.param([40, 5, 5], 25, [[40], [5, 5]], id="a-long-text-alone"),
    pytest.param([5, 40, 5], 25, [[5], [40], [5]], id="long-in-the-middle"),
    pytest.param([], 25, [], id="nothing"),
])
def test_spacy_batches_are_cut_by_tokens_in_order(sizes, limit, runs, analysis_settings):
    from factdesk.analyze.parse.nlp import token_batches

    nlp = load_pipeline(analysis_settings.spacy_model)
    docs = [nlp.make_doc(" ".join(["word"] * size)) for size in sizes]
    batches = list(token_batches(docs, limit))
    assert [[len(d) for d in run] for run in batches] == runs
    assert [d for run in batches for d in run] == docs


def test_a_batch_of_long_paragraphs_is_parsed_in_bounded_runs(analysis_settings, monkeypatch):
    from factdesk.analyze.parse import nlp as nlp_module

    seen: list[int] = []
    nlp = load_pipeline(analysis_settings.spacy_model)
    real_pipe = type(nlp).pipe

    def counting_pipe(self, docs, **kwargs):
        docs = list(docs)
        seen.append(sum(len(d) for d in docs))
        return real_pipe(self, docs, **kwargs)

    monkeypatch.setattr(type(nlp), "pipe", counting_pipe)
    texts = [f"Paragraph {n} says the council met on Tuesday and the ferry will run. " * 8
             for n in range(12)]
    docs = nlp_module.pipe_texts(nlp, texts, batch_tokens=300)
    assert [doc.text for doc in docs] == texts
    assert len(seen) > 1 and max(seen) <= 300 and sum(seen) == sum(len(d) for d in docs)


def test_parsed_docs_drop_their_tensors_and_analyses_do_not_change(analysis_settings):
    from factdesk.analyze import analyze_parsed
    from factdesk.analyze.parse.nlp import parse_many

    articles = [verbatim_article(text, source=f"example-{n}")
                for n, text in enumerate(_texts())]
    nlp = load_pipeline(analysis_settings.spacy_model, analysis_settings.spacy_matmul)
    parsed = list(parse_many(articles[:1], nlp))
    assert all(unit.doc.tensor.size == 0 for unit in parsed[0].units)
    dropped = [to_dict(a) for a in analyze_many(articles, analysis_settings)]

    kept = list(parse_many(articles, nlp, keep_tensors=True))
    assert all(unit.doc.tensor.size for p in kept for unit in p.units if len(unit.doc))
    model = analysis_settings.spacy_model
    assert [to_dict(analyze_parsed(p, model=model)) for p in kept] == dropped


def test_how_texts_are_batched_does_not_change_their_parses(analysis_settings):
    from factdesk.analyze.parse import nlp as nlp_module

    nlp = load_pipeline(analysis_settings.spacy_model)
    texts = [p for text in _texts() for p in text.split("\n") if p.strip()]

    def parse(doc):
        return ([(t.tag_, t.dep_, t.head.i, t.lemma_) for t in doc],
                [(e.start, e.end, e.label_) for e in doc.ents])

    runs = {}
    for limit in (1, 120, 1_000_000):
        runs[limit] = [parse(d) for d in nlp_module.pipe_texts(nlp, texts, batch_tokens=limit)]
    assert len(texts) > 20
    assert runs[1] == runs[120] == runs[1_000_000]
