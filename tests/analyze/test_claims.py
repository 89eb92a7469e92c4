"""Claims and stances on sentences written for these tests, and clustering
across articles on a folder of three articles about one (fictional) story."""

from pathlib import Path

import pytest

from factdesk import clean_page
from factdesk.analyze import analyze, cluster_claims
from factdesk.analyze.claims.stance_cues import Link, compose
from factdesk.ingest.files import read_path
from factdesk.model import Article, Stance

STORY = Path(__file__).resolve().parents[1] / "fixtures" / "story"


def _analyze(make_article, settings, *paragraphs):
    return analyze(make_article("\n".join(paragraphs)), settings)


def _stances(analysis):
    return {(m.source, m.stance.value) for m in analysis.claim_mentions}


# --- the stance algebra --------------------------------------------------------

@pytest.mark.parametrize(("links", "negated", "expected"), [
    ([Link("say", "assert")], False, Stance.ASSERTS),
    ([Link("suggest", "hedge")], False, Stance.HEDGED),
    ([Link("deny", "deny")], False, Stance.DENIES),
    ([Link("say", "assert"), Link("refute", "deny", True)], False, Stance.DOES_NOT_DENY),
    ([Link("refuse", "refuse"), Link("refute", "deny")], False, Stance.DOES_NOT_DENY),
    ([Link("decline", "refuse"), Link("deny", "deny")], False, Stance.DOES_NOT_DENY),
    ([Link("refuse", "refuse", True), Link("deny", "deny")], False, Stance.DENIES),
    ([Link("believe", "believe")], False, Stance.BELIEVES),
    ([Link("question", "question")], False, Stance.QUESTIONS),
    ([Link("say", "assert")], True, Stance.DENIES),            # "said it is not ..."
    ([Link("deny", "deny")], True, Stance.ASSERTS),            # "denied it was not ..."
    ([Link("deny", "deny", True)], True, Stance.QUESTIONS),    # "did not deny ... had not"
    ([Link("refuse", "refuse")], False, Stance.QUESTIONS),     # "refused to say"
])
def test_compose(links, negated, expected):
    assert compose(links, negated=negated) is expected


def test_modality_hedges_and_conditionals():
    assert compose([Link("say", "assert")], modality="may") is Stance.HEDGED
    assert compose([Link("say", "assert")], conditional=True) is Stance.CONDITIONAL


@pytest.mark.parametrize(("modality", "expected"), [
    ("might", Stance.HEDGED),       # "she might not have won": a doubt, not a denial
    ("may", Stance.HEDGED),
    ("probably", Stance.HEDGED),    # "it probably did not happen"
    ("could", Stance.DENIES),       # "he could not have known": a denial
    (None, Stance.DENIES),          # "he did not know"
])
def test_a_negated_epistemic_hedge_still_hedges(modality, expected):
    assert compose([Link("say", "assert")], negated=True, modality=modality) is expected


def test_a_negated_hedge_reads_as_a_hedge_in_text(make_article, analysis_settings):
    analysis = _analyze(make_article, analysis_settings,
                        "Senator Mark Holloway said the county might not have balanced its "
                        "budget without the ferry fees.")
    mention = next(m for m in analysis.claim_mentions if "balanced its budget" in m.span.text)
    assert mention.stance is Stance.HEDGED and "not" in mention.label


# --- stances read from text ----------------------------------------------------

def test_denial_and_non_denial(make_article, analysis_settings):
    analysis = _analyze(make_article, analysis_settings,
                        "The ministry denied sending troops to the border.",
                        "General Hal Morrow said he would not dispute reports that the ministry "
                        "was sending troops to the border.")
    stances = {m.stance for m in analysis.claim_mentions}
    assert Stance.DENIES in stances and Stance.DOES_NOT_DENY in stances


def test_stacked_negation_gets_a_defined_label(make_article, analysis_settings):
    analysis = _analyze(make_article, analysis_settings,
                        "The mayor did not deny that he had not paid the fine.")
    mentions = [m for m in analysis.claim_mentions if "paid the fine" in m.span.text]
    assert mentions
    assert mentions[0].negated and mentions[0].stance in set(Stance)


def test_source_quoted_with_both_stances(make_article, analysis_settings):
    analysis = _analyze(make_article, analysis_settings,
                        'Senator Ada Quill said the dam was unsafe.',
                        'A week later Senator Quill denied that the dam was unsafe.')
    claims = [c for c in analysis.claims if any(s.source == "Ada Quill" for s in c.stances)]
    stances = {s.stance for c in claims for s in c.stances if s.source == "Ada Quill"}
    assert {Stance.ASSERTS, Stance.DENIES} <= stances
    # both are stances on one claim, kept apart by stance
    both = [c for c in claims if len({s.stance for s in c.stances}) == 2]
    assert both


def test_contradictory_and_self_referential_text(make_article, analysis_settings):
    analysis = _analyze(make_article, analysis_settings,
                        "The council said the road was open. The council said the road was not "
                        "open.",
                        'The spokesman said that this statement is false.',
                        'Officials denied denying the report, and then denied that denial.')
    assert analysis.claim_mentions
    for mention in analysis.claim_mentions:
        assert mention.stance in set(Stance)
    road = [m for m in analysis.claim_mentions if "road" in m.span.text]
    assert {m.stance for m in road} == {Stance.ASSERTS, Stance.DENIES}


def test_unnamed_sources_are_marked_anonymous(make_article, analysis_settings):
    analysis = _analyze(make_article, analysis_settings,
                        "Analysts believe the factory will close next year.",
                        "Mayor Lena Ortiz said the factory would stay open.")
    by_source = {m.source: m for m in analysis.claim_mentions}
    assert by_source["Analysts"].anonymous and by_source["Analysts"].stance is Stance.BELIEVES
    assert not by_source["Lena Ortiz"].anonymous


def test_claim_noun_with_owner(make_article, analysis_settings):
    analysis = _analyze(make_article, analysis_settings,
                        "The remarks are the clearest Kestrian suggestions yet that the "
                        "ministry is moving troops to the border.")
    mention = next(m for m in analysis.claim_mentions if m.origin == "noun")
    assert mention.stance is Stance.HEDGED
    assert mention.span.text == "the ministry is moving troops to the border"


# --- clustering ----------------------------------------------------------------

def test_clusters_do_not_depend_on_order(make_article, analysis_settings):
    analysis = _analyze(make_article, analysis_settings,
                        "Officials suggest Norland is shipping drones to the rebels.",
                        "Norland denied supplying weapons to the rebels.",
                        "The rebels said they had captured the town.")
    pairs = [(analysis.article_id, m) for m in analysis.claim_mentions]
    forward = cluster_claims(pairs)
    backward = cluster_claims(reversed(pairs))
    assert forward == backward
    supply = [c for c in forward if "|supply|" in c.key]
    assert len(supply) == 1 and len(supply[0].mention_ids) == 2


@pytest.fixture(scope="module")
def story(analysis_settings):
    out = []
    for path in sorted(STORY.glob("*.html")):
        article = clean_page(read_path(path))
        assert isinstance(article, Article), article
        out.append((article, analyze(article, analysis_settings)))
    return out


def test_one_claim_across_three_outlets(story):
    assert len(story) == 3
    pairs = [(a.id, m) for a, an in story for m in an.claim_mentions]
    claims = cluster_claims(pairs)
    across = [c for c in claims if len(c.article_ids) == 3]
    assert len(across) == 1, [(c.key, c.article_ids) for c in claims]
    claim = across[0]
    stances = {(s.source, s.stance) for s in claim.stances}
    assert ("Officials", Stance.HEDGED) in stances
    assert ("Norland", Stance.DENIES) in stances
    assert any(stance is Stance.DOES_NOT_DENY and "Reyes" in source
               for source, stance in stances)
    # unrelated claims of the same articles stay apart
    assert not any("people" in c.label and c is claim for c in claims)


def test_cross_article_ids_are_stable(story):
    pairs = [(a.id, m) for a, an in story for m in an.claim_mentions]
    ids = {c.id for c in cluster_claims(pairs)}
    assert ids == {c.id for c in cluster_claims(list(reversed(pairs)))}


def test_report_and_json_have_claims(make_article, analysis_settings):
    from factdesk.model import from_dict, to_dict
    from factdesk.cli.render import render_analysis

    article = make_article("Officials suggest Norland is shipping drones to the rebels.\n"
                           "Norland denied supplying weapons to the rebels.")
    analysis = analyze(article, analysis_settings)
    report = render_analysis(article, analysis)
    claims = report[report.index("claims:"):]
    assert "hedged" in claims and "denies" in claims and "Norland" in claims
    data = to_dict(analysis)
    assert data["claims"] and data["claim_mentions"]
    assert from_dict(data) == analysis


# --- optional embedding links (a stand-in encoder; the real one is an extra) ----

def _fake_encoder(texts):
    """Unit vectors by topic word: drones, trade or other."""
    out = []
    for text in texts:
        lower = text.lower()
        out.append([1.0, 0.0, 0.0] if "drone" in lower or "arming" in lower
                   else [0.0, 1.0, 0.0] if "trade" in lower else [0.0, 0.0, 1.0])
    return out


def test_embedding_links_join_only_across_articles(story):
    from factdesk.analyze import cross_article_links

    pairs = [(a.id, m) for a, an in story for m in an.claim_mentions]
    links = cross_article_links(pairs, _fake_encoder, threshold=0.9)
    by_id = {m.id: (a, m) for a, m in pairs}
    assert links
    for x, y in links:
        (article_x, mx), (article_y, my) = by_id[x], by_id[y]
        assert article_x != article_y
        assert not (mx.agent_id and my.agent_id and mx.agent_id != my.agent_id)
    assert links == cross_article_links(list(reversed(pairs)), _fake_encoder, threshold=0.9)
    linked = cluster_claims(pairs, links)
    assert len(linked) <= len(cluster_claims(pairs))
    headline = next(c for c in linked if "Officials" in {s.source for s in c.stances})
    assert len(headline.article_ids) == 3


def test_real_encoder_when_installed(story):
    pytest.importorskip("sentence_transformers",
                        reason="optional extra factdesk[embeddings] not installed")
    from factdesk.analyze import cross_article_links, load_encoder

    pairs = [(a.id, m) for a, an in story for m in an.claim_mentions]
    links = cross_article_links(pairs, load_encoder())
    assert links  # "Norland is shipping drones" ~ "Norland is supplying drones"


def test_pronoun_owner_is_not_a_source(make_article, analysis_settings):
    analysis = _analyze(make_article, analysis_settings,
                        "His suggestion that the mill is closing upset the town.")
    for mention in analysis.claim_mentions:
        assert (mention.source or "").lower() not in {"his", "her", "their", "its"}


def test_non_projective_parse_keeps_spans_in_order(make_article, analysis_settings):
    # the parser hangs "someone ..." on "that", across the verb: a subtree out of order
    text = ("\u201cAnd that\u2019s what I want in a candidate \u2014 someone who\u2019s learning "
            "and evolving,\u201d the donor said.")
    analysis = _analyze(make_article, analysis_settings, text)
    for mention in analysis.claim_mentions:
        assert mention.span.start < mention.span.end


# --- evidence nouns: "no evidence that X" doubts X, it does not deny it ----------

@pytest.mark.parametrize(("sentence", "expected"), [
    ("Analyst Tom Reed said he did not see convincing evidence in the audit that "
     "the mayor was behind the leak.", "questions"),
    ("Tom Reed said the auditors never found proof that the mayor lied.", "questions"),
    ("Tom Reed said investigators found evidence that the mayor was behind the leak.",
     "asserts"),
])
def test_evidence_nouns_carry_the_clause(make_article, settings, sentence, expected):
    analysis = _analyze(make_article, settings, sentence)
    by_source = {(m.source, m.stance.value, m.span.text) for m in analysis.claim_mentions}
    assert ("Tom Reed", expected) in {(s, v) for s, v, _ in by_source}
    assert all(not text.startswith(("he did", "the auditors")) for _, _, text in by_source)
