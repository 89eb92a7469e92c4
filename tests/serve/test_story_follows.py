"""Following a story: a new article in it, and a new stance on one of its claims,
reach the follower's inbox; /following lists the story."""

from __future__ import annotations

import pytest

from factdesk.analyze import CLAIM_LINKER
from factdesk.notify import process

from factdesk.model import Analysis, ClaimMention, Stance, content_id

from .conftest import _record, _span, page_token

PIER = ("The harbour authority of Port Velin closed the northern ferry terminal after "
        "inspectors found cracks in the pier. Ferry services to the islands are suspended "
        "while divers survey the pier. Islanders fear shortages if the terminal stays shut.")
PIER_2 = ("Ferry passengers to the islands face weeks of disruption: Port Velin's northern "
          "terminal is shut because inspectors found cracks in its pier, the harbour "
          "authority said. Divers began a survey of the pier on Monday.")


def _first():
    return _record(PIER, "https://post.example/pier", "Harbour Post",
                   "2026-03-02T09:00:00+00:00", lambda a: Analysis(article_id=a.id))


def _second():
    def analysis_of(article):
        t = article.text
        words = "inspectors found cracks in its pier"
        mention = ClaimMention(
            id=content_id(article.id, "m"), span=_span(t, words), stance=Stance.ASSERTS,
            origin="report", evidence=_span(t, t.split(" Divers")[0]),
            source="the harbour authority", agent="inspectors", predicate="find",
            patient="cracks", cue=_span(t, "said"), cue_lemma="say", label=words,
            check_worthiness=0.8, analyzer="claims.test")
        return Analysis(article_id=article.id, claim_mentions=(mention,),
                        analyzers=("claims.test",))
    return _record(PIER_2, "https://courier.example/ferries", "Island Courier",
                   "2026-03-03T18:00:00+00:00", analysis_of)


@pytest.fixture
def store(store):
    """Only the first outlet's article on the pier story, for now."""
    store.write([_first()])
    store.recluster(CLAIM_LINKER)
    return store


def _story(store) -> str:
    story = store.story_of(_first().article.id)
    assert story is not None
    return story


def test_a_followed_story_tells_of_its_new_article_and_stance(people, store, settings):
    ana, ben = people("ana"), people("ben")
    story = _story(store)
    answer = ana.post("/follow", data={"kind": "story", "target": story,
                                       "csrf": page_token(ana)}, follow_redirects=False)
    assert answer.status_code == 303
    listed = ana.get("/following").text
    assert f'href="/stories/{story}"' in listed
    assert "story “The harbour authority of Port Velin closed" in listed
    process(store, settings)
    store.write([_second()])          # the second outlet's article joins the story
    store.recluster(CLAIM_LINKER)
    grown = store.story_of(_second().article.id)  # its id may change as it grows
    assert grown == store.story_of(_first().article.id)
    process(store, settings)
    items = ana.get("/api/me/inbox").json()["items"]
    titles = [item["title"] for item in items]
    assert any(t.startswith("New article: Ferry passengers to the islands") for t in titles), titles
    assert any(t.startswith("the harbour authority") for t in titles), titles  # its claim
    assert all(item["reason"] == f"story:{story}" for item in items)
    assert f'href="/stories/{grown}"' in ana.get("/following").text
    assert "you follow the story “The harbour authority of Port Velin" in ana.get("/inbox").text
    assert ben.get("/api/me/inbox").json()["items"] == []


def test_an_unknown_story_cannot_be_followed(people):
    ana = people("ana")
    answer = ana.post("/follow", data={"kind": "story", "target": "no-such-story",
                                       "csrf": page_token(ana)}, follow_redirects=False)
    assert answer.status_code == 422
    assert "no story" in answer.text


def test_the_story_page_has_a_follow_button(people, store):
    ana = people("ana")
    story = _story(store)
    html = ana.get(f"/stories/{story}").text
    assert 'name="kind" value="story"' in html and f'name="target" value="{story}"' in html
    ana.post("/follow", data={"kind": "story", "target": story, "csrf": page_token(ana)})
    assert "Following this story" in ana.get(f"/stories/{story}").text
