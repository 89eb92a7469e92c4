"""Quote forms on sentences written for these tests, and the offsets promise."""

import pytest

from factdesk.analyze import analyze, analyze_many
from factdesk.model import Analysis, Article, QuoteKind, from_dict, to_dict

pytestmark = pytest.mark.slow

PRONOUNS = {"he", "she", "it", "they", "i", "we", "you", "him", "her", "them", "who"}


def _quotes(text, settings):
    return analyze(Article.from_text(text), settings).quotes


def _one(text, settings):
    quotes = [q for q in _quotes(text, settings) if q.kind is not QuoteKind.INDIRECT]
    assert len(quotes) == 1, [(q.kind, q.span.text) for q in quotes]
    return quotes[0]


def test_split_quote_is_one_quote(analysis_settings):
    text = ("\u201cThe bridge is safe,\u201d Mayor Olga Brandt told reporters, "
            "\u201cbut the road behind it is not.\u201d")
    quote = _one(text, analysis_settings)
    assert quote.kind is QuoteKind.DIRECT
    assert [p.text for p in quote.parts] == ["The bridge is safe,", "but the road behind it is not."]
    assert quote.speaker == "Olga Brandt"
    assert quote.cue_lemma == "tell"
    assert quote.addressee == "reporters"


def test_speaker_after_colon(analysis_settings):
    quote = _one("Olga Brandt said: \u201cWe will open the bridge next spring.\u201d",
                 analysis_settings)
    assert quote.speaker == "Olga Brandt"
    assert quote.cue.text == "said"


def test_straight_marks_and_inverted_cue(analysis_settings):
    quote = _one('"We have no money left for the harbour," said Peter Holm.', analysis_settings)
    assert quote.speaker == "Peter Holm"


def test_pronoun_speaker_is_resolved(analysis_settings):
    text = ("Peter Holm spoke at the harbour on Tuesday.\n\n"
            "\u201cThe council has failed the fishermen,\u201d he said.")
    quote = _one(text, analysis_settings)
    assert quote.speaker_span.text == "he"
    assert quote.speaker == "Peter Holm"


def test_paragraph_without_cue_continues_the_previous_speaker(analysis_settings):
    text = ("\u201cWe will rebuild the pier,\u201d Olga Brandt said.\n\n"
            "\u201cIt will take two years and a great deal of money.\u201d")
    quotes = [q for q in _quotes(text, analysis_settings) if q.kind is not QuoteKind.INDIRECT]
    assert [q.speaker for q in quotes] == ["Olga Brandt", "Olga Brandt"]
    assert quotes[1].cue is None


def test_mixed_quote(analysis_settings):
    quote = _one("Peter Holm said the plan was \u201ca betrayal of the town\u201d and "
                 "would be fought.", analysis_settings)
    assert quote.kind is QuoteKind.MIXED
    assert quote.speaker == "Peter Holm"


def test_indirect_quote(analysis_settings):
    quotes = _quotes("Olga Brandt said that the bridge would reopen in May.", analysis_settings)
    (quote,) = quotes
    assert quote.kind is QuoteKind.INDIRECT
    assert "the bridge would reopen in May" in quote.span.text
    assert quote.speaker == "Olga Brandt"


def test_according_to(analysis_settings):
    (quote,) = _quotes("According to Peter Holm, the harbour will close in winter.",
                       analysis_settings)
    assert quote.cue_lemma == "according to"
    assert quote.speaker == "Peter Holm"
    assert "harbour will close" in quote.span.text


ADVERSARIAL = {
    "unbalanced": "He said \u201cthis never closes.\n\nAnd \u201d this closes nothing \u201c\u201c.",
    "many-paragraphs": "\n\n".join(f"\u201cLine {i} is here,\u201d Ann Lee said." for i in range(200)),
    "long-paragraph": ("Word " * 4000).strip(),
    "no-sentences": "\n\n".join(["...", "\u201c\u201d", "--", "12 34", "''''"]),
    "emoji": "\U0001F600 \u201cGreat news \U0001F389 for us all,\u201d Ann Lee said. \U0001F44D",
    "rtl": "\u0642\u0627\u0644 \u0627\u0644\u0631\u0626\u064a\u0633 \u00ab\u0647\u0630\u0627 "
           "\u064a\u0648\u0645 \u062c\u064a\u062f\u00bb. \u201c\u05e9\u05dc\u05d5\u05dd "
           "\u05dc\u05db\u05d5\u05dd \u05d7\u05d1\u05e8\u05d9\u05dd,\u201d Ann Lee said.",
    "empty": "",
}


def _spans(analysis: Analysis):
    for entity in analysis.entities:
        yield from entity.mentions
    for quote in analysis.quotes:
        yield quote.span
        yield from quote.parts
        yield from (s for s in (quote.speaker_span, quote.cue, quote.addressee_span) if s)


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_adversarial_input_keeps_offsets_exact(name, analysis_settings):
    text = ADVERSARIAL[name]
    article = Article.from_text(text)
    (analysis,) = list(analyze_many([article], analysis_settings))
    for span in _spans(analysis):
        assert text[span.start:span.end] == span.text
    for quote in analysis.quotes:
        assert (quote.speaker or "").lower() not in PRONOUNS


def test_analysis_round_trips_through_dicts(analysis_settings):
    analysis = analyze(Article.from_text("\u201cWe will win,\u201d Ann Lee said."),
                       analysis_settings)
    assert from_dict(to_dict(analysis)) == analysis
