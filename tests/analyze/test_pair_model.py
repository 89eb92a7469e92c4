"""The learned pairwise claim-matching model (analyze/corpus/pair_model.py): a pair
that states one claim links, a pair that only shares the topic does not, and the
score does not depend on which mention comes first."""

import random

import pytest

from factdesk.analyze import ClaimLinker, cluster_claims
from factdesk.analyze.corpus.pair_model import FEATURES, MatchModel, pair_features
from factdesk.model import ClaimMention, Span, Stance

MODEL = ClaimLinker(MatchModel.load())

CLOSURE = ("The harbour authority of Port Velin has closed the northern ferry terminal after "
           "inspectors found cracks in the pier. Ferry services to the islands are suspended "
           "while the cracked pier is repaired. Inspectors said the cracks in the pier were "
           "found during a routine dive. The terminal closure could last until spring, the "
           "harbour authority said. Islanders worry about ferry supplies while the northern "
           "terminal stays closed and the pier is shut.")
NEW_ROUTE = ("A second ferry company will open a route from Port Velin to the southern "
             "islands in 2031. The company said its new vessels carry more cars. Tickets go "
             "on sale in March, and the town council welcomed the competition on the route. "
             "The company expects tourists to use the route in summer.")


def _mention(mid, text, *, origin="report", agent=None, predicate=""):
    span = Span(start=0, end=len(text), text=text)
    return ClaimMention(id=mid, span=span, stance=Stance.ASSERTS, origin=origin, evidence=span,
                        agent=agent, predicate=predicate, source="Ledger", analyzer="t")


def _together(claims, a, b):
    return any({a, b} <= set(c.mention_ids) for c in claims)


HEAD = "Port Velin northern ferry terminal closed over cracked pier"
PAIRS = [
    ("head", _mention("h", HEAD, origin="headline")),
    ("story", _mention("b", "The harbour authority closed the northern ferry terminal "
                            "after inspectors found cracks in the pier",
                       agent="harbour authority", predicate="close")),
    ("route", _mention("r", "A second ferry company will open a route from Port Velin "
                            "to the southern islands", agent="company", predicate="open")),
]
CONTEXTS = {"head": MODEL.context(HEAD), "story": MODEL.context(CLOSURE),
            "route": MODEL.context(NEW_ROUTE)}


def test_the_headline_links_to_the_other_articles_statement_of_its_claim():
    claims = cluster_claims(PAIRS[:2], contexts=CONTEXTS, linker=MODEL)
    assert _together(claims, "h", "b")


def test_a_same_place_same_topic_article_about_another_event_does_not_link():
    claims = cluster_claims([PAIRS[0], PAIRS[2]], contexts=CONTEXTS, linker=MODEL)
    assert not _together(claims, "h", "r")


def test_the_claims_do_not_depend_on_the_order_of_the_mentions():
    first = cluster_claims(PAIRS, contexts=CONTEXTS, linker=MODEL)
    rng = random.Random(7)
    for _ in range(5):
        shuffled = PAIRS[:]
        rng.shuffle(shuffled)
        assert cluster_claims(shuffled, contexts=CONTEXTS, linker=MODEL) == first


def test_two_leads_score_the_same_either_way_round():
    a = MODEL.features(_mention("x", HEAD, origin="headline"), "one", CONTEXTS["story"])
    b = MODEL.features(_mention("y", "Cracked pier shuts the Port Velin ferry terminal",
                                origin="headline"), "two", CONTEXTS["head"])
    assert pair_features(a, b) == pair_features(b, a)
    assert MODEL.params.probability(a, b) == MODEL.params.probability(b, a)


def test_numbers_one_side_states_and_the_other_never_does_are_counted():
    a = MODEL.features(_mention("x", "Ferry fares rise 40 percent in 2031", origin="headline"),
                       "one", MODEL.context("Ferry fares rise 40 percent in 2031"))
    b = MODEL.features(_mention("y", "Ferry fares rise 12 percent, the company said"),
                       "two", MODEL.context("Ferry fares rise 12 percent, the company said."))
    row = dict(zip(FEATURES, pair_features(a, b)))
    assert row["numbers_shared"] == 0.0
    assert row["numbers_unmet"] == 3.0  # 40 and 2031 on one side, 12 on the other


def test_a_model_of_other_features_is_refused():
    data = MatchModel.load().to_dict() | {"features": ["overlap"]}
    with pytest.raises(ValueError):
        MatchModel.from_dict(data)


def test_mentions_of_one_article_or_without_a_lead_never_link():
    a = MODEL.features(PAIRS[1][1], "story", CONTEXTS["story"])
    b = MODEL.features(_mention("z", "Inspectors found cracks in the pier of the terminal"),
                       "story", CONTEXTS["story"])
    assert not MODEL.params.links(a, b)  # one article
    c = MODEL.features(_mention("w", "Inspectors found cracks in the pier of the terminal"),
                       "other", CONTEXTS["story"])
    assert not MODEL.params.links(a, c)  # no lead


def test_candidates_reach_shared_words_beyond_the_six_rarest():
    """Each mention is keyed by its ten rarest words, so every word two statements of
    one claim share is a key of both (with six, only the rarest shared word was)."""
    from factdesk.analyze.corpus.matching import KEY_WORDS, match_keys, match_words

    a = match_words("The harbour authority quietly sold three old ferries to a Baltic "
                    "shipping consortium last winter")
    b = match_words("Regional officials confirmed the authority sold three ferries, "
                    "disputing earlier accounts")
    keys_a, keys_b = set(match_keys(a)), set(match_keys(b))
    assert KEY_WORDS == 10 and len(keys_a) == 10
    assert len(a & b) >= 4 and a & b <= keys_a & keys_b
