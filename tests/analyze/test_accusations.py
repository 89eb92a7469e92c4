"""Accusation frames ("accused X of doing Y"): the accused doing the deed is a
claim the accuser asserts.  Every sentence here was written for these tests."""

import pytest

from factdesk.analyze import analyze
from factdesk.model import Stance


def _accusations(make_article, settings, text):
    analysis = analyze(make_article(text), settings)
    return [m for m in analysis.claim_mentions if m.origin == "accusation"]


@pytest.mark.parametrize(("sentence", "source", "agent", "deed"), [
    ("The audit office accused the Harbour Board of misleading the council about the dredging contract.",
     "audit office", "Harbour Board", "misleading the council about the dredging contract"),
    ("Councillor Ruth Abbot blamed Mayor Lena Ortiz for closing two clinics without a vote.",
     "Ruth Abbot", "Lena Ortiz", "closing two clinics without a vote"),
    ("The union criticized the Harbour Board for cutting night shifts at the port.",
     "union", "Harbour Board", "cutting night shifts at the port"),
    ("The Harbour Board accused another inspector of misrepresenting himself in interviews.",
     "Harbour Board", "inspector", "misrepresenting himself in interviews"),
], ids=["accuse-of", "blame-for", "criticize-for", "unnamed-accused"])
def test_the_accused_doing_the_deed_is_asserted_by_the_accuser(
        make_article, analysis_settings, sentence, source, agent, deed):
    found = _accusations(make_article, analysis_settings, sentence)
    assert len(found) == 1, found
    mention = found[0]
    assert mention.span.text == deed
    assert source in mention.source and agent in mention.agent
    assert mention.stance is Stance.ASSERTS
    assert mention.label.endswith(deed) and agent in mention.label


def test_a_participle_takes_the_accuser_from_its_main_clause(make_article, analysis_settings):
    found = _accusations(make_article, analysis_settings,
                         "Councillor Ruth Abbot resigned on Monday, accusing the Harbour Board "
                         "of misleading the council about the dredging contract.")
    assert [(m.source, m.agent) for m in found] == [("Ruth Abbot", "Harbour Board")]


@pytest.mark.parametrize("sentence", [
    "The Harbour Board was accused of misleading the council about the dredging contract.",
    "Councillor Ruth Abbot blamed the storm for the delay.",
    "Councillor Ruth Abbot accused him of misleading the council about the dredging contract.",
], ids=["passive-no-accuser", "no-gerund", "pronoun-accused"])
def test_no_accusation_mention_without_accuser_deed_or_named_accused(
        make_article, analysis_settings, sentence):
    assert _accusations(make_article, analysis_settings, sentence) == []


def test_a_denial_by_the_accused_lands_on_the_accusation(make_article, analysis_settings):
    analysis = analyze(make_article(
        "The audit office accused the Harbour Board of misleading the council about the dredging contract.\n"
        "The Harbour Board denied any wrongdoing."), analysis_settings)
    claim = next(c for c in analysis.claims if "misleading the council" in c.label)
    stances = {(s.source, s.stance) for s in claim.stances}
    assert any("Harbour Board" in who and st is Stance.DENIES for who, st in stances), stances
    assert any("audit office" in who and st is Stance.ASSERTS for who, st in stances), stances
