"""The seed page (../shared/seed): every expected claim, stance, fact and date.

The Russia-Taliban claim is identified by its mentions, not its wording: the
cluster holding every listed mention must carry every listed stance.
"""

import json
import re
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.shared]

EXPECTED = "seed/expected.json"


@pytest.fixture
def text(seed_run):
    return seed_run[0].text


def _items(section):
    path = Path(__file__).resolve().parents[3] / "shared" / EXPECTED
    if not path.exists():
        return [pytest.param(None, id="missing")]
    items = json.loads(path.read_text(encoding="utf-8"))[section]
    return [pytest.param(i, id=f"{i:02d}") for i in range(len(items))]


def _stance_items():
    path = Path(__file__).resolve().parents[3] / "shared" / EXPECTED
    if not path.exists():
        return [pytest.param(None, None, id="missing")]
    claims = json.loads(path.read_text(encoding="utf-8"))["claims"]
    return [pytest.param(c, s, id=f"{c}-{s}") for c, claim in enumerate(claims)
            for s in range(len(claim["stances"]))]


def _flat(text):
    return re.sub(r"\s+", " ", text.replace("’", "'").replace("“", '"').replace("”", '"'))


def _names(analysis, stance):
    entity = next((e for e in analysis.entities if e.id == stance.source_id), None)
    return {stance.source, *(entity.aliases if entity else ())}


def _main_claim(analysis, expected):
    wanted = expected["claims"][0]["mentions_contain"]
    mentions = {m.id: m for m in analysis.claim_mentions}
    for claim in analysis.claims:
        texts = [_flat(mentions[i].span.text) for i in claim.mention_ids]
        if all(any(_flat(w) in t for t in texts) for w in wanted):
            return claim
    return None


def test_one_claim_holds_every_listed_mention(seed):
    analysis, expected = seed
    assert _main_claim(analysis, expected) is not None, [c.label for c in analysis.claims]


@pytest.mark.parametrize(("claim_index", "stance_index"), _stance_items())
def test_claim_stance(seed, claim_index, stance_index):
    analysis, expected = seed
    item = expected["claims"][claim_index]
    want = item["stances"][stance_index]
    if claim_index == 0:
        claims = [_main_claim(analysis, expected)]
    else:  # identified by its one source and stance
        claims = list(analysis.claims)
    found = [s for c in claims if c for s in c.stances
             if s.stance.value == want["stance"] and want["source"] in _names(analysis, s)]
    assert found, (want, [(s.source, s.stance.value) for c in claims if c for s in c.stances])
    if want.get("anonymous"):
        assert any(s.anonymous for s in found)
    if claim_index:
        # the cue word of the stance: "says" -> say, "called" -> call
        lemmas = {s.cue for s in found}
        assert any(lemma and want["cue"].startswith(lemma[:4]) for lemma in lemmas), lemmas


def test_headline_mention_is_marked(seed):
    analysis, expected = seed
    claim = _main_claim(analysis, expected)
    mentions = {m.id: m for m in analysis.claim_mentions}
    heads = [mentions[i] for i in claim.mention_ids if mentions[i].origin == "headline"]
    assert heads and heads[0].stance.value == "hedged" and heads[0].cue_lemma == "suggest"
    assert claim.label == heads[0].span.text


@pytest.mark.parametrize("index", _items("facts"))
def test_fact(seed, index):
    analysis, expected = seed
    item = expected["facts"][index]
    facts = [f for f in analysis.facts if item["quantity"].lower() in f.span.text.lower()]
    assert facts, [f.span.text for f in analysis.facts]
    if index == 0:  # more than 140 Afghan troops killed, in Balkh, last week
        fact = facts[0]
        assert (fact.value, fact.qualifier) == (140, "more_than")
        assert "Afghan troops" in fact.counts and "killed" in fact.counts
        assert fact.place == "Balkh"
        assert fact.date.span.text == "last week"
        assert (fact.date.start, fact.date.end) == ("2017-04-17", "2017-04-23")
    elif index == 1:  # around 9,800 US troops in Afghanistan
        fact = facts[0]
        assert (fact.value, fact.qualifier) == (9800, "about")
        assert "troops" in fact.counts and fact.place == "Afghanistan"
        assert "The US maintains" in fact.event.text
    else:  # 18 months of stepped-up Russian assistance
        assert any(f.value == 18 and f.unit == "months" and f.counts
                   and "stepped up its assistance" in f.counts for f in facts)


@pytest.mark.parametrize("index", _items("dates"))
def test_date(seed, index):
    analysis, expected = seed
    item = expected["dates"][index]
    found = [d for d in analysis.dates if d.span.text.lower().removeprefix("the ")
             == item["text"].lower().removeprefix("the ")]
    assert found, [d.span.text for d in analysis.dates]
    for date in found:
        assert (date.granularity, date.start, date.end) == (
            item["granularity"], item["start"], item["end"])


def test_period_ends_at_publication(seed):
    analysis, _ = seed
    periods = [d for d in analysis.dates if "18 months" in d.span.text]
    assert periods and all(d.granularity == "duration" and d.end == "2017-04-25"
                           and d.start == "2015-10-25" for d in periods)


def test_offsets_are_exact(seed, text):
    analysis, _ = seed
    for m in analysis.claim_mentions:
        for span in (m.span, m.evidence, m.cue, m.source_span):
            if span is not None:
                assert text[span.start:span.end] == span.text
    for f in analysis.facts:
        for span in (f.span, f.counts_span, f.event, f.place_span):
            if span is not None:
                assert text[span.start:span.end] == span.text
    for d in analysis.dates:
        assert text[d.span.start:d.span.end] == d.span.text
