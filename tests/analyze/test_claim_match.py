"""Cross-article claim matching: meaning across wording, precision across stories,
order independence, and no speaker in what groups a claim."""

import random

from factdesk.analyze import CLAIM_LINKER, cluster_claims
from factdesk.analyze.corpus.clusters import frame_key, predicate_class
from factdesk.model import ClaimMention, Span, Stance

HARBOUR = ("The harbour authority of Port Velin has closed the northern ferry terminal after "
           "inspectors found cracks in the pier. Ferry services to the islands are suspended. "
           "Inspectors said the cracks in the pier were found during a routine dive. The "
           "terminal closure could last until spring, the harbour authority said. Islanders "
           "worry about ferry supplies while the terminal stays closed.")
ORCHARD = ("Apple growers in the Dunmore valley expect a record harvest after a mild spring. "
           "Growers said the orchards had no frost this year. The valley cooperative plans "
           "to hire more pickers, and exports of apples to the coast are expected to rise.")


def _mention(mid, text, *, origin="report", agent=None, agent_id=None, predicate="",
             patient=None, source="Ledger", source_id=None, stance=Stance.ASSERTS):
    span = Span(start=0, end=len(text), text=text)
    return ClaimMention(id=mid, span=span, stance=stance, origin=origin, evidence=span,
                        agent=agent, agent_id=agent_id, predicate=predicate, patient=patient,
                        source=source, source_id=source_id, analyzer="t")


def _contexts(**texts):
    return {aid: CLAIM_LINKER.context(text) for aid, text in texts.items()}


def _together(claims, a, b):
    return any({a, b} <= set(c.mention_ids) for c in claims)


def test_a_headline_matches_another_articles_sentence_in_other_words():
    headline = _mention("h", "Port Velin ferry terminal shut over cracked pier", origin="headline")
    body = _mention("b", "Inspectors found cracks in the pier of the northern ferry terminal",
                    agent="Inspectors", predicate="find")
    contexts = _contexts(head="Port Velin ferry terminal shut over cracked pier", story=HARBOUR)
    claims = cluster_claims([("head", headline), ("story", body)], contexts=contexts)
    assert _together(claims, "h", "b")
    # the rules alone (no article context) keep them apart: the model made the link
    assert not _together(cluster_claims([("head", headline), ("story", body)]), "h", "b")


def test_shared_words_in_an_unrelated_article_do_not_match():
    headline = _mention("h", "Port Velin ferry terminal shut over cracked pier", origin="headline")
    # shares "ferry" and "terminal" but the orchard story is not about the closure
    other = _mention("o", "Growers said a ferry terminal would carry the apples",
                     agent="Growers", predicate="say")
    contexts = _contexts(head="Port Velin ferry terminal shut over cracked pier", farm=ORCHARD)
    claims = cluster_claims([("head", headline), ("farm", other)], contexts=contexts)
    assert not _together(claims, "h", "o")


def test_two_body_sentences_sharing_words_are_not_matched_by_the_model():
    a = _mention("a", "Inspectors found cracks in the pier during a routine dive",
                 agent="Inspectors", predicate="find")
    b = _mention("b", "Divers found no cracks in the new pier at the marina",
                 agent="Divers", predicate="find")
    contexts = _contexts(one=HARBOUR, two=HARBOUR + " Divers checked the marina.")
    claims = cluster_claims([("one", a), ("two", b)], contexts=contexts)
    assert not _together(claims, "a", "b")


def test_matching_does_not_depend_on_order():
    rng = random.Random(3)
    texts = {"head": "Port Velin ferry terminal shut over cracked pier", "story": HARBOUR,
             "farm": ORCHARD, "head2": "Record apple harvest expected in Dunmore valley"}
    pairs = [
        ("head", _mention("h", texts["head"], origin="headline")),
        ("story", _mention("b", "Inspectors found cracks in the pier of the ferry terminal",
                           agent="Inspectors", predicate="find")),
        ("story", _mention("c", "The terminal closure could last until spring",
                           agent="closure", predicate="last")),
        ("farm", _mention("f", "Growers expect a record harvest in the Dunmore valley",
                          agent="Growers", predicate="expect")),
        ("head2", _mention("h2", texts["head2"], origin="headline")),
    ]
    contexts = _contexts(**texts)
    first = cluster_claims(pairs, contexts=contexts)
    for _ in range(5):
        assert cluster_claims(rng.sample(pairs, len(pairs)), contexts=contexts) == first
    assert _together(first, "h", "b") and _together(first, "h2", "f")
    assert not _together(first, "h", "f")


def test_an_identical_quote_with_two_speaker_resolutions_is_one_claim():
    quote = "We will reopen the harbour bridge before the winter storms arrive"
    named = _mention("q1", quote, origin="quote", agent="Ines Castell",
                     agent_id="person:ines-castell", predicate="reopen", patient="bridge",
                     source="Ines Castell", source_id="person:ines-castell")
    described = _mention("q2", quote, origin="quote", agent="the mayor", predicate="reopen",
                         patient="bridge", source="the mayor")
    claims = cluster_claims([("gazette", named), ("courier", described)])
    assert _together(claims, "q1", "q2")
    (claim,) = [c for c in claims if "q1" in c.mention_ids]
    assert "castell" not in claim.key and "mayor" not in claim.key


def test_stated_agents_that_differ_still_keep_wording_apart():
    a = _mention("a", "Norland supplies rifles and ammunition to the border militia",
                 agent="Norland", agent_id="gpe:norland", predicate="supply")
    b = _mention("b", "Sarvia supplies rifles and ammunition to the border militia",
                 agent="Sarvia", agent_id="gpe:sarvia", predicate="supply")
    assert not _together(cluster_claims([("x", a), ("y", b)]), "a", "b")


def test_punctuation_is_no_predicate():
    junk = _mention("j", "the plan is dead", agent="plan", predicate="\u2019")
    assert predicate_class(junk) == "-"
    assert "\u2019" not in frame_key(junk)


def test_a_headline_without_a_proposition_becomes_the_outlets_claim():
    from factdesk.analyze.claims.headline import headline_mention
    from factdesk.model import Article

    text = "Ferry terminal closure: islanders left waiting"
    article = Article(id="art", text=text, source="t", extractor="t",
                      headline=Span(start=0, end=len(text), text=text), site_name="The Ledger")
    mention = headline_mention(article, ())
    assert mention is not None and mention.span.text == text
    assert (mention.origin, mention.source, mention.stance) == ("headline", "The Ledger",
                                                               Stance.ASSERTS)
    covering = _mention("m", text[:40], origin="headline")
    assert headline_mention(article, (covering,)) is None  # read already
    partial = _mention("p", text[24:], origin="headline")
    assert headline_mention(article, (partial,)) is not None
