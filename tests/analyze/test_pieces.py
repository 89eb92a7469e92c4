"""Long paragraphs are parsed in bounded pieces with exact offsets (issue 17)."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factdesk.analyze.parse.nlp import units_of
from factdesk.analyze.parse.pieces import MAX_PIECE_CHARS, MAX_RUN_CHARS, pieces, reads_as_text
from factdesk.clean import verbatim_article
from factdesk.model import Span


def _span(text: str, start: int = 0) -> Span:
    return Span(start=start, end=start + len(text), text=text)


def _check(span: Span, limit: int) -> list[Span]:
    """Every piece is a trimmed, in-order slice of the span, at most ``limit`` long."""
    out = list(pieces(span, limit))
    if out == [span] and len(span.text) <= limit:  # short enough: the span itself
        return out
    text = "x" * span.start + span.text
    for piece in out:
        assert text[piece.start:piece.end] == piece.text
        assert span.start <= piece.start < piece.end <= span.end
        assert 0 < len(piece.text) <= limit
        assert piece.text == piece.text.strip()
    assert all(a.end <= b.start for a, b in zip(out, out[1:]))
    return out


def test_an_ordinary_paragraph_comes_back_whole():
    span = _span("The council met on Tuesday. \"We will decide soon,\" the mayor said.", 40)
    assert list(pieces(span)) == [span]


def test_a_long_paragraph_is_cut_after_a_sentence():
    sentence = "The ferry runs twice a day between the island and Kellin Quay. "
    text = (sentence * 400).strip()  # about 25,000 characters
    out = _check(_span(text, 7), MAX_PIECE_CHARS)
    assert len(out) == 3
    assert all(p.text.endswith("Quay.") for p in out)
    # nothing but the spaces between pieces is left out
    assert sum(len(p.text) for p in out) == len(text) - (len(out) - 1)


def test_a_long_line_without_breaks_is_cut_at_the_limit():
    text = "a b " * 5000
    out = _check(_span(text), 1000)
    assert max(len(p.text) for p in out) <= 1000


@pytest.mark.parametrize(("run", "parsed"), [
    pytest.param("—" * 5000, 0, id="em-dashes-not-parsed"),
    pytest.param("\"'" * 3000, 0, id="ascii-quotes-not-parsed"),
    pytest.param("1234567890" * 100, 0, id="digits-not-parsed"),
    pytest.param("'s" * 3000, 0, id="apostrophe-s-half-letters-not-parsed"),
    # bench/fuzz.py seed 1 input 84140: a name, then a run of 's (a little over half letters)
    pytest.param("Clinton" + "'s" * 3000, 0, id="name-then-apostrophe-s-not-parsed"),
    pytest.param("wordswithoutspaces" * 100, 1800, id="letters-parsed-in-pieces"),
    pytest.param("日本語の文章" * 100, 600, id="unspaced-script-parsed-in-pieces"),
])
def test_a_run_without_spaces_is_bounded(run, parsed):
    text = f"Before the run. {run} After the run."
    out = _check(_span(text), MAX_PIECE_CHARS)
    assert out[0].text == "Before the run." and out[-1].text == "After the run."
    middle = out[1:-1]
    assert sum(len(p.text) for p in middle) == parsed
    assert all(len(p.text) <= MAX_RUN_CHARS for p in middle)


def test_units_of_cuts_only_the_long_paragraph():
    short = "A short paragraph that stays whole."
    long = "Words and more words in a very long paragraph. " * 500
    text = f"{short}\n{long.strip()}\n"
    article = verbatim_article(text)
    units = units_of(article)
    assert units[0] == article.paragraphs[0]
    assert len(units) > 2
    assert all(text[u.start:u.end] == u.text for u in units)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab .!?\n—'\"日"), max_size=3000),
       st.integers(min_value=20, max_value=500), st.integers(min_value=0, max_value=50))
def test_pieces_keep_exact_offsets(text, limit, start):
    out = _check(_span(text, start), limit)
    # whatever is left out is whitespace, a run without spaces that is not mostly
    # letters, or a stretch that does not read as text
    bounds = [0, *(x for p in out for x in (p.start - start, p.end - start)), len(text)]
    for gap_start, gap_end in zip(bounds[::2], bounds[1::2]):
        gap = text[gap_start:gap_end]
        if gap.strip():
            long_runs = [m for m in re.finditer(r"\S+", gap) if len(m.group()) > MAX_RUN_CHARS]
            assert long_runs or not reads_as_text(gap), gap


@pytest.mark.parametrize(("text", "parsed"), [
    pytest.param("The mayor said no.", True, id="prose"),
    pytest.param("Clinton 48%, Trump 43%, Johnson 7%", True, id="poll-figures"),
    pytest.param("नमस्ते दुनिया, उसने कहा।", True, id="combining-marks-go-with-letters"),
    pytest.param("S\ufeffm\ufeffa\ufeffl\ufeffl g\ufeffr\ufeffo\ufeffu\ufeffp", True,
                 id="invisible-characters-do-not-count"),
    # bench/fuzz.py seed 1 inputs 84127, 87528, 103566: text re-encoded with
    # errors="replace" is question marks with a few letters; 550-850 tokens/KB
    pytest.param("???? ??? ?????. ?? ???? ?? ???? ????.", False, id="lost-encoding"),
    pytest.param("\u2014 \u2014 \u2022 \u2022 ___.", False, id="punctuation"),
    pytest.param("\u200b\u200b", False, id="only-invisible"),
])
def test_only_pieces_that_read_as_text_are_parsed(text, parsed):
    assert reads_as_text(text) is parsed
    assert [p.text for p in pieces(_span(text))] == ([text] if parsed else [])
