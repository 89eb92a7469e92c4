"""The search box's query language: the parser (tokens -> FTS5 expression) and
what it finds in a small hand-made corpus (no spaCy)."""

import sqlite3

import pytest

from factdesk.errors import QuerySyntaxError, StoreError
from factdesk.store import Filters, SearchKind, Store, search
from factdesk.store.people.follows import search_matches
from factdesk.store.query_syntax import MAX_TERMS, ParsedQuery, parse_query

from .test_search import _record

# --- the parser ---------------------------------------------------------------------


@pytest.mark.parametrize(("query", "match"), [
    ("clinton email", '("clinton") AND ("email")'),
    ('"Clinton email"', '"Clinton email"'),
    ('"Clinton email" OR Comey', '("Clinton email") OR ("Comey")'),
    ("comey -trump", '("comey") NOT (("trump"))'),
    ("comey NOT trump", '("comey") NOT (("trump"))'),
    ("comey AND trump", '("comey") AND ("trump")'),
    ("elect*", '"elect"*'),
    ("(a OR b) c", '(("a") OR ("b")) AND ("c")'),
    ("U.S. aid", '("U S") AND ("aid")'),        # punctuation inside a word: adjacent words
    ("foo:bar", '"foo bar"'),                   # an unknown field is just text
    ("comey & trump", '("comey") AND ("trump")'),  # a term with no word is dropped
    ("or and not", '("or") AND ("and") AND ("not")'),  # lower case: plain words
])
def test_a_query_becomes_an_fts5_expression(query, match):
    assert parse_query(query).match == match


@pytest.mark.parametrize("query", [
    "x OR 1=1 --", 'x" OR "1"="1', "a NEAR(b c)", "col:a", "x}{", 'a "" b', "^a", "a*b", "comey -",
    'say ""hi""'])
def test_user_text_never_reaches_fts5_as_syntax(query):
    """Whatever is typed, the expression is one FTS5 accepts (no syntax error)."""
    parsed = parse_query(query)
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(body)")
    conn.execute("INSERT INTO t VALUES ('a b c comey hi')")
    conn.execute("SELECT count(*) FROM t WHERE t MATCH ?", (parsed.match,)).fetchone()


def test_fields_become_filters_and_are_not_searched_for():
    assert parse_query('speaker:"John Nicholson" budget') == ParsedQuery(
        '"budget"', (("budget",),), speaker="John Nicholson")
    assert parse_query("outlet:reuters") == ParsedQuery(None, (), outlet="reuters")
    assert parse_query("SPEAKER:comey").speaker == "comey"


def test_name_groups_are_the_positive_words_of_each_or_branch():
    assert parse_query("clinton email -trump").name_groups == (("clinton", "email"),)
    assert parse_query("clinton OR comey").name_groups == (("clinton",), ("comey",))


def test_a_blank_query_matches_anything():
    assert parse_query("   ") == ParsedQuery(None)


@pytest.mark.parametrize(("query", "message"), [
    ('"clinton email', "unbalanced quote"),
    ("(clinton OR comey", "unbalanced parenthesis"),
    ("clinton) comey", "closes nothing"),
    (") comey", "closes nothing"),
    ("comey ()", "empty parentheses"),
    ("clinton OR", "OR needs something"),
    ("OR clinton", "OR needs something"),
    ("clinton OR OR comey", "OR needs something"),
    ("clinton NOT", "NOT needs a word"),
    ("-trump", "only leaves out"),
    ("NOT trump -comey", "only leaves out"),
    ("clinton OR -trump", "only leaves out"),
    ("?!", "no words to search for"),
    ("&& ||", "no words to search for"),
    ("speaker:", "needs a value"),
    ("-speaker:comey", "applies to the whole query"),
    ("(speaker:comey email)", "applies to the whole query"),
    ("speaker:comey OR email", "cannot be one side of an OR"),
    ("speaker:a speaker:b", "given twice"),
    (" ".join(["w"] * (MAX_TERMS + 1)), "too many terms"),
])
def test_a_malformed_query_is_an_error_that_names_the_problem(query, message):
    with pytest.raises(QuerySyntaxError, match=message):
        parse_query(query)
    assert issubclass(QuerySyntaxError, StoreError)  # the web app answers 400


# --- what it finds ------------------------------------------------------------------

CORPUS = [
    ("c-1", "Harbour Times", "2024-03-01", "James Comey", "The Clinton email inquiry is closed"),
    ("c-2", "Harbour Times", "2024-03-02", "Hillary Clinton",
     "That email was never about Clinton staff"),
    ("c-3", "Valley Post", "2024-03-03", "Donald Trump", "Trump says the election was rigged"),
    ("c-4", "Valley Post", "2024-03-04", "John Nicholson",
     "Elections need money and the budget is thin"),
    ("c-5", "Valley Post", "2024-03-05", "James Comey", "I testified before the committee"),
    ("c-6", "Harbour Times", "2024-03-06", "Donald Trump", "Comey and Trump met once"),
]


@pytest.fixture(scope="module")
def store():
    with Store(":memory:") as s:
        s.write([_record(*row) for row in CORPUS])
        yield s


def _said(store, query, kind=SearchKind.QUOTES, filters=Filters()):
    found = search(store, kind, query, filters)
    if kind == SearchKind.QUOTES:
        return {row[-1] for row in CORPUS for hit in found.items if hit.title == f"Headline {row[0]}"}
    return {hit.title for hit in found.items}


def _slugs(store, query, kind=SearchKind.ARTICLES, filters=Filters()):
    return {hit.title.removeprefix("Headline ") for hit in search(store, kind, query,
                                                                  filters).items}


def test_a_phrase_matches_only_the_adjacent_words(store):
    assert _slugs(store, "clinton email") == {"c-1", "c-2"}
    assert _slugs(store, '"clinton email"') == {"c-1"}
    assert _slugs(store, '"email clinton"') == set()


def test_or_finds_at_least_what_each_side_finds(store):
    either = _slugs(store, '"Clinton email" OR Comey')
    assert either >= _slugs(store, '"Clinton email"') | _slugs(store, "Comey")
    assert either == {"c-1", "c-5", "c-6"}  # c-5 by its speaker's name in the text
    assert _slugs(store, "clinton OR budget") == {"c-1", "c-2", "c-4"}


def test_minus_and_not_leave_out_what_has_the_word(store):
    assert _slugs(store, "comey") == {"c-1", "c-5", "c-6"}
    assert _slugs(store, "comey -trump") == {"c-1", "c-5"}
    assert _slugs(store, "comey NOT trump") == {"c-1", "c-5"}
    assert _slugs(store, 'comey -"Comey and Trump"') == {"c-1", "c-5"}
    assert _slugs(store, "(comey OR clinton) -trump -staff") == {"c-1", "c-5"}


def test_a_prefix_matches_words_that_start_with_it(store):
    assert _slugs(store, "elect*") == {"c-3", "c-4"}  # election, elections
    assert _slugs(store, "commit") == set()
    assert _slugs(store, "commit*") == {"c-5"}       # committee


def test_speaker_field_finds_their_quotes_by_a_part_of_the_name(store):
    assert _said(store, "speaker:Nicholson") == {CORPUS[3][4]}
    assert _said(store, 'speaker:"john nicholson"') == {CORPUS[3][4]}
    assert _said(store, "speaker:Comey testified") == {CORPUS[4][4]}
    assert _said(store, "speaker:Nichol") == set()  # a whole name part, not any substring
    # the same from the filter form
    assert _said(store, "", filters=Filters(speaker="Nicholson")) == {CORPUS[3][4]}


def test_outlet_field_filters_like_the_outlet_filter(store):
    assert _slugs(store, "outlet:\"Valley Post\" comey") == {"c-5"}
    with pytest.raises(QuerySyntaxError, match="disagree"):
        search(store, SearchKind.ARTICLES, "outlet:reuters", Filters(outlet="Valley Post"))


def test_entities_are_matched_by_the_positive_words_of_any_branch(store):
    assert _said(store, "nicholson OR hillary", SearchKind.ENTITIES) == {
        "John Nicholson", "Hillary Clinton"}
    assert _said(store, "donald", SearchKind.ENTITIES) == {"Donald Trump"}
    # a left-out word leaves out the entities it names, as it does articles
    assert _said(store, "donald -trump", SearchKind.ENTITIES) == set()
    assert _said(store, "hillary OR donald -trump", SearchKind.ENTITIES) == {"Hillary Clinton"}


@pytest.mark.parametrize("query", ["?!", "-trump", '"open', "a OR"])
def test_every_kind_refuses_a_malformed_query_instead_of_listing_everything(store, query):
    for kind in SearchKind:
        with pytest.raises(QuerySyntaxError):
            search(store, kind, query)


def test_a_followed_search_matches_new_articles_in_the_same_language(store):
    ids = {hit.title.removeprefix("Headline "): hit.article_id
           for hit in search(store, SearchKind.ARTICLES, "").items}
    assert search_matches(store.conn, '"clinton email"', ids["c-1"])
    assert not search_matches(store.conn, '"clinton email"', ids["c-2"])
    assert search_matches(store.conn, "comey -trump", ids["c-5"])
    assert not search_matches(store.conn, "comey -trump", ids["c-6"])
    assert search_matches(store.conn, "speaker:Nicholson budget", ids["c-4"])
    assert not search_matches(store.conn, "speaker:Comey budget", ids["c-4"])
    assert search_matches(store.conn, "speaker:Nicholson", ids["c-4"])
    assert not search_matches(store.conn, "speaker:Nicholson", ids["c-3"])
    for never in ("-trump", '"open', "", "!!!"):
        assert not search_matches(store.conn, never, ids["c-4"])


def test_speaker_name_parts_are_literal_and_case_blind(store):
    assert _said(store, "speaker:nicholson") == {CORPUS[3][4]}
    for wild in ("speaker:%", "speaker:_ohn", 'speaker:"John %"'):
        assert _said(store, wild) == set(), wild


def test_left_out_terms_are_kept_for_the_entity_names():
    from factdesk.store.query_syntax import parse_query

    assert parse_query("Amara -Okafor").name_excluded == (("Okafor",),)
    assert parse_query('ferry NOT "Amara Okafor" -port*').name_excluded == (
        ("Amara", "Okafor"), ("port",))
    assert parse_query("ferry OR port").name_excluded == ()
