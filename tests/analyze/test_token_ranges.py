"""``tokens_starting_in``: the tokens whose first character lies in a range,
the same as a scan of the whole ``Doc`` gives, however the range falls."""

import random

import pytest

from factdesk.analyze.parse.ranges import tokens_starting_in


@pytest.fixture(scope="module")
def doc():
    from factdesk.analyze import load_pipeline
    from factdesk.settings import Settings

    nlp = load_pipeline(Settings().spacy_model)
    return nlp("The minister denied it. Officials said the talks, which began in May, "
               "would go on; a spokesman declined to comment.")


def test_every_range_gives_what_a_full_scan_gives(doc):
    rng = random.Random(3)
    n = len(doc.text)
    for _ in range(300):
        start, end = sorted(rng.randint(-2, n + 2) for _ in range(2))
        want = [t.i for t in doc if start <= t.idx < end]
        assert [t.i for t in tokens_starting_in(doc, start, end)] == want


def test_a_range_inside_one_token_holds_no_token_but_its_start_does(doc):
    minister = next(t for t in doc if t.text == "minister")
    assert list(tokens_starting_in(doc, minister.idx + 1, minister.idx + 4)) == []
    assert [t.text for t in tokens_starting_in(doc, minister.idx, minister.idx + 1)] == \
        ["minister"]
