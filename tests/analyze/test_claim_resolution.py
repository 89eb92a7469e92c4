"""Within-article claims: which propositions are claims, their labels and
check-worthiness, stances whose object points back, and bad input.

Every sentence here was written for these tests (a fictional senator, a
harbour board and a county)."""

import pytest

from factdesk.analyze import analyze
from factdesk.analyze.claims.selection import MIN_CLAUSE_WORDS
from factdesk.model import Stance

ALLEGATION = ("A former aide alleged that Senator Mark Holloway took bribes from a shipping "
              "company in 2015.")
CHARGE = "Prosecutors said Senator Mark Holloway accepted $40,000 from a shipping company in 2015."


def _run(make_article, settings, *paragraphs):
    return analyze(make_article("\n".join(paragraphs)), settings)


def _claim_with(analysis, words):
    """The claim whose label holds ``words``."""
    found = [c for c in analysis.claims if words in c.label]
    assert len(found) == 1, [c.label for c in analysis.claims]
    return found[0]


def _stances(claim):
    return {(s.source, s.stance) for s in claim.stances}


def _mention(analysis, text):
    found = [m for m in analysis.claim_mentions if m.span.text == text]
    assert found, [(m.span.text, m.label) for m in analysis.claim_mentions]
    return found[0]


# --- stance objects that point back -------------------------------------------

@pytest.mark.parametrize(("reply", "anaphor", "stance"), [
    ("Holloway has denied the charge.", "the charge", Stance.DENIES),
    ("Holloway denied it on Tuesday.", "it", Stance.DENIES),
    ("Holloway has disputed these allegations.", "these allegations", Stance.DENIES),
    ("Holloway declined to deny the story.", "the story", Stance.DOES_NOT_DENY),
    ("Holloway did not dispute the charge.", "the charge", Stance.DOES_NOT_DENY),
    ("Holloway has rejected that determination.", "that determination", Stance.DENIES),
], ids=["claim-noun", "pronoun", "plural-noun", "declined-to-deny", "did-not-dispute",
        "determination"])
def test_anaphoric_object_joins_the_claim_it_refers_to(make_article, analysis_settings,
                                                       reply, anaphor, stance):
    analysis = _run(make_article, analysis_settings, ALLEGATION, reply)
    claim = _claim_with(analysis, "took bribes from a shipping company")
    assert ("Mark Holloway", stance) in _stances(claim)
    mention = _mention(analysis, anaphor)
    assert mention.refers_to in claim.mention_ids and mention.id in claim.mention_ids
    # the anaphor reads as the claim it stands for, never as "the charge"
    assert mention.label == claim.label and "took bribes" in mention.label


@pytest.mark.parametrize("reply", [
    "Holloway denied any wrongdoing.",
    "Holloway has denied wrongdoing.",
    '"I did nothing wrong," Holloway said on Friday.',
], ids=["any-wrongdoing", "bare-wrongdoing", "did-nothing-wrong"])
def test_implicit_accusation_is_denied_by_the_accused(make_article, analysis_settings, reply):
    analysis = _run(make_article, analysis_settings, CHARGE, reply)
    claim = _claim_with(analysis, "accepted $40,000")
    assert ("Mark Holloway", Stance.DENIES) in _stances(claim)
    assert ("Prosecutors", Stance.ASSERTS) in _stances(claim)


@pytest.mark.parametrize("reply", [
    '"They are all false," Holloway said.',
    '"That is simply not true," Holloway said.',
    '"It is 100 percent fabricated," Holloway said.',
    '"It never happened," Holloway said.',
    'Holloway called the allegations "absurd and false."',
    '"Both of those things weren\'t true," Holloway said.',
], ids=["all-false", "not-true", "fabricated", "never-happened", "called-false",
        "those-things"])
def test_counter_statement_denies_the_claim_it_answers(make_article, analysis_settings, reply):
    analysis = _run(make_article, analysis_settings, ALLEGATION, reply)
    claim = _claim_with(analysis, "took bribes")
    assert ("Mark Holloway", Stance.DENIES) in _stances(claim)
    assert len(analysis.claims) == 1, [c.label for c in analysis.claims]


def test_non_denial_lands_on_the_same_claim_and_no_comment_is_no_stance(
        make_article, analysis_settings):
    analysis = _run(make_article, analysis_settings,
                    "The Ledger reported that the harbour board sold the pier to a developer "
                    "for $3 million.",
                    "The board's chairman, Ivo Marsh, declined to deny the report.",
                    "A spokeswoman for the board declined to comment.")
    claim = _claim_with(analysis, "sold the pier")
    assert _stances(claim) == {("The Ledger", Stance.ASSERTS),
                               ("Ivo Marsh", Stance.DOES_NOT_DENY)}
    assert not any("spokeswoman" in (m.source or "") for m in analysis.claim_mentions)


def test_not_recalling_is_a_non_denial_and_a_dismissed_concern_a_denial(
        make_article, analysis_settings):
    analysis = _run(make_article, analysis_settings,
                    "Marsh said he did not recall selling the pier in 2019.",
                    "Ortiz dismissed concerns that the county had sold the pier to a developer.")
    stances = {(m.source, m.stance) for m in analysis.claim_mentions}
    assert ("Ivo Marsh", Stance.DOES_NOT_DENY) in stances or ("Marsh", Stance.DOES_NOT_DENY) \
        in stances, stances
    assert any(m.stance is Stance.DENIES and "Ortiz" in (m.source or "")
               for m in analysis.claim_mentions), stances
    # the concern's unnamed holders add no source of their own
    assert all(m.source for m in analysis.claim_mentions)


def test_the_accused_decides_between_two_earlier_claims(make_article, analysis_settings):
    analysis = _run(make_article, analysis_settings,
                    "Auditors said the county overspent its road budget by $2 million in 2019.",
                    ALLEGATION,
                    "The county has denied the charge.")
    road = _claim_with(analysis, "road budget")
    assert any(s.stance is Stance.DENIES for s in road.stances)
    bribes = _claim_with(analysis, "took bribes")
    assert all(s.stance is not Stance.DENIES for s in bribes.stances)


OWNED = ("Senator Mark Holloway said the harbour board had wasted $3 million on a dredging "
         "contract.",
         "Councillor Ruth Abbot said the county had closed two clinics without a vote.")


def test_a_possessed_claim_noun_points_to_what_its_owner_said(make_article, analysis_settings):
    """"rejected Holloway's remarks": the remarks are Holloway's, not the nearer
    claim by Abbot (the mayor is accused in neither)."""
    analysis = _run(make_article, analysis_settings, *OWNED,
                    "Mayor Lena Ortiz rejected Holloway's remarks.")
    dredging = _claim_with(analysis, "dredging contract")
    assert ("Lena Ortiz", Stance.DENIES) in _stances(dredging)
    clinics = _claim_with(analysis, "two clinics")
    assert all(s.stance is not Stance.DENIES for s in clinics.stances)


def test_a_possessed_claim_noun_in_the_lead_points_ahead(make_article, analysis_settings):
    """A lead names the remarks before the article quotes them."""
    analysis = _run(make_article, analysis_settings,
                    "The harbour board rejected Holloway's remarks about the dredging contract.",
                    *OWNED)
    mention = _mention(analysis, "Holloway's remarks about the dredging contract")
    claim = _claim_with(analysis, "dredging contract")
    assert mention.refers_to in claim.mention_ids and mention.id in claim.mention_ids


def test_the_anaphors_own_words_pick_among_its_owners_claims(make_article, analysis_settings):
    """Two claims by one owner: "his remarks about the clinics" takes the clinics one."""
    analysis = _run(make_article, analysis_settings,
                    "Councillor Ruth Abbot said the county had closed two clinics without a vote.",
                    "Abbot said the harbour board had wasted $3 million on a dredging contract.",
                    "Mayor Lena Ortiz rejected Abbot's remarks about the clinics.")
    clinics = _claim_with(analysis, "two clinics")
    assert any(s.stance is Stance.DENIES for s in clinics.stances)
    dredging = _claim_with(analysis, "dredging contract")
    assert all(s.stance is not Stance.DENIES for s in dredging.stances)


def test_a_possessed_noun_whose_owner_said_nothing_is_no_mention(make_article, analysis_settings):
    analysis = _run(make_article, analysis_settings, OWNED[1],
                    "The harbour board rejected Holloway's remarks.")
    assert all("Holloway's remarks" not in m.span.text for m in analysis.claim_mentions)
    clinics = _claim_with(analysis, "two clinics")
    assert all(s.stance is not Stance.DENIES for s in clinics.stances)


def test_an_owned_proposal_noun_points_to_its_owners_words(make_article, analysis_settings):
    """"rejected Holloway's proposal": a proposal noun is anaphoric with its owner."""
    analysis = _run(make_article, analysis_settings,
                    "Senator Mark Holloway said the county should sell the ferry terminal to a "
                    "private operator.",
                    "Mayor Lena Ortiz rejected Holloway's proposal on Friday.")
    claim = _claim_with(analysis, "sell the ferry terminal")
    assert ("Lena Ortiz", Stance.DENIES) in _stances(claim)


def test_a_proposal_noun_without_owner_is_no_anaphor(make_article, analysis_settings):
    analysis = _run(make_article, analysis_settings,
                    "Senator Mark Holloway said the county should sell the ferry terminal to a "
                    "private operator.",
                    "Mayor Lena Ortiz rejected the offer on Friday.")
    assert all(m.span.text != "the offer" for m in analysis.claim_mentions)


# --- labels and check-worthiness ----------------------------------------------

def test_label_is_stated_positively_when_the_stance_carries_the_negation(
        make_article, analysis_settings):
    analysis = _run(make_article, analysis_settings,
                    '"The voters of this county aren\'t buying his story," Holloway said.')
    mention = _mention(analysis, "The voters of this county aren't buying his story")
    assert mention.stance is Stance.DENIES
    assert mention.label == "The voters of this county are buying his story"


@pytest.mark.parametrize(("sentence", "content", "label"), [
    ("Marsh said there was no order to wait.", "there was no order to wait",
     "there was an order to wait"),
    ('"There is no evidence that the senator took the money," Marsh said.',
     "There is no evidence that the senator took the money",
     "There is evidence that the senator took the money"),
    ('"The ferry never left the harbour," Marsh said.', "The ferry never left the harbour",
     "The ferry left the harbour"),
    ("Marsh said that none of the ferries were late in May.",
     "none of the ferries were late in May", "some of the ferries were late in May"),
    ("The board says the mayor has no plans to sell the pier.",
     "the mayor has no plans to sell the pier", "the mayor has plans to sell the pier"),
], ids=["no-order", "no-evidence", "never", "none-of", "has-no"])
def test_denied_existence_reads_positively(make_article, analysis_settings, sentence, content,
                                          label):
    analysis = _run(make_article, analysis_settings, sentence)
    mention = _mention(analysis, content)
    assert (mention.stance, mention.label) == (Stance.DENIES, label)


def test_checkable_statements_are_claims_and_opinions_are_not(make_article, analysis_settings):
    analysis = _run(make_article, analysis_settings,
                    'The county closed 14 schools in 2019, Mayor Lena Ortiz said.',
                    '"I love this town," Ortiz said.',
                    '"We will do better," Ortiz said.')
    labels = [m.label for m in analysis.claim_mentions]
    assert any("closed 14 schools" in label for label in labels)
    assert not any("love this town" in label or "do better" in label for label in labels)
    # the quotes stay quotes
    assert len(analysis.quotes) == 3
    worth = {m.label: m.check_worthiness for m in analysis.claim_mentions}
    assert all(0.0 <= w <= 1.0 for w in worth.values())


def test_non_agent_sources_are_no_sources(make_article, analysis_settings):
    analysis = _run(make_article, analysis_settings,
                    "An earlier version of this article said that the council met on Tuesday.",
                    "The campaign of Senator Mark Holloway released a new ad on Friday in Ohio.",
                    "It again called the governor unfit for office and said she had raised "
                    "taxes twice.")
    sources = {m.source for m in analysis.claim_mentions} | {q.speaker for q in analysis.quotes}
    assert not any(s and "version" in s for s in sources)
    assert not any("council met" in m.label for m in analysis.claim_mentions)
    # "It" is the ad, never the state it was released in
    assert "Ohio" not in sources
    assert any(q.speaker == "the ad" for q in analysis.quotes)


# --- bad input: defined output, no crash --------------------------------------

def test_two_hundred_quotes(make_article, analysis_settings):
    lines = [f'"The ferry number {i} left the harbour at {i % 12 + 1} o\'clock," '
             f'Captain Ruth Adler said.' for i in range(200)]
    analysis = _run(make_article, analysis_settings, *lines)
    assert len(analysis.quotes) >= 150
    ids = {m.id for m in analysis.claim_mentions}
    assert all(i in ids for c in analysis.claims for i in c.mention_ids)
    assert all(m.refers_to is None or m.refers_to in ids for m in analysis.claim_mentions)


def test_every_sentence_denies_something(make_article, analysis_settings):
    analysis = _run(make_article, analysis_settings,
                    "Holloway denied it.", "The board denied the report.",
                    "Marsh denied any wrongdoing.", '"That is false," Adler said.',
                    "The county denied that it had sold the pier.",
                    "Ortiz denied the allegations.")
    ids = {m.id for m in analysis.claim_mentions}
    for mention in analysis.claim_mentions:
        assert mention.refers_to is None or (mention.refers_to in ids
                                             and mention.refers_to != mention.id)
        assert len(mention.label.split()) >= MIN_CLAUSE_WORDS
    assert any("sold the pier" in c.label for c in analysis.claims)


def test_contradictory_claims_keep_both_stances(make_article, analysis_settings):
    analysis = _run(make_article, analysis_settings,
                    "Mayor Lena Ortiz said the plant closed in March.",
                    "The plant's owner, Ivo Marsh, said the plant did not close in March.")
    stances = {(m.source, m.stance) for m in analysis.claim_mentions}
    assert ("Lena Ortiz", Stance.ASSERTS) in stances
    assert ("Ivo Marsh", Stance.DENIES) in stances
    marsh = next(m for m in analysis.claim_mentions if m.source == "Ivo Marsh")
    assert "not" not in marsh.label.split()


def test_claim_noun_with_nothing_to_refer_to(make_article, analysis_settings):
    analysis = _run(make_article, analysis_settings, "Holloway denied the allegations.")
    assert analysis.claims == ()
    assert not any(m.span.text == "the allegations" for m in analysis.claim_mentions)


def test_pronoun_source_with_no_person_in_reach(make_article, analysis_settings):
    analysis = _run(make_article, analysis_settings, '"It never happened," he said.',
                    "She denied it.")
    assert all(m.source not in ("he", "she", "He", "She") for m in analysis.claim_mentions)
    assert analysis.claims == ()


# --- downstream: JSON and the terminal report -----------------------------------

def test_json_and_report_show_label_stance_source_and_check_worthiness(
        make_article, analysis_settings):
    from factdesk.model import from_dict, to_dict
    from factdesk.cli.render import render_analysis

    article = make_article(f"{ALLEGATION}\nHolloway has denied the charge.")
    analysis = analyze(article, analysis_settings)
    data = to_dict(analysis)
    anaphor = next(m for m in data["claim_mentions"] if m["span"]["text"] == "the charge")
    assert anaphor["refers_to"] and "took bribes" in anaphor["label"]
    assert 0.0 < anaphor["check_worthiness"] <= 1.0
    assert from_dict(data) == analysis
    report = render_analysis(article, analysis)
    claims = report[report.index("claims:"):]
    assert "Senator Mark Holloway took bribes" in claims and "check-worthiness" in claims
    assert "denies" in claims and "Mark Holloway" in claims


# --- source coreference ---------------------------------------------------------

@pytest.mark.parametrize(("first", "second", "name"), [
    ('"The pier was sold in 2019," said the harbour master known as Ivo Marsh.',
     "Marsh said the price was $3 million.", "Ivo Marsh"),
    ("Harbour Freight Ltd said on Monday that it had sold the pier to a developer.",
     "The company said the sale closed in May 2019.", "Harbour Freight Ltd"),
    ("Ivo Marsh, the board's chairman, said the pier was sold in 2019.",
     "He said the price was $3 million.", "Ivo Marsh"),
], ids=["known-as", "the-company", "he"])
def test_described_sources_resolve_to_the_named_entity(make_article, analysis_settings,
                                                       first, second, name):
    analysis = _run(make_article, analysis_settings, first, second)
    sources = [m.source for m in analysis.claim_mentions]
    assert len(sources) >= 2 and set(sources) == {name}, sources
