"""Headlinese: a headline's proposition when it drops the auxiliary, the copula or
"will", or opens with a kicker; stance verbs stay the attribution rules' to read."""

import pytest

from factdesk.analyze.claims.headlines import headline_proposition, kicker_end


@pytest.fixture(scope="module")
def nlp():
    from factdesk.analyze import load_pipeline
    from factdesk.settings import Settings

    return load_pipeline(Settings().spacy_model)


def _prop(nlp, text):
    doc = nlp(text)
    return doc, headline_proposition(doc, 0, len(doc.text))


def test_a_short_kicker_before_a_colon_is_skipped(nlp):
    doc = nlp("Update: Harbour board sacks its treasurer")
    assert doc.text[kicker_end(doc, 0, len(doc.text)):].startswith("Harbour")
    doc = nlp("The harbour board met on Tuesday: nothing was decided")
    assert kicker_end(doc, 0, len(doc.text)) == 0  # more than three words before it


@pytest.mark.parametrize("text, agent, predicate", [
    ("Ferry captain arrested after collision near the pier", "captain", "arrest"),
    ("Regional council to close three rural libraries", "council", "close"),
])
def test_a_participle_or_an_infinitive_tells_about_the_noun_before_it(nlp, text, agent,
                                                                      predicate):
    doc, prop = _prop(nlp, text)
    assert prop is not None, [(t.text, t.pos_, t.dep_, t.tag_) for t in doc]
    assert prop.agent.text.lower() == agent
    assert prop.predicate == predicate
    assert doc.text[prop.start:prop.end].lower().startswith(text.split()[0].lower())


def test_a_full_clause_after_a_kicker_is_read_as_a_clause(nlp):
    doc, prop = _prop(nlp, "Breaking: the mayor resigned on Friday")
    assert prop is not None and prop.agent.text == "mayor"


@pytest.mark.parametrize("text", [
    "More money for the harbour",                 # no verb at all
    "Ferry company says captain ignored warnings",  # a stance verb: an attribution
])
def test_no_proposition_without_a_verb_or_under_a_stance_verb(nlp, text):
    assert _prop(nlp, text)[1] is None


def test_a_headline_in_headlinese_becomes_a_claim_mention():
    from factdesk.analyze.analysis import analyze
    from factdesk.model import Article, Span
    from factdesk.settings import Settings

    headline = "Ferry captain arrested after collision near the pier"
    body = "The harbour master said the inquiry would take weeks."
    text = f"{headline}\n\n{body}"
    article = Article(id="t-headline", text=text, source="t",
                      headline=Span(start=0, end=len(headline), text=headline),
                      extractor="test")
    mentions = analyze(article, Settings()).claim_mentions
    heads = [m for m in mentions if m.origin == "headline"]
    assert heads and heads[0].span.text.startswith("Ferry captain arrested")


@pytest.mark.parametrize("text", ["Update:", "Video: Video: Video:", ":", "A:", "Watch: "])
def test_a_headline_that_is_all_kicker_gives_nothing_and_does_not_fail(nlp, text):
    doc = nlp(text)
    assert 0 <= kicker_end(doc, 0, len(doc.text)) <= len(doc.text)
    assert headline_proposition(doc, 0, len(doc.text)) is None
