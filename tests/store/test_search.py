"""The store's read API for search: kinds, filters, paging, phrases and marks,
over a handful of hand-made articles (no spaCy)."""

from datetime import datetime

import pytest

from factdesk.clean import verbatim_article
from factdesk.errors import StoreError
from factdesk.model import (
    Analysis,
    Article,
    Entity,
    EntityType,
    PageOutcome,
    Quote,
    QuoteKind,
    Span,
    content_id,
)
from factdesk.store import (
    Filters,
    Paging,
    SearchKind,
    Store,
    search,
    text_search,
)
from factdesk.store.marks import bracketed, segments

# (slug, outlet, date, speaker, what the speaker said)
ARTICLES = [
    ("ferry-1", "Harbour Times", "2024-03-01", "Amara Okafor", "The ferry will run again by June"),
    ("ferry-2", "Harbour Times", "2024-03-05", "Ben Adeyemi", "Run the ferry will not, says he"),
    ("ferry-3", "Valley Post", "2024-04-10", "Amara Okafor", "The ferry will run in July instead"),
    ("roof-1", "Valley Post", "2024-04-12", "Carla Diaz", "The school roof leaks in every storm"),
    ("roof-2", "", "2024-05-02", "Carla Diaz", "Repairs to the roof start after the ferry season"),
]


def _record(slug, outlet, date, speaker, said):
    url = f"https://{'news.example' if not outlet else outlet.lower().replace(' ', '')}.test/{slug}"
    text = f"Headline {slug}\n\u201c{said},\u201d said {speaker}.\nMore about {slug}."
    base = verbatim_article(text, source=url, url=url)
    article = Article(**{**{f: getattr(base, f) for f in base.__slots__},
                         "headline": base.paragraphs[0], "site_name": outlet,
                         "published": datetime.fromisoformat(f"{date}T09:00:00+00:00"),
                         "page_id": content_id(url, text)})
    start = text.index(said)
    name_at = text.index(speaker, start + len(said))
    person = Entity(id="person:" + speaker.lower().replace(" ", "-"), name=speaker,
                    kind=EntityType.PERSON,
                    mentions=(Span(start=name_at, end=name_at + len(speaker), text=speaker),))
    quote = Quote(id=content_id(article.id, "q"), kind=QuoteKind.DIRECT,
                  span=Span(start=start, end=start + len(said), text=said), speaker=speaker,
                  speaker_id=person.id, cue_lemma="say", analyzer="quotes.rules.test")
    analysis = Analysis(article_id=article.id, entities=(person,), quotes=(quote,),
                        analyzers=("quotes.rules.test",))
    return PageOutcome(source=url, page_id=article.page_id, key=url, url=url,
                      content_type="text/html", size=len(text), article=article,
                      analysis=analysis)


@pytest.fixture(scope="module")
def store():
    with Store(":memory:") as s:
        s.write([_record(*row) for row in ARTICLES])
        yield s


def _texts(page):
    return [("".join(s["text"] for s in segments(hit.snippet))) for hit in page.items]


def test_plain_words_match_in_any_order_and_are_marked(store):
    found = search(store, SearchKind.QUOTES, "run ferry")
    assert found.total == 3
    assert sorted(_texts(found)) == sorted(said for *_, said in ARTICLES[:3])
    for hit in found.items:
        marked = [s["text"].lower() for s in segments(hit.snippet) if s["match"]]
        assert sorted(set(marked)) == ["ferry", "run"]


def test_a_raw_phrase_matches_only_those_words_in_that_order(store):
    phrase = search(store, SearchKind.QUOTES, '"ferry will run"', raw=True)
    assert sorted(_texts(phrase)) == ["The ferry will run again by June",
                                      "The ferry will run in July instead"]
    assert search(store, SearchKind.QUOTES, '"run will ferry"', raw=True).total == 0
    # a plain query quotes phrases too (query_syntax); without quotes they are words
    assert search(store, SearchKind.QUOTES, '"run will ferry"').total == 0
    assert sorted(_texts(search(store, SearchKind.QUOTES, '"ferry will run"'))) == \
        sorted(_texts(phrase))
    assert search(store, SearchKind.QUOTES, "run will ferry").total == 3


def test_a_bad_raw_query_is_a_store_error_that_says_what_to_do(store):
    with pytest.raises(StoreError, match="drop --raw"):
        search(store, SearchKind.QUOTES, '"unbalanced', raw=True)


def test_filters_narrow_by_outlet_date_and_speaker(store):
    by_outlet = search(store, SearchKind.ARTICLES, "ferry", Filters(outlet="valley post"))
    assert {hit.outlet for hit in by_outlet.items} == {"Valley Post"}
    assert by_outlet.total == 1  # ferry-3; roof-2 has no site name and its host is another
    by_host = search(store, SearchKind.ARTICLES, "", Filters(outlet="news.example.test"))
    assert [hit.title for hit in by_host.items] == ["Headline roof-2"]
    spring = search(store, SearchKind.ARTICLES, "",
                    Filters(date_from="2024-03-02", date_to="2024-04-10"))
    assert [hit.title for hit in spring.items] == ["Headline ferry-3", "Headline ferry-2"]
    by_name = search(store, SearchKind.QUOTES, "ferry", Filters(speaker="amara okafor"))
    by_id = search(store, SearchKind.QUOTES, "ferry", Filters(speaker="person:amara-okafor"))
    assert by_name.items == by_id.items and by_name.total == 2
    assert {hit.speaker for hit in by_name.items} == {"Amara Okafor"}
    articles_quoting = search(store, SearchKind.ARTICLES, "", Filters(speaker="Carla Diaz"))
    assert {hit.title for hit in articles_quoting.items} == {"Headline roof-1",
                                                             "Headline roof-2"}


def test_paging_walks_the_whole_list_once_newest_first(store):
    seen = []
    paging = Paging(limit=2, offset=0)
    while True:
        page = search(store, SearchKind.ARTICLES, "", Filters(), paging)
        assert page.total == len(ARTICLES) and len(page.items) <= 2
        seen += [hit.published[:10] for hit in page.items]
        if page.next_offset is None:
            break
        assert page.next_offset == paging.offset + 2
        paging = Paging(limit=2, offset=page.next_offset)
    assert seen == sorted((date for _, _, date, *_ in ARTICLES), reverse=True)
    last = search(store, SearchKind.ARTICLES, "", Filters(), Paging(limit=2, offset=4))
    assert len(last.items) == 1 and last.next_offset is None
    assert last.to_dict()["next_offset"] is None and last.to_dict()["total"] == 5
    beyond = search(store, SearchKind.ARTICLES, "", Filters(), Paging(limit=2, offset=9))
    assert beyond.items == () and beyond.total == 5 and beyond.next_offset is None


def test_entities_are_found_by_name_and_every_kind_is_known(store):
    found = search(store, SearchKind.ENTITIES, "okafor")
    assert [(hit.title, hit.articles) for hit in found.items] == [("Amara Okafor", 2)]
    assert search(store, "quotes", "roof").total == 2  # a kind's plain value works too
    with pytest.raises(StoreError, match="cannot search 'pages'"):
        search(store, "pages", "roof")


def test_text_search_gives_each_kind_best_first_with_bracketed_matches(store):
    hits = text_search(store, "roof", limit=1)
    assert [hit.kind for hit in hits] == [SearchKind.ARTICLES, SearchKind.QUOTES]
    assert all("[roof]" in bracketed(hit.snippet) for hit in hits)
    assert hits[0].score > 0
    with pytest.raises(StoreError, match="no words"):
        text_search(store, "?!")
    with pytest.raises(StoreError, match="cannot search 'entities'"):
        text_search(store, "roof", kinds=("entities",))
