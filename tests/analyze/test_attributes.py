"""FastAttributes gives every token the same POS, morphology, lemma, tag and
dependency as the pipeline's own attribute_ruler and lemmatizer."""

import pytest

# Written for this test: contractions and slang the ruler's two-token and regex
# patterns cover, pronoun case by dependency, auxiliaries, expletive "there",
# whitespace tokens, and words whose lemma depends on their morphology.
TEXTS = [
    "I ain't gonna do it, y'all. Let's go, we gotta leave. C'mon, tell 'em 'nuff is 'nuff.",
    "He was doin' nothin' with his ol' car, somethin' the mayor's office called odd.",
    "It is what it is; you said I was there.  \n\n  Spaces   here\t\ttoo. There is a cat.",
    "Do you have it? I did have it, she does, and they'd have done it.",
    "The latest data show the fastest growth; the latest one was the late mayor's best.",
    "She lay down where the hens lay eggs; he got shot after he'd shot first.",
    "Whether or not that is true, the officials, who've denied it, won't say whom they met.",
    "Russia\u2019s envoy said it\u2019s \u201cnot refuting\u201d the reports \u2014 that\u2019s all.",
    "  ",
    "\n",
    "",
]


def _rows(docs):
    return [[(t.text, t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_) for t in doc]
            for doc in docs]


@pytest.fixture(scope="module")
def nlp():
    pytest.importorskip("spacy")
    from factdesk.analyze import load_pipeline
    from factdesk.settings import Settings

    try:
        return load_pipeline(Settings().spacy_model)
    except Exception as exc:
        pytest.skip(f"spaCy pipeline not installed: {exc}")


def _compare(nlp, texts):
    from factdesk.analyze.parse.attributes import REPLACED, fast_attributes

    attributes = fast_attributes(nlp)
    assert attributes is not None, "the stock pipeline should get the fast path"
    stock = list(nlp.pipe(texts, batch_size=64))
    fast = list(nlp.pipe(texts, batch_size=64, disable=list(REPLACED)))
    attributes(fast)
    assert _rows(fast) == _rows(stock)


def test_same_attributes_as_the_stock_components(nlp):
    _compare(nlp, TEXTS)


def test_same_attributes_on_the_seed_page(nlp, shared_dir):
    text = (shared_dir / "seed" / "independent-2017-04-25-russia-taliban.txt").read_text(
        encoding="utf-8")
    _compare(nlp, [p for p in text.split("\n") if p.strip()])


def test_same_attributes_on_polnear_articles(nlp, shared_dir):
    paths = sorted((shared_dir / "data" / "polnear").glob("*/text/*.txt"))[:20]
    assert paths, "PolNeAR texts expected under ../shared/data/polnear"
    texts = [p for path in paths for p in path.read_text(encoding="utf-8").split("\n\n")]
    _compare(nlp, texts)


def test_a_changed_pipeline_keeps_its_own_components(nlp):
    from factdesk.analyze.parse.attributes import fast_attributes

    spacy = pytest.importorskip("spacy")
    blank = spacy.blank("en")
    assert fast_attributes(blank) is None
