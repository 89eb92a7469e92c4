"""Who gets told about what: the matching rules, one test per rule."""

from __future__ import annotations

from factdesk.notify import process
from factdesk.notify.match import match
from factdesk.store.events import events_after


def told(store) -> dict[str, set[tuple[str, str]]]:
    """{user name: {(event kind, reason)}} of every notification so far."""
    rows = store.conn.execute(
        "SELECT u.name, e.kind, n.reason FROM notifications n JOIN users u ON u.id = n.user_id "
        "JOIN events e ON e.seq = n.event_seq")
    found: dict[str, set[tuple[str, str]]] = {}
    for name, kind, reason in rows:
        found.setdefault(name, set()).add((kind, reason))
    return found


def test_a_stance_reaches_followers_of_the_claim_and_of_the_source(store, world, nsettings):
    ana, ben, cai, dee = (world.user(n) for n in ("Ana", "Ben", "Cai", "Dee"))
    world.follow(ana, "claim", "claim-new")
    world.follow(ben, "entity", "org:kremlin")
    world.follow(cai, "entity", "person:someone-else")
    world.follow(dee, "claim", "claim-new")
    world.follow(dee, "entity", "org:kremlin")     # both: still one notification
    world.stance("claim-new", "the Kremlin", "denies", source_id="org:kremlin", change=True)
    process(store, nsettings)
    assert told(store) == {"Ana": {("stance", "claim:claim-new")},
                           "Ben": {("stance", "entity:org:kremlin")},
                           "Dee": {("stance", "claim:claim-new")}}


def test_one_sources_stance_resolved_in_one_outlet_only_is_told_once(store, world, nsettings):
    ana, ben = world.user("Ana"), world.user("Ben")
    world.follow(ana, "claim", "claim-rockets")
    world.follow(ben, "entity", "gpe:ostravia")
    world.stance("claim-rockets", "Ostravia", "denies", article_id="art-1")  # no entity id
    world.stance("claim-rockets", "ostravia", "denies", source_id="gpe:ostravia",
                 article_id="art-2")  # the same denial, resolved (a new event key)
    world.stance("claim-rockets", "Ostravia", "hedged", source_id="gpe:ostravia")
    process(store, nsettings)
    rows = store.conn.execute(
        "SELECT u.name, json_extract(e.payload, '$.stance') FROM notifications n "
        "JOIN users u ON u.id = n.user_id JOIN events e ON e.seq = n.event_seq ORDER BY n.id")
    assert rows.fetchall() == [("Ana", "denies"), ("Ben", "denies"), ("Ana", "hedged"),
                               ("Ben", "hedged")]


def test_claim_follows_meet_events_through_aliases_in_both_directions(store, world, nsettings):
    old_follower, new_follower = world.user("Old"), world.user("New")
    world.follow(old_follower, "claim", "claim-v1")   # followed before the cluster grew
    world.follow(new_follower, "claim", "claim-v3")
    world.alias("claim-v1", "claim-v2")
    world.alias("claim-v2", "claim-v3")
    world.stance("claim-v3", "a spokesman", "asserts")            # event under the new id
    world.stance("claim-v2", "a minister", "denies")              # event under a middle id
    stats = process(store, nsettings)
    assert stats.notifications == 4
    assert told(store) == {"Old": {("stance", "claim:claim-v3")},
                           "New": {("stance", "claim:claim-v3")}}


def test_a_quote_reaches_followers_of_the_speaker_only(store, world, nsettings):
    fan, other = world.user("Fan"), world.user("Other")
    world.follow(fan, "entity", "person:peskov")
    world.follow(other, "entity", "person:mattis")
    world.quote("person:peskov", "Dmitry Peskov", "We do not arm anyone.")
    process(store, nsettings)
    assert told(store) == {"Fan": {("quote", "entity:person:peskov")}}


def test_an_article_reaches_matching_searches_and_followers_of_named_entities(
        store, world, nsettings):
    searcher, picky, reader = world.user("Searcher"), world.user("Picky"), world.user("Reader")
    world.follow(searcher, "search", "Taliban weapons")       # every word must occur
    world.follow(picky, "search", "Taliban submarines")        # one word missing: no match
    world.follow(picky, "search", "!!!")                       # no words: never matches
    world.follow(reader, "entity", "person:mattis")
    world.article("art-9", "Mattis on Afghanistan",
                  "General Mattis said the Taliban received weapons from abroad.",
                  entities=("person:mattis", "org:taliban"))
    process(store, nsettings)
    assert told(store) == {"Searcher": {("article", "search:Taliban weapons")},
                           "Reader": {("article", "entity:person:mattis")}}


def test_a_reply_reaches_the_thread_and_the_authors_followers_never_the_author(
        store, world, nsettings):
    ana, ben, cai, fan, outsider = (world.user(n) for n in ("Ana", "Ben", "Cai", "Fan", "Out"))
    world.follow(fan, "user", str(cai))
    world.follow(ana, "user", str(ana))          # even a self-follow does not notify the actor
    root = world.comment(ana, "claim", "claim-1", "Is this sourced?")
    first = world.comment(ben, "claim", "claim-1", "Two outlets say so.", parent_id=root)
    world.comment(outsider, "claim", "claim-2", "Another thread entirely.")
    before = told(store)
    assert before == {}
    process(store, nsettings)
    # Ben's reply told Ana (her thread); Ana's top-level comment told no one.
    assert told(store) == {"Ana": {("comment", f"thread:{root}")}}
    world.comment(cai, "claim", "claim-1", "Three now.", parent_id=first)
    world.comment(ana, "claim", "claim-1", "Thanks!", parent_id=first)
    process(store, nsettings)
    assert told(store) == {
        "Ana": {("comment", f"thread:{root}")},                           # Ben's and Cai's
        "Ben": {("comment", f"thread:{root}")},                           # Cai's and Ana's
        "Cai": {("comment", f"thread:{root}")},                           # Ana's
        "Fan": {("comment", f"user:{cai}")},                              # follows Cai
    }
    per_user = dict(store.conn.execute(
        "SELECT u.name, count(*) FROM notifications n JOIN users u ON u.id = n.user_id "
        "GROUP BY u.name"))
    assert per_user == {"Ana": 2, "Ben": 2, "Cai": 1, "Fan": 1}


def test_match_gives_one_reason_per_user_most_specific_first(store, world):
    dee = world.user("Dee")
    world.follow(dee, "entity", "org:kremlin")
    world.follow(dee, "claim", "c-1")
    world.stance("c-1", "the Kremlin", "denies", source_id="org:kremlin")
    [event] = events_after(store.conn, 0)
    assert match(store.conn, event) == [(dee, "claim:c-1")]
