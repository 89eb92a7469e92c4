"""Comment threads and follows, in-process: replies, edit/delete own only, admin hide,
stored markup inert, follows through claim aliases, and the store functions beneath."""

import re

import pytest

from factdesk.errors import Forbidden, InputError
from factdesk.store.people.accounts import set_role, user_by_name
from factdesk.store.events import events_after
from factdesk.store.people.follows import follow, followers, follows_of, resolve_claim
from factdesk.store.people.threads import add_comment, delete_comment, edit_comment, thread
from tests.serve.conftest import page_token

HOSTILE_COMMENT = ('<script>window.__pwned = 1</script>"><img src=x onerror="window.__pwned=2">'
                   "\u202eevil")


def _comment(client, body: str, *, target_kind="claim", target="claim-rigged", parent=None):
    data = {"target_kind": target_kind, "target": target, "body": body,
            "csrf": page_token(client)}
    if parent is not None:
        data["parent_id"] = str(parent)
    response = client.post("/comments", data=data, follow_redirects=False)
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("#comment-", 1)[1])


def test_comments_and_replies_form_a_thread_with_events(people, store):
    ana, ben = people("ana"), people("ben")
    first = _comment(ben, "Who else reported the rigging?")
    reply = _comment(ana, "The Harbour Post did.", parent=first)
    page = ana.get("/claims/claim-rigged").text
    assert page.index(f'id="comment-{first}"') < page.index(f'id="comment-{reply}"')
    assert f'class="comment depth-1" id="comment-{reply}"' in page
    events = [e for e in events_after(store.conn, 0) if e.kind == "comment"]
    assert [(e.key, e.payload["parent_id"], e.payload["root_id"], e.payload["user_name"])
            for e in events] == [(f"comment:{first}", None, first, "ben"),
                                 (f"comment:{reply}", first, first, "ana")]


def test_a_stored_script_comment_renders_inert(people, store):
    ana = people("ana")
    article_id = store.conn.execute("SELECT id FROM articles LIMIT 1").fetchone()[0]
    _comment(ana, HOSTILE_COMMENT, target_kind="article", target=article_id)
    for path in (f"/articles/{article_id}", "/users/ana"):
        body = ana.get(path).text.split("<main ", 1)[1]
        assert "<script>window" not in body and "<img" not in body
        assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in body
        assert "\u202e" not in body and "[U+202E]evil" in body


def test_a_stored_script_reply_renders_inert_on_the_thread_and_in_the_inbox(people, store,
                                                                           settings):
    from factdesk.notify import process

    ana, eve = people("ana"), people("eve")
    root = _comment(ana, "Sources?")
    _comment(eve, HOSTILE_COMMENT, parent=root)
    assert process(store, settings).notifications == 1      # Ana hears of Eve's reply
    for path in ("/claims/claim-rigged", "/inbox"):
        body = ana.get(path).text.split("<main ", 1)[1]
        assert "<script>window" not in body and "<img" not in body, path
        assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in body, path
    assert "\u202e" not in ana.get("/claims/claim-rigged").text


def test_nobody_edits_deletes_or_hides_another_users_comment(people, store):
    ana, ben = people("ana"), people("ben")
    mine = _comment(ana, "Original words.")
    for action, data in (("edit", {"body": "Ben's words now"}), ("delete", {}),
                         ("hide", {"hidden": "1"})):
        refused = ben.post(f"/comments/{mine}/{action}",
                           data={**data, "csrf": page_token(ben)}, follow_redirects=False)
        assert refused.status_code == 403, action
    assert store.conn.execute("SELECT body, deleted, hidden FROM comments WHERE id = ?",
                              (mine,)).fetchone() == ("Original words.", 0, 0)
    ana.post(f"/comments/{mine}/edit", data={"body": "Better words.", "csrf": page_token(ana)})
    assert "Better words." in ben.get("/claims/claim-rigged").text
    ana.post(f"/comments/{mine}/delete", data={"csrf": page_token(ana)})
    page = ben.get("/claims/claim-rigged").text
    assert "Better words." not in page and "[deleted by its author]" in page


def test_an_admin_hides_a_comment_from_readers(people, store):
    ana, mod = people("ana"), people("mod")
    rude = _comment(ana, "Something rude.")
    with store.transaction() as conn:
        set_role(conn, "mod", "admin")
    assert mod.post(f"/comments/{rude}/hide", data={"hidden": "1", "csrf": page_token(mod)},
                    follow_redirects=False).status_code == 303
    reader = people()
    page = reader.get("/claims/claim-rigged").text
    assert "Something rude." not in page and "[hidden by a moderator]" in page
    assert "Something rude." in mod.get("/claims/claim-rigged").text  # admins still see it


def test_follow_and_unfollow_from_the_claim_entity_and_search_pages(people, store):
    ana = people("ana")
    for path, kind, target in (("/claims/claim-rigged", "claim", "claim-rigged"),
                               ("/entities/person:amara-okafor", "entity", "person:amara-okafor"),
                               ("/?q=ferry+contract", "search", "ferry contract")):
        page = ana.get(path).text
        assert "Follow " in page and 'name="kind" value="%s"' % kind in page
        token = page_token(ana, path)
        ana.post("/follow", data={"kind": kind, "target": target, "next": path, "csrf": token})
        assert "(unfollow)" in ana.get(path).text
    listed = ana.get("/following").text
    assert "the contract had been rigged" in listed and "Amara Okafor" in listed
    assert "ferry contract" in listed
    ana.post("/follow", data={"kind": "claim", "target": "claim-rigged", "stop": "1",
                              "csrf": page_token(ana)})
    assert [f.kind for f in follows_of(store.conn, user_by_name(store.conn, "ana").id)] == \
        ["entity", "search"]
    assert people().get("/claims/claim-rigged").text.count("Log in to follow") == 1


def test_a_claim_followed_before_its_id_changed_is_still_followed(people, store):
    ana = people("ana")
    ana_id = user_by_name(store.conn, "ana").id
    with store.transaction() as conn:
        follow(conn, ana_id, "claim", "claim-old")
        conn.execute("INSERT INTO claim_aliases (old_id, new_id, changed) VALUES "
                     "('claim-old', 'claim-rigged', '2024-01-01')")
    assert resolve_claim(store.conn, "claim-old") == "claim-rigged"
    assert followers(store.conn, "claim", "claim-rigged") == [ana_id]
    moved = ana.get("/claims/claim-old", follow_redirects=False)
    assert moved.status_code == 301 and moved.headers["location"] == "/claims/claim-rigged"
    assert "(unfollow)" in ana.get("/claims/claim-rigged").text
    assert "/claims/claim-rigged" in ana.get("/following").text


def test_user_page_shows_comments_and_follows_and_can_be_followed(people, store):
    ana, ben = people("ana"), people("ben")
    _comment(ana, "A note on the ferry.")
    ana.post("/follow", data={"kind": "entity", "target": "gpe:northbridge",
                              "csrf": page_token(ana)})
    page = ben.get("/users/ana").text
    assert "A note on the ferry." in page and "Northbridge" in page
    ben.post("/follow", data={"kind": "user", "target": "ana", "next": "/users/ana",
                              "csrf": page_token(ben)})
    assert followers(store.conn, "user", str(user_by_name(store.conn, "ana").id)) == \
        [user_by_name(store.conn, "ben").id]
    assert ben.get("/users/nobody").status_code == 404


def test_store_threads_refuse_others_and_bad_input(store):
    from factdesk.store.people.accounts import create_user

    with store.transaction() as conn:
        ana = create_user(conn, name="ana", email="a@x.org", password_hash="h")
        ben = create_user(conn, name="ben", email="b@x.org", password_hash="h")
        first = add_comment(conn, ana, "claim", "claim-rigged", "  hello \r\n there ")
        assert first.body == "hello \n there"
        with pytest.raises(Forbidden):
            edit_comment(conn, ben, first.id, "mine now")
        with pytest.raises(Forbidden):
            delete_comment(conn, ben, first.id)
        with pytest.raises(InputError):
            add_comment(conn, ana, "claim", "claim-rigged", "   ")
        with pytest.raises(InputError):  # a reply must stay in its thread
            add_comment(conn, ben, "article", "elsewhere", "hi", parent_id=first.id)
        with pytest.raises(InputError):
            follow(conn, ana.id, "user", str(ana.id))
    assert [c.body for c in thread(store.conn, "claim", "claim-rigged")] == ["hello \n there"]
    assert re.fullmatch(r"\d{4}-.*", first.created)
