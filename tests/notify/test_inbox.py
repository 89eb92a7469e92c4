"""The inbox and delivery-target functions of store/notifications.py: what a
user sees, and that nobody reaches another user's rows (IDOR)."""

from __future__ import annotations

import pytest

from factdesk.errors import DeliveryError
from factdesk.notify import process
from factdesk.store.people import notifications as notes
from tests.notify.pushservice import make_subscription


def test_the_inbox_lists_newest_first_with_titles_and_links(store, world, nsettings):
    ana = world.user("Ana")
    world.follow(ana, "claim", "c-old")
    world.follow(ana, "entity", "person:peskov")
    world.stance("c-old", "Sergey Lavrov", "asserts", label="Russia arms the Taliban")
    world.quote("person:peskov", "Dmitry Peskov", "These   claims\nare groundless.")
    world.alias("c-old", "c-new")            # the claim merged after the event
    process(store, nsettings)
    quote, stance = notes.inbox(store.conn, ana)
    assert (quote.kind, quote.title, quote.url) == (
        "quote", "Dmitry Peskov: “These claims are groundless.”", "/articles/art-1")
    assert (stance.kind, stance.title, stance.url) == (
        "stance", "Sergey Lavrov asserts: Russia arms the Taliban", "/claims/c-new")
    assert stance.reason == "claim:c-new" and stance.read is False   # its id today
    assert stance.payload["source"] == "Sergey Lavrov"
    assert notes.unread_count(store.conn, ana) == 2
    assert [i.id for i in notes.inbox(store.conn, ana, limit=1, offset=1)] == [stance.id]


def test_a_change_of_stance_says_so_and_comments_link_to_their_anchor(store, world, nsettings):
    ana, ben = world.user("Ana"), world.user("Ben")
    world.follow(ana, "claim", "c-1")
    world.stance("c-1", "the Kremlin", "denies", change=True, label="Russia arms the Taliban")
    root = world.comment(ana, "article", "art-7", "First!")
    reply = world.comment(ben, "article", "art-7", "<b>No</b> & more", parent_id=root)
    process(store, nsettings)
    reply_item, stance = notes.inbox(store.conn, ana)
    assert stance.title == "Change: the Kremlin denies: Russia arms the Taliban"
    assert reply_item.title == "Ben replied: <b>No</b> & more"     # plain text; escaping is
    assert reply_item.url == f"/articles/art-7#comment-{reply}"    # the template's job


def test_mark_read_touches_only_the_users_own_notifications(store, world, nsettings):
    ana, eve = world.user("Ana"), world.user("Eve")
    for user in (ana, eve):
        world.follow(user, "entity", "person:peskov")
    world.quote("person:peskov", "Dmitry Peskov", "One.")
    world.quote("person:peskov", "Dmitry Peskov", "Two.")
    process(store, nsettings)
    anas = [i.id for i in notes.inbox(store.conn, ana)]
    eves = [i.id for i in notes.inbox(store.conn, eve)]
    assert notes.mark_read(store.conn, eve, anas) == 0          # Ana's ids: ignored
    assert notes.unread_count(store.conn, ana) == 2
    assert notes.mark_read(store.conn, eve, [eves[0]]) == 1
    assert notes.unread_count(store.conn, eve) == 1
    assert notes.mark_read(store.conn, eve) == 1                 # all of Eve's
    assert notes.unread_count(store.conn, eve) == 0
    assert notes.unread_count(store.conn, ana) == 2
    assert notes.inbox(store.conn, eve)[0].read is True


def test_webhooks_belong_to_their_user(store, world):
    ana, eve = world.user("Ana"), world.user("Eve")
    hook = notes.add_webhook(store.conn, ana, "https://hooks.example/a", "s" * 32)
    assert notes.add_webhook(store.conn, ana, "https://hooks.example/a", "t" * 32) == hook
    assert [(w.id, w.secret) for w in notes.webhooks(store.conn, ana)] == [(hook, "t" * 32)]
    assert notes.webhooks(store.conn, eve) == []
    assert notes.remove_webhook(store.conn, eve, hook) is False
    assert notes.remove_webhook(store.conn, ana, hook) is True
    assert notes.webhooks(store.conn, ana) == []


@pytest.mark.parametrize("url, secret, message", [
    ("ftp://hooks.example/a", "s" * 32, "http"),
    ("https://hooks.example/a", "short", "16 characters"),
], ids=["not-http", "short-secret"])
def test_bad_webhooks_are_refused(store, world, url, secret, message):
    with pytest.raises(DeliveryError, match=message):
        notes.add_webhook(store.conn, world.user("Ana"), url, secret)


def test_push_subscriptions_are_validated_and_kept_per_endpoint(store, world):
    ana, eve = world.user("Ana"), world.user("Eve")
    sub = make_subscription("https://push.example/abc")
    first = notes.add_push_subscription(store.conn, ana, sub.endpoint, sub.p256dh, sub.auth)
    [kept] = notes.push_subscriptions(store.conn, ana)
    assert kept.info() == sub.info and kept.id == first
    with pytest.raises(DeliveryError, match="p256dh"):
        notes.add_push_subscription(store.conn, ana, "https://push.example/x", sub.auth, sub.auth)
    with pytest.raises(DeliveryError, match="auth"):
        notes.add_push_subscription(store.conn, ana, "https://push.example/x", sub.p256dh,
                                    "not*base64")
    assert notes.remove_push_subscription(store.conn, eve, sub.endpoint) is False
    # The same browser, now logged in as Eve, subscribes again: the endpoint moves to her.
    again = notes.add_push_subscription(store.conn, eve, sub.endpoint, sub.p256dh, sub.auth)
    assert again == first
    assert notes.push_subscriptions(store.conn, ana) == []
    assert notes.remove_push_subscription(store.conn, eve, sub.endpoint) is True


def test_channels_default_to_off_and_read_only_true_values(store, world):
    ana = world.user("Ana", push=True)
    store.conn.execute("UPDATE users SET channels = '{\"email\": \"yes\"}' WHERE id = ?", (ana,))
    assert notes.user_channels(store.conn, ana) == {"push": False, "webhook": False,
                                                    "email": False}
    store.conn.execute("UPDATE users SET channels = 'not json' WHERE id = ?", (ana,))
    assert notes.user_channels(store.conn, ana)["push"] is False


def test_a_comment_shows_as_it_is_now_edited_or_removed(store, world, nsettings):
    ana, ben = world.user("Ana"), world.user("Ben")
    root = world.comment(ana, "claim", "c-1", "Sources?")
    reply = world.comment(ben, "claim", "c-1", "Rude words", parent_id=root)
    process(store, nsettings)
    store.conn.execute("UPDATE comments SET body = 'Kind words', edited = 'now' WHERE id = ?",
                       (reply,))
    [item] = notes.inbox(store.conn, ana)
    assert item.title == "Ben replied: Kind words" and item.payload["excerpt"] == "Kind words"
    store.conn.execute("UPDATE comments SET hidden = 1 WHERE id = ?", (reply,))
    [item] = notes.inbox(store.conn, ana)
    assert item.title == "Ben replied: (comment removed)" and item.payload["excerpt"] == ""
