"""One canonical id per person across articles (``store/identity.py``).

The names and articles here are written for these tests; analyses are built
by hand, so no spaCy is needed.
"""

import pytest

from factdesk.model import (
    Analysis,
    Article,
    Entity,
    EntityType,
    Quote,
    QuoteKind,
    Span,
    content_id,
)
from factdesk.notify.match import match
from factdesk.model import PageOutcome
from factdesk.store import Store
from factdesk.store.events import events_after
from factdesk.store.people.follows import follow, followers, follows_of, is_following, unfollow
from factdesk.store.identity import Member, group_block, resolve_entity
from factdesk.clean import verbatim_article

KINDS = {"person": EntityType.PERSON, "org": EntityType.ORG, "gpe": EntityType.GPE,
         "norp": EntityType.NORP}


def _members(*specs: tuple[str, str, int]) -> list[Member]:
    return [Member(id=eid, kind=eid.split(":")[0].upper(), name=name, articles=n)
            for eid, name, n in specs]


def _groups(mapping: dict[str, str]) -> set[frozenset[str]]:
    found: dict[str, set[str]] = {}
    for member, canonical in mapping.items():
        found.setdefault(canonical, set()).add(member)
    return {frozenset(g) for g in found.values()}


@pytest.mark.parametrize("specs, expected", [
    pytest.param(
        [("person:daniel-harrow", "Daniel Harrow", 9),
         ("person:daniel-j-harrow", "Daniel J. Harrow", 3),
         ("person:harrow", "Harrow", 2), ("org:harrow", "Harrow", 1),
         ("person:ingrid-harrow", "Ingrid Harrow", 1),
         ("person:daniel-harrow-jr", "Daniel Harrow Jr.", 1)],
        {frozenset({"person:daniel-harrow", "person:daniel-j-harrow", "person:harrow",
                    "org:harrow"}),
         frozenset({"person:ingrid-harrow"}), frozenset({"person:daniel-harrow-jr"})},
        id="middle-initial-bare-surname-and-mistyped-org-join-relatives-stay-apart"),
    pytest.param(
        [("person:walter-p-quist", "Walter P. Quist", 2),
         ("person:walter-k-quist", "Walter K. Quist", 2),
         ("person:walter-quist", "Walter Quist", 1)],
        {frozenset({"person:walter-p-quist"}), frozenset({"person:walter-k-quist"}),
         frozenset({"person:walter-quist"})},
        id="two-middles-for-one-name-are-two-people-and-the-plain-name-stays-apart"),
    pytest.param(
        [("person:ann-velde", "Ann Velde", 4), ("person:tom-velde", "Tom Velde", 3),
         ("person:velde", "Velde", 2)],
        {frozenset({"person:ann-velde"}), frozenset({"person:tom-velde"}),
         frozenset({"person:velde"})},
        id="a-bare-surname-with-no-dominant-person-stays-apart"),
    pytest.param(
        [("person:ann-velde", "Ann Velde", 4), ("person:tom-velde", "Tom Velde", 1),
         ("person:velde", "Velde", 2)],
        {frozenset({"person:ann-velde", "person:velde"}), frozenset({"person:tom-velde"})},
        id="a-bare-surname-joins-a-person-named-in-three-times-the-articles"),
    pytest.param(
        [("person:henry-fordham", "Henry Fordham", 1), ("org:fordham", "Fordham", 6)],
        {frozenset({"person:henry-fordham"}), frozenset({"org:fordham"})},
        id="an-organisation-named-in-more-articles-than-the-people-stays-an-organisation"),
    pytest.param(
        [("person:jim-harrow", "Jim Harrow", 2), ("person:james-harrow", "James Harrow", 1),
         ("org:jim-harrow", "Jim Harrow", 1)],
        {frozenset({"person:jim-harrow", "person:james-harrow", "org:jim-harrow"})},
        id="familiar-given-names-and-a-full-name-tagged-as-organisation-join"),
    pytest.param(
        [("person:amara-okafor", "Amara Okafor", 3),
         ("person:crooked-amara-okafor", "Crooked Amara Okafor", 1)],
        {frozenset({"person:amara-okafor", "person:crooked-amara-okafor"})},
        id="an-epithet-before-a-known-full-name-is-no-given-name"),
    pytest.param(
        [("gpe:harrow", "Harrow", 1), ("person:peter-harrow", "Peter Harrow", 5)],
        {frozenset({"gpe:harrow"}), frozenset({"person:peter-harrow"})},
        id="a-place-never-joins-across-articles"),
])
def test_group_block(specs, expected):
    assert _groups(group_block(_members(*specs))) == expected


@pytest.mark.parametrize("as_given, joins", [
    pytest.param(0, True, id="no-one-has-it-as-given-name"),
    pytest.param(3, True, id="fewer-articles-name-it-as-given-name"),
    pytest.param(4, False, id="as-many-articles-name-it-as-given-name"),
])
def test_a_bare_name_that_is_also_a_given_name_is_weighed_against_it(as_given, joins):
    mapping = group_block(_members(("person:graham", "Graham", 1),
                                   ("person:lindsey-graham", "Lindsey Graham", 4)),
                          {"graham": as_given})
    assert (mapping["person:graham"] == "person:lindsey-graham") is joins


def test_the_canonical_id_is_a_plain_full_name_of_the_group():
    mapping = group_block(_members(("person:daniel-j-harrow", "Daniel J. Harrow", 9),
                                   ("person:daniel-harrow", "Daniel Harrow", 2),
                                   ("person:harrow", "Harrow", 3)))
    assert set(mapping.values()) == {"person:daniel-harrow"}


# -- in the store -------------------------------------------------------------------


def _record(n: int, names: list[tuple[str, str]], speaker: str | None = None) -> PageOutcome:
    """Article ``n`` naming each ``(id, name)``; ``speaker`` (an id) says a quote."""
    body = " ".join(f"{name} was there." for _, name in names)
    text = f"Story {n}\n{body}\n\u201cWe will build it,\u201d said someone."
    url = f"https://news.example/{n}"
    article = verbatim_article(text, source=url, url=url)
    article = Article(**{**{f: getattr(article, f) for f in article.__slots__},
                         "page_id": content_id(url, text)})
    entities = []
    at = 0
    for eid, name in names:
        start = text.index(name, at)
        at = start + len(name)
        entities.append(Entity(id=eid, name=name, kind=KINDS[eid.split(":")[0]],
                               mentions=(Span(start=start, end=at, text=name),)))
    quotes = ()
    if speaker:
        start = text.index("We will")
        quotes = (Quote(id=content_id(article.id, "q"), kind=QuoteKind.DIRECT,
                        span=Span(start=start, end=start + 15, text=text[start:start + 15]),
                        speaker=dict(names)[speaker], speaker_id=speaker, cue_lemma="say",
                        analyzer="quotes.rules.test"),)
    analysis = Analysis(article_id=article.id, entities=tuple(entities), quotes=quotes,
                        analyzers=("entities.test",))
    return PageOutcome(source=url, page_id=article.page_id, key=url, url=url,
                      content_type="text/plain", size=len(text), article=article,
                      analysis=analysis)


CORPUS = [
    _record(1, [("person:daniel-harrow", "Daniel Harrow"),
                ("person:ingrid-harrow", "Ingrid Harrow")]),
    _record(2, [("person:daniel-j-harrow", "Daniel J. Harrow")]),
    _record(3, [("person:harrow", "Harrow")]),
    _record(4, [("org:harrow", "Harrow")]),
    _record(5, [("person:daniel-harrow", "Daniel Harrow")]),
    _record(6, [("person:daniel-harrow", "Daniel Harrow"),
                ("person:daniel-harrow-jr", "Daniel Harrow Jr.")]),
    _record(7, [("person:daniel-harrow", "Daniel Harrow"), ("gpe:oslo", "Oslo")]),
]


def _identities(store: Store) -> tuple:
    conn = store.conn
    return (sorted(conn.execute("SELECT alias_id, entity_id FROM entity_aliases")),
            sorted(conn.execute("SELECT id, kind, name, articles FROM entities")))


def _load(records, one_by_one: bool) -> tuple:
    with Store(":memory:") as store:
        if one_by_one:
            for r in records:
                store.write([r])
        else:
            store.write(records)
        return _identities(store)


def test_one_person_across_articles_and_relatives_apart():
    aliases, entities = _load(CORPUS, one_by_one=True)
    canonical = dict(aliases)
    assert {a for a, c in aliases if c == "person:daniel-harrow"} == {
        "person:daniel-harrow", "person:daniel-j-harrow", "person:harrow", "org:harrow"}
    assert canonical["person:ingrid-harrow"] == "person:ingrid-harrow"
    assert canonical["person:daniel-harrow-jr"] == "person:daniel-harrow-jr"
    rows = {e[0]: e for e in entities}
    assert rows["person:daniel-harrow"] == ("person:daniel-harrow", "PERSON", "Daniel Harrow", 7)
    assert "person:harrow" not in rows and "org:harrow" not in rows


@pytest.mark.parametrize("order", [
    pytest.param(list(range(7)), id="in-order"),
    pytest.param(list(range(6, -1, -1)), id="reversed"),
    pytest.param([3, 2, 6, 0, 5, 1, 4], id="shuffled"),
])
@pytest.mark.parametrize("one_by_one", [True, False], ids=["one-write-each", "one-write"])
def test_canonical_ids_do_not_depend_on_arrival_order(order, one_by_one):
    assert _load([CORPUS[i] for i in order], one_by_one) == _load(CORPUS, one_by_one=False)


def test_a_bare_surname_joins_only_while_one_person_of_that_name_dominates():
    with Store(":memory:") as store:
        store.write([CORPUS[2]])
        assert resolve_entity(store.conn, "person:harrow") == "person:harrow"
        store.write([CORPUS[4]])  # Daniel Harrow, the only Harrow with a given name
        assert resolve_entity(store.conn, "person:harrow") == "person:daniel-harrow"
        store.write([CORPUS[0]])  # Ingrid Harrow too: Daniel in 2 articles, Ingrid in 1
        assert resolve_entity(store.conn, "person:harrow") == "person:harrow"
        store.write([CORPUS[5], CORPUS[6]])  # Daniel in 4 articles
        assert resolve_entity(store.conn, "person:harrow") == "person:daniel-harrow"


def test_a_bare_given_name_leaves_a_surname_once_more_articles_use_it_as_given_name():
    toms = [_record(20, [("person:tom", "Tom")]), _record(21, [("person:kirk-tom", "Kirk Tom")]),
            _record(22, [("person:tom-lindqvist", "Tom Lindqvist")]),
            _record(23, [("person:thomas-lindqvist", "Thomas Lindqvist")])]
    with Store(":memory:") as store:
        store.write(toms[:2])
        assert resolve_entity(store.conn, "person:tom") == "person:kirk-tom"
        store.write(toms[2:])  # two articles name a Tom (Thomas): no block of "tom" touched
        assert resolve_entity(store.conn, "person:tom") == "person:tom"
        assert _identities(store) == _load(toms[::-1], one_by_one=True)


def test_a_followed_entity_stays_followed_when_ids_merge():
    with Store(":memory:") as store:
        store.write([CORPUS[1]])  # only "Daniel J. Harrow" so far: its own entity
        with store.transaction() as conn:
            user = conn.execute("INSERT INTO users (name, email, password_hash, created, "
                                "feed_token, channels) VALUES ('ana', 'ana@example.org', 'x', "
                                "'2026-01-01', 't', '{}')").lastrowid
            follow(conn, user, "entity", "person:daniel-j-harrow")
        store.write([CORPUS[0], CORPUS[4], CORPUS[2]])  # "Daniel Harrow" in more articles: merged
        conn = store.conn
        assert resolve_entity(conn, "person:daniel-j-harrow") == "person:daniel-harrow"
        assert is_following(conn, user, "entity", "person:daniel-harrow")
        assert followers(conn, "entity", "person:daniel-harrow") == [user]
        assert [f.current for f in follows_of(conn, user)] == ["person:daniel-harrow"]
        # a quote by the person under another article's id reaches the follower
        said = _record(8, [("person:daniel-harrow", "Daniel Harrow")],
                       speaker="person:daniel-harrow")
        store.write([said])
        quotes = [e for e in events_after(conn, 0) if e.kind == "quote"]
        assert quotes and [user for user, _ in match(conn, quotes[0])] == [user]
        with store.transaction() as conn:  # unfollowing under yet another of its ids
            assert unfollow(conn, user, "entity", "person:harrow")
        assert not is_following(store.conn, user, "entity", "person:daniel-harrow")


def test_an_old_database_is_grouped_when_migrated(tmp_path):
    db = tmp_path / "old.db"
    with Store(db) as store:
        store.write(CORPUS)
        with store.transaction() as conn:  # as the store was before identities
            conn.execute("DELETE FROM entities")
            conn.execute("INSERT INTO entities (id, kind, name, articles) SELECT alias_id, kind, "
                         "name, 1 FROM entity_aliases")
            conn.execute("DROP TABLE entity_aliases")
            conn.execute("DELETE FROM migrations WHERE name = '0015_entity_identity'")
    with Store(db) as store:
        assert _identities(store) == _load(CORPUS, one_by_one=False)
