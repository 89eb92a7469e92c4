"""Quotes worth listing: fragments and scare quotes stay in the analysis but are
marked not to be listed on their own (sentences written for these tests)."""

import pytest

from factdesk.analyze import analyze
from factdesk.analyze.quotes.listing import MIN_WORDS, is_listable
from factdesk.clean import verbatim_article
from factdesk.model import QuoteKind, Span


def _span(text):
    return Span(start=0, end=len(text), text=text)


@pytest.mark.parametrize(("kind", "content", "quoted", "cue", "listable"), [
    pytest.param(QuoteKind.DIRECT, "unhinged", ["unhinged"], "describe", False, id="one-word"),
    pytest.param(QuoteKind.INDIRECT, "Clinton", [], "endorse", False, id="indirect-name"),
    pytest.param(QuoteKind.DIRECT, "Yes", ["Yes"], "say", False, id="short-direct"),
    pytest.param(QuoteKind.MIXED, 'the plan "dead"', ["dead"], "call", False, id="scare-call"),
    pytest.param(QuoteKind.MIXED, 'him as "a liar"', ["a liar"], "describe", False,
                 id="scare-describe"),
    pytest.param(QuoteKind.MIXED, 'half of his supporters "deplorables"', ["deplorables"], "call",
                 True, id="label-of-someone-named-is-a-quote"),
    pytest.param(QuoteKind.MIXED, 'the plan "a disgrace to the city"',
                 ["a disgrace to the city"], "call", True, id="long-label-is-a-quote"),
    pytest.param(QuoteKind.MIXED, 'that the decision was "a disgrace" and would be appealed',
                 ["a disgrace"], "say", True, id="mixed-report"),
    pytest.param(QuoteKind.INDIRECT, "that the ferry would run in June", [], "say", True,
                 id="indirect"),
    pytest.param(QuoteKind.DIRECT, "We will win", ["We will win"], "say", True, id="three-words"),
])
def test_is_listable(kind, content, quoted, cue, listable):
    assert is_listable(kind, _span(content), [_span(q) for q in quoted], cue) is listable


def test_the_threshold_is_three_words():
    assert MIN_WORDS == 3


@pytest.mark.slow
def test_scare_quote_kept_but_not_listed_beside_a_full_quote(analysis_settings):
    text = ('He called the plan "dead" and said "we will fight it in every court in the land".')
    quotes = analyze(verbatim_article(text), analysis_settings).quotes
    scare = [q for q in quotes if "dead" in q.span.text]
    full = [q for q in quotes if "every court" in q.span.text]
    assert scare and full
    assert not any(q.listable for q in scare)  # kept in the analysis, not listed
    assert all(q.listable for q in full)


@pytest.mark.slow
@pytest.mark.parametrize(("text", "listed", "unlisted"), [
    pytest.param('Clinton described Trump as "unhinged".', [], ["unhinged"], id="epithet"),
    pytest.param('"Yes," she said.', [], ["Yes"], id="one-word-answer"),
    pytest.param('"We will rebuild the pier before winter," Olga Brandt said.',
                 ["We will rebuild the pier before winter"], [], id="direct"),
    pytest.param('Olga Brandt said the plan was "dead on arrival" and that the council '
                 "would vote against it.", ["dead on arrival"], [], id="mixed"),
])
def test_listing_on_written_sentences(analysis_settings, text, listed, unlisted):
    quotes = analyze(verbatim_article(text), analysis_settings).quotes
    for words in listed:
        assert any(words in q.span.text and q.listable for q in quotes), quotes
    for words in unlisted:
        found = [q for q in quotes if words in q.span.text]
        assert found, f"{words!r} should stay in the analysis: {quotes}"
        assert not any(q.listable for q in found), found
