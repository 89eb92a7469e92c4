"""Claim mentions of a page with tens of thousands of paragraphs are found in
time linear in the paragraphs (issue 17 item 7).

``bench/fuzz.py`` input 52,075 of seed 1 (205 KB: words joined by zero-width
joiners, broken markup and a long run of one character, cleaned into 50,010
paragraphs) took 105 CPU seconds, 48 times the median analysed input per KB.
For every paragraph the claim finder asked whether it starts one of the
article's paragraphs by scanning all of them, and for every quote it rebuilt
the list of paragraph offsets: 200 million comparisons.  Now the starts and
offsets are collected once per article (the page: 100 -> 14 CPU s).  The
test counts how often the paragraphs are walked instead of timing anything.
"""

from __future__ import annotations

import dataclasses

from factdesk.analyze.claims.mentions import find_claim_mentions
from factdesk.analyze.entities.index import EntityIndex
from factdesk.analyze.parse.nlp import Parsed
from factdesk.clean import verbatim_article


class _Counted(tuple):
    """The article's paragraphs, counting every walk over them."""

    walks = 0

    def __iter__(self):
        type(self).walks += 1
        return super().__iter__()


def _walks(paragraphs: int, analysis_settings) -> int:
    from factdesk.analyze import load_pipeline
    from factdesk.analyze.parse.nlp import parse_many

    text = "\n".join(f"Item {n} of the list." for n in range(paragraphs))
    article = verbatim_article(text, source="many.txt")
    nlp = load_pipeline(analysis_settings.spacy_model)
    (parsed,) = parse_many([article], nlp)
    counted = dataclasses.replace(article, paragraphs=_Counted(article.paragraphs))
    _Counted.walks = 0
    find_claim_mentions(Parsed(article=counted, units=parsed.units), (), EntityIndex(()))
    return _Counted.walks


def test_the_paragraphs_are_walked_a_fixed_number_of_times(analysis_settings):
    few, many = _walks(20, analysis_settings), _walks(400, analysis_settings)
    assert many == few <= 5, (few, many)  # was once per paragraph: 20 and 400
