"""Quote forms on sentences written for these tests, and the offsets promise."""

import pytest

from factdesk.analyze import analyze, analyze_many
from factdesk.model import Analysis, QuoteKind, from_dict, to_dict
from factdesk.clean import verbatim_article

pytestmark = pytest.mark.slow

PRONOUNS = {"he", "she", "it", "they", "i", "we", "you", "him", "her", "them", "who"}


def _quotes(text, settings):
    return analyze(verbatim_article(text), settings).quotes


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
    article = verbatim_article(text)
    (analysis,) = list(analyze_many([article], analysis_settings))
    for span in _spans(analysis):
        assert text[span.start:span.end] == span.text
    for quote in analysis.quotes:
        assert (quote.speaker or "").lower() not in PRONOUNS


def test_analysis_round_trips_through_dicts(analysis_settings):
    analysis = analyze(verbatim_article("\u201cWe will win,\u201d Ann Lee said."),
                       analysis_settings)
    assert from_dict(to_dict(analysis)) == analysis


def test_noun_cue_with_agent_and_that_clause(analysis_settings):
    text = ("The mayor rejected claims made to the press by a senior harbour official "
            "that the pier had been closed for repairs.")
    quote = next(q for q in _quotes(text, analysis_settings) if q.cue_lemma == "claim")
    assert quote.kind is QuoteKind.INDIRECT
    assert quote.span.text.startswith("that the pier had been closed")
    assert quote.speaker == "a senior harbour official"


def test_noun_cue_with_possessor(analysis_settings):
    text = "Olga Brandt's warning that the bridge would fail was ignored by the council."
    quote = next(q for q in _quotes(text, analysis_settings) if q.cue_lemma == "warning")
    assert "the bridge would fail" in quote.span.text
    assert quote.speaker == "Olga Brandt"


def test_later_quote_in_the_paragraph_joins_the_attribution(analysis_settings):
    text = ("\u201cThe harbour is full,\u201d Peter Holm said. "
            "\u201cWe cannot take another ship this winter.\u201d")
    quote = _one(text, analysis_settings)
    assert quote.cue.text == "said"
    assert quote.speaker == "Peter Holm"
    assert quote.span.text.endswith("this winter.")


def test_quoted_name_in_the_writers_next_sentence_stays_out(analysis_settings):
    # A later quote continues the speaker only when it opens a sentence; a quoted
    # name inside the writer's own sentence is no part of what was said.
    text = ("\u201cThe harbour is full,\u201d said Peter Holm, who leads a group of "
            "fishermen. The group meets at the \u201cRed Anchor\u201d pub on Fridays.")
    quotes = [q for q in _quotes(text, analysis_settings) if q.cue_lemma == "say"]
    assert len(quotes) == 1
    assert quotes[0].span.text == "The harbour is full"
    assert "Red Anchor" not in quotes[0].span.text


def test_cue_after_a_sentence_break(analysis_settings):
    text = ("Peter Holm wrote about the harbour.\n\n"
            "\u201cThe harbour is full! Nobody listens to the fishermen!\u201d "
            "Olga Brandt wrote on Sunday.")
    quote = _one(text, analysis_settings)
    assert quote.speaker == "Olga Brandt"
    assert quote.cue.text == "wrote"


def test_pronoun_never_resolves_to_a_name_inside_quotes(analysis_settings):
    text = ("Olga Brandt visited the harbour.\n\n"
            "\u201cGood morning, Peter Holm!\u201d she said.")
    quote = _one(text, analysis_settings)
    assert quote.speaker == "Olga Brandt"


def test_relative_pronoun_is_the_mention_at_the_cue(analysis_settings):
    text = ("The plan was criticised by Peter Holm, who said it would "
            "\u201cruin the old harbour for good.\u201d")
    quote = next(q for q in _quotes(text, analysis_settings) if q.kind is QuoteKind.MIXED)
    assert quote.speaker_span.text == "who"
    assert quote.speaker == "Peter Holm"


def test_verb_of_thinking_inside_speech_gives_the_quote_to_the_speaker(analysis_settings):
    text = ("Olga Brandt said she believes the council has "
            "\u201cthe wind at its back\u201d before the vote.")
    quote = next(q for q in _quotes(text, analysis_settings) if q.kind is QuoteKind.MIXED)
    assert quote.cue.text == "said"
    assert quote.speaker == "Olga Brandt"


def test_quote_after_a_colon_takes_the_clause_before_it(analysis_settings):
    text = "Olga Brandt then addressed the fishermen: \u201cWe will not give up the pier.\u201d"
    quote = _one(text, analysis_settings)
    assert quote.speaker == "Olga Brandt"
    assert quote.cue.text == "addressed"


def test_quote_ending_in_comma_takes_the_verb_after_it(analysis_settings):
    text = ("\u201cThe pier stays open,\u201d Peter Holm said. "
            "\u201cIt will close in May,\u201d an angry Olga Brandt retorted.")
    speakers = [q.speaker for q in _quotes(text, analysis_settings)]
    assert speakers == ["Peter Holm", "Olga Brandt"]


def test_phrasal_speech_verb(analysis_settings):
    quote = _one("\u201cThe numbers do not add up,\u201d Peter Holm pointed out.",
                 analysis_settings)
    assert quote.speaker == "Peter Holm"
    assert quote.cue.text == "pointed"


def test_according_to_after_the_speech_verb_names_the_source(analysis_settings):
    text = ("\u201cWe will rebuild the pier,\u201d Olga Brandt said, "
            "according to the Harbour Gazette.")
    quote = _one(text, analysis_settings)
    assert quote.cue_lemma == "according to"
    assert "Harbour Gazette" in quote.speaker


@pytest.mark.parametrize("text", [
    pytest.param("Peter Holm said that Olga Brandt once described the ferry deal as "
                 "\u201cthe worst contract in the history of the port.\u201d",
                 id="speech-verb-inside-reported-speech"),
    pytest.param("Peter Holm argued that the new pier would keep the ferries running, saying "
                 "it was \u201cthe only sensible plan for the harbour.\u201d",
                 id="participle-on-the-reported-clause"),
    pytest.param("Peter Holm said the plan would cost millions, and called it "
                 "\u201ca waste of public money for the town.\u201d",
                 id="conjunct-of-the-reported-clause"),
    pytest.param("Peter Holm said he is sure Olga Brandt will continue to be "
                 "\u201ca strong voice for the fishermen of the bay.\u201d",
                 id="continue-to-be-is-not-speech"),
])
def test_reported_speech_keeps_the_reporter(text, analysis_settings):
    quotes = [q for q in _quotes(text, analysis_settings) if q.kind is not QuoteKind.INDIRECT]
    assert quotes and {q.speaker for q in quotes} == {"Peter Holm"}


def test_participle_after_a_time_clause_keeps_the_main_speaker(analysis_settings):
    text = ("\u201cWe need the ferry back,\u201d Peter Holm said after the mayor won the vote, "
            "adding that the council had \u201cno plan for the winter at all.\u201d")
    speakers = {q.speaker for q in _quotes(text, analysis_settings)
                if q.kind is not QuoteKind.INDIRECT}
    assert speakers == {"Peter Holm"}


@pytest.mark.parametrize("text", [
    pytest.param("Olga Brandt told the network\u2019s \u201cMorning Harbour Show\u201d "
                 "that the pier was safe.", id="possessive"),
    pytest.param("In his book \u201cThe Long Way Home to the Harbour,\u201d Peter Holm "
                 "said the pier was safe.", id="work-noun"),
])
def test_a_quoted_title_of_a_work_is_not_a_quote(text, analysis_settings):
    quoted = [q for q in _quotes(text, analysis_settings) if q.kind is not QuoteKind.INDIRECT]
    assert quoted == []


def test_a_title_between_two_parts_is_not_a_part(analysis_settings):
    text = ("\u201cThe pier is safe,\u201d Olga Brandt said on the network\u2019s "
            "\u201cMorning Harbour Show.\u201d \u201cWe will open it in May.\u201d")
    quote = _one(text, analysis_settings)
    assert [p.text for p in quote.parts] == ["The pier is safe,", "We will open it in May."]


def test_not_saying_whether_is_not_an_attribution(analysis_settings):
    assert _quotes("The council has not said whether it will close the harbour.",
                   analysis_settings) == ()


def test_a_transcript_line_names_its_speaker(analysis_settings):
    text = ("\u201cHOLM: The pier must be rebuilt before the winter storms come.\n\n"
            "\u201cBRANDT: We have no money for it this year.\u201d")
    speakers = [q.speaker for q in _quotes(text, analysis_settings)]
    assert speakers == ["Holm", "Brandt"]
