"""Stories in the store: articles about one event share a story id, whatever order
they arrive in; an unrelated article, or the same subject weeks later, does not."""

import random

from factdesk.analyze import CLAIM_LINKER
from factdesk.store import Store

PIER = ("The harbour authority of Port Velin closed the northern ferry terminal after "
        "inspectors found cracks in the pier. Ferry services to the islands are suspended "
        "while divers survey the pier. Islanders fear shortages if the terminal stays shut.")
PIER_2 = ("Ferry passengers to the islands face weeks of disruption: Port Velin's northern "
          "terminal is shut because inspectors found cracks in its pier, the harbour "
          "authority said. Divers began a survey of the pier on Monday.")
ORCHARD = ("Apple growers in the Dunmore valley expect a record harvest after a mild spring "
           "without frost. The valley cooperative will hire more pickers for the orchards.")
ARTICLES = [("a-pier", PIER, "2026-03-02T09:00:00+00:00"),
            ("a-pier-2", PIER_2, "2026-03-03T18:00:00+00:00"),
            ("a-orchard", ORCHARD, "2026-03-02T10:00:00+00:00"),
            ("a-pier-later", PIER_2, "2026-05-20T08:00:00+00:00")]


def _add(store, article_id, text, published):
    with store.transaction() as conn:
        conn.execute("INSERT INTO articles (id, key, source, text, published, record) "
                     "VALUES (?, ?, 's', ?, ?, '{}')", (article_id, article_id, text, published))


def _stories(store):
    return {a: store.story_of(a) for a, _, _ in ARTICLES}


def test_one_event_is_one_story_and_others_stay_apart(tmp_path):
    with Store(tmp_path / "s.db") as store:
        for article in ARTICLES:
            _add(store, *article)
        store.recluster(CLAIM_LINKER)
        story = _stories(store)
        assert story["a-pier"] == story["a-pier-2"]
        assert story["a-orchard"] != story["a-pier"]
        assert story["a-pier-later"] != story["a-pier"]  # same words, ten weeks on
        assert store.story_articles(story["a-pier"]) == ["a-pier", "a-pier-2"]


def test_stories_do_not_depend_on_arrival_order(tmp_path):
    snapshots = []
    for n, order in enumerate((ARTICLES, list(reversed(ARTICLES)),
                               random.Random(5).sample(ARTICLES, len(ARTICLES)))):
        with Store(tmp_path / f"{n}.db") as store:
            for article in order:  # one at a time, regrouped as each arrives
                _add(store, *article)
                store.recluster(CLAIM_LINKER)
            snapshots.append(_stories(store))
    assert snapshots[0] == snapshots[1] == snapshots[2]


def test_an_article_that_is_no_longer_current_leaves_its_story(tmp_path):
    with Store(tmp_path / "c.db") as store:
        for article in ARTICLES[:2]:
            _add(store, *article)
        store.recluster(CLAIM_LINKER)
        store.conn.execute("UPDATE articles SET current = 0 WHERE id = 'a-pier-2'")
        store.recluster(CLAIM_LINKER)
        assert store.story_of("a-pier-2") is None
        assert store.story_articles(store.story_of("a-pier")) == ["a-pier"]
