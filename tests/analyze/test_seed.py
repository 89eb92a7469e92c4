"""The seed page (../shared/seed): every expected entity and quote, one test each.

The article is what the clean stage makes of the seed dump
(``clean_page(read_path(seed))``): headline, standfirst, caption and body, with the
page chrome removed -- so the chrome's names must not show up as entities.
"""

import json

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.shared]

EXPECTED = "seed/expected.json"


def _expected(section):
    # Read without the fixture so parametrize ids name the items.
    from pathlib import Path
    path = Path(__file__).resolve().parents[3] / "shared" / EXPECTED
    if not path.exists():
        return [pytest.param(None, id="missing")]
    items = json.loads(path.read_text(encoding="utf-8"))[section]
    return [pytest.param(i, id=f"{i:02d}", marks=[pytest.mark.xfail(
                strict=True, reason=KNOWN_GAPS[section, i])] if (section, i) in KNOWN_GAPS else [])
            for i in range(len(items))]


# Known gaps, each to be closed by a rule (strict: a fix makes the test fail until removed).
KNOWN_GAPS: dict[tuple[str, int], str] = {}


def _entity(analysis, name):
    return next((e for e in analysis.entities if e.name == name or name in e.aliases), None)


@pytest.mark.parametrize("index", _expected("entities"))
def test_entity(seed, index):
    analysis, expected = seed
    item = expected["entities"][index]
    entity = _entity(analysis, item["name"])
    assert entity is not None, item["name"]
    assert entity.name == item["name"]
    assert entity.kind.value == item["type"]
    for alias in item.get("aliases", ()):
        assert alias in entity.aliases
    if "role_contains" in item:
        assert any(item["role_contains"] in role for role in entity.roles), entity.roles


@pytest.mark.parametrize("index", _expected("quotes"))
def test_quote(seed, index):
    analysis, expected = seed
    item = expected["quotes"][index]
    # Reported speech nests ("he said he would not dispute claims ... by X that
    # ..."): the quote meant is the tightest one holding the text.
    holding = [q for q in analysis.quotes if item["contains"] in q.span.text]
    assert holding, item["contains"]
    quote = min(holding, key=lambda q: q.span.end - q.span.start)
    speaker = next((e for e in analysis.entities if e.id == quote.speaker_id), None)
    names = {quote.speaker, *(speaker.aliases if speaker else ())}
    assert item["speaker"] in names, quote.speaker
    if item["cue"] is None:
        assert quote.cue is None
    else:
        assert quote.cue is not None and quote.cue.text.lower() == item["cue"]
    assert quote.kind.value == item["kind"]
    if "addressee" in item:
        assert quote.addressee == item["addressee"]


def test_no_chrome_entities(seed):
    analysis, expected = seed
    names = {e.name for e in analysis.entities} | {a for e in analysis.entities for a in e.aliases}
    for name in expected["not_entities_of_the_article"]:
        assert name not in names


def test_offsets_are_exact(seed):
    analysis, _ = seed
    for entity in analysis.entities:
        for span in entity.mentions:
            assert span.text
    for quote in analysis.quotes:
        for span in (quote.span, *quote.parts, quote.speaker_span, quote.cue):
            if span is not None:
                assert span.end - span.start == len(span.text)
