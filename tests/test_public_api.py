"""The public Python API: what ``factdesk.__all__`` promises, and the one-call
functions from HTML, text, a file or a URL to an analysis."""

from __future__ import annotations

import inspect
import json
import subprocess
import sys

import httpx
import pytest

import factdesk
from factdesk.ingest import Fetcher
from factdesk.settings import Settings

from .conftest import EXAMPLES, ROOT

HTML_EXAMPLE = EXAMPLES / "valley-reservoir-drought.html"
TEXT_EXAMPLE = EXAMPLES / "harbour-school-roof.txt"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8


@pytest.mark.parametrize("name", factdesk.__all__)
def test_every_public_name_has_a_docstring(name):
    value = getattr(factdesk, name)
    if name in {"__version__", "SETTINGS"}:
        return  # data, documented in the package docstring and settings.py
    assert inspect.getdoc(value), f"factdesk.{name} has no docstring"


def test_import_factdesk_loads_no_stage_until_a_function_is_used():
    code = ("import sys, factdesk; before = set(sys.modules); factdesk.analyze_html; "
            "print(json.dumps([sorted(before), sorted(set(sys.modules) - before)]))")
    out = subprocess.run([sys.executable, "-c", "import json; " + code], check=True,
                         capture_output=True, text=True, cwd=ROOT).stdout
    before, loaded = json.loads(out)
    heavy = {"factdesk.pipeline", "factdesk.clean", "factdesk.analyze", "lxml", "numpy",
             "trafilatura", "httpx"}
    assert not heavy & set(before), sorted(heavy & set(before))
    assert {"factdesk.pipeline", "factdesk.api"} <= set(loaded)


@pytest.mark.parametrize("call", [
    lambda: factdesk.analyze_html("<p>x</p>", strict=False),
    lambda: factdesk.analyze_text("A line of text.", strict=False),
    lambda: factdesk.analyze_file(HTML_EXAMPLE, strict=False),
], ids=["html", "text", "file"])
def test_the_one_call_api_goes_through_the_one_composer(monkeypatch, call):
    import factdesk.api

    seen = []

    def spy(items, settings, **options):
        seen.append(items)
        return factdesk.process(items, settings, **options)

    monkeypatch.setattr(factdesk.api, "process", spy)
    call()
    assert len(seen) == 1 and len(seen[0]) == 1


def test_html_example_gives_its_article_and_quotes():
    outcome = factdesk.analyze_html(HTML_EXAMPLE.read_bytes(), source=HTML_EXAMPLE.name)
    assert outcome.rejection is None and outcome.source == HTML_EXAMPLE.name
    assert outcome.article.text.startswith("Reservoir levels fall to lowest since 1995")
    speakers = {q.speaker for q in outcome.analysis.quotes}
    assert "Ashdale Water" in speakers
    for quote in outcome.analysis.quotes:
        assert outcome.article.text[quote.span.start:quote.span.end] == quote.span.text


def test_html_as_str_and_as_bytes_give_the_same_analysis():
    text = HTML_EXAMPLE.read_text(encoding="utf-8")
    as_str = factdesk.analyze_html(text, source="x.html")
    as_bytes = factdesk.analyze_html(text.encode("utf-8"), source="x.html")
    assert as_str.article.text == as_bytes.article.text
    assert as_str.analysis == as_bytes.analysis


def test_a_file_gives_what_the_pipeline_gives_it():
    outcome = factdesk.analyze_file(HTML_EXAMPLE)
    (expected,) = factdesk.run_sources([str(HTML_EXAMPLE)], Settings(), analyze=True)
    assert outcome.to_data() == expected.to_data()


def test_plain_text_is_cleaned_and_analyzed():
    outcome = factdesk.analyze_text(TEXT_EXAMPLE.read_text(encoding="utf-8"))
    assert outcome.source.startswith("text:") and outcome.source.endswith(".txt")
    assert outcome.analysis.quotes and outcome.analysis.entities
    text = outcome.article.text
    assert text.startswith("Pupils moved out of Westbrook primary after inspectors find")
    # the text dump's menus, cookie banner and footer are site chrome, not article
    assert "Accept all cookies" not in text and "Privacy policy" not in text
    assert "Accept all cookies" in {removed.text for removed in outcome.article.removed}


@pytest.mark.parametrize("call", [
    lambda: factdesk.analyze_html(""),
    lambda: factdesk.analyze_html(b"  \n"),
    lambda: factdesk.analyze_text("   "),
    lambda: factdesk.analyze_text(None),
], ids=["empty-html", "blank-bytes", "blank-text", "none"])
def test_empty_input_is_a_clear_input_error(call):
    with pytest.raises(factdesk.InputError, match="nothing to analyze|takes str or bytes"):
        call()


@pytest.mark.parametrize("analyze", [factdesk.analyze_html, factdesk.analyze_text],
                         ids=["html", "text"])
def test_binary_input_is_rejected_with_its_reason(analyze):
    with pytest.raises(factdesk.RejectedPage, match="binary") as caught:
        analyze(PNG)
    assert isinstance(caught.value, factdesk.FactdeskError)
    assert caught.value.rejection.reason == factdesk.RejectReason.BINARY


def test_not_strict_returns_the_rejection_as_an_outcome():
    outcome = factdesk.analyze_html(PNG, strict=False)
    assert outcome.article is None and outcome.rejection.reason == "binary"


def test_a_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(factdesk.InputError, match="no such file"):
        factdesk.analyze_file(tmp_path / "missing.html")
    outcome = factdesk.analyze_file(tmp_path / "missing.html", strict=False)
    assert outcome.reason == "unreadable" and outcome.article is None


def _fetcher(body: bytes, settings: Settings) -> Fetcher:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body, headers={"content-type": "text/html"})

    return Fetcher(settings, transport=httpx.MockTransport(answer),
                   resolve=lambda host, port: ["93.184.216.34"])


def test_a_url_is_fetched_through_the_fetcher_and_analyzed():
    settings = Settings(fetch_host_delay=0)
    with _fetcher(HTML_EXAMPLE.read_bytes(), settings) as fetcher:
        outcome = factdesk.analyze_url("https://news.example.org/reservoir", settings=settings,
                                       fetcher=fetcher)
    assert outcome.url == "https://news.example.org/reservoir"
    assert outcome.article.text.startswith("Reservoir levels fall")


def test_a_url_to_a_private_address_is_refused():
    with pytest.raises(factdesk.FetchError, match="non-public address"):
        factdesk.analyze_url("http://127.0.0.1:9/admin")


@pytest.mark.parametrize("url", ["ftp://example.org/x", "examples/a.html", ""],
                         ids=["ftp", "path", "empty"])
def test_analyze_url_takes_only_http_urls(url):
    with pytest.raises(factdesk.InputError, match="http:// or https://"):
        factdesk.analyze_url(url)


def _make_api():
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_api", ROOT / "docs" / "make_api.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_api_reference_is_up_to_date_with_the_docstrings():
    page = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    assert _make_api().render() == page, \
        "docs/api.md is stale: run PYTHONPATH=src python docs/make_api.py"


def test_the_api_reference_names_every_public_name():
    page = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    for name in factdesk.__all__:
        if name != "__version__":
            assert f"factdesk.{name}" in page or f"`factdesk.{name}`" in page, name


def test_a_changed_docstring_makes_the_reference_stale(monkeypatch):
    make_api = _make_api()
    before = make_api.render()
    monkeypatch.setattr(factdesk.analyze_url, "__doc__", "Fetch a page. Changed.")
    after = make_api.render()
    assert before != after and "Fetch a page. Changed." in after
    assert make_api.main(["--check"]) == 1


# -- the spaCy component -------------------------------------------------------------------

PARAGRAPHS = ("Mayor promises new ferry by June.\n\n"
              "\u201cThe ferry will run again by June,\u201d said Amara Okafor, the mayor of "
              "Northbridge.\n\n"
              "Okafor denied that the contract had been rigged.\n\n"
              "\u201cWe have seen no evidence of that,\u201d the harbour master, Tom Reyes, told "
              "reporters on Tuesday.\n")


@pytest.fixture(scope="module")
def nlp():
    spacy = pytest.importorskip("spacy")
    import factdesk.analyze.spacy_pipe  # noqa: F401 - registers the component

    pipeline = spacy.load(Settings().spacy_model)
    pipeline.add_pipe("factdesk_quotes")
    return pipeline


def _keys(quotes):
    return [(q.span.start, q.span.end, q.speaker) for q in quotes]


def test_the_component_sets_quotes_with_offsets_into_the_doc(nlp):
    doc = nlp(PARAGRAPHS)
    from factdesk.model import Quote

    assert doc._.quotes and all(isinstance(q, Quote) for q in doc._.quotes)
    for quote in doc._.quotes:
        assert doc.text[quote.span.start:quote.span.end] == quote.span.text
    assert "Amara Okafor" in {q.speaker for q in doc._.quotes}
    spans = doc.spans["factdesk_quotes"]
    assert [s.label_ for s in spans] == [q.speaker or "" for q in doc._.quotes]


def test_the_component_finds_what_the_analyze_stage_finds(nlp):
    """The same quotes and speakers, one for one.  Spans may differ by a quote mark:
    the model attaches an opening mark to another head when the line is parsed
    inside the whole document rather than alone, as the analyze stage parses it."""
    from factdesk.analyze import analyze
    from factdesk.clean import verbatim_article

    expected = analyze(verbatim_article(PARAGRAPHS), Settings()).quotes
    found = nlp(PARAGRAPHS)._.quotes
    assert len(found) == len(expected) == 4
    for mine, theirs in zip(found, expected):
        assert mine.speaker == theirs.speaker
        assert abs(mine.span.start - theirs.span.start) <= 1
        assert abs(mine.span.end - theirs.span.end) <= 1


def test_the_component_is_declared_as_a_spacy_entry_point():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    target = project["entry-points"]["spacy_factories"]["factdesk_quotes"]
    module, _, name = target.partition(":")
    import importlib

    assert getattr(importlib.import_module(module), name).__name__ == "quotes_component"
