"""Inbox, feed and notification settings, in-process: only one's own notifications are
seen or marked read (IDOR), the Atom feed parses, webhook and push URLs pass the SSRF guard,
and the app runs the notifier after a comment."""

import time

import feedparser
import pytest

from factdesk.notify import process
from factdesk.store.people.accounts import user_by_name
from factdesk.store.events import record_event
from tests.notify.pushservice import make_subscription
from tests.serve.conftest import page_token


def _stance(store, source="Harbour Post", stance="asserts"):
    with store.transaction() as conn:
        record_event(conn, key=f"stance:claim-rigged:{source}:{stance}", kind="stance",
                     subject="claim-rigged",
                     payload={"claim_id": "claim-rigged", "label": "the contract had been rigged",
                              "source": source, "source_id": None, "stance": stance,
                              "article_id": None, "previous": ["denies"], "change": True})


def _follow_claim(client):
    client.post("/follow", data={"kind": "claim", "target": "claim-rigged",
                                 "csrf": page_token(client)})


def test_the_inbox_shows_a_followed_claims_new_stance_once(people, store, settings):
    ana = people("ana")
    _follow_claim(ana)
    _stance(store)
    process(store, settings)
    _stance(store)  # the same event again (a re-ingest): no second notification
    process(store, settings)
    page = ana.get("/inbox").text
    assert page.count('class="notification kind-stance unread"') == 1
    assert "Harbour Post" in page and 'href="/claims/claim-rigged"' in page
    assert 'class="unread">1<' in page
    # Why it came, in words, not as the follow's raw key.
    label = store.conn.execute("SELECT label FROM claims WHERE id = 'claim-rigged'").fetchone()[0]
    assert f"you follow the claim “{label}”" in page and "claim:claim-rigged" not in page
    ana.post("/inbox/read", data={"csrf": page_token(ana)})
    assert 'class="notification kind-stance"' in ana.get("/inbox").text
    assert ana.get("/api/me/inbox").json()["unread"] == 0


def test_nobody_reads_or_marks_another_users_inbox(people, store, settings):
    ana, ben = people("ana"), people("ben")
    _follow_claim(ana)
    _stance(store)
    process(store, settings)
    (item,) = ana.get("/api/me/inbox").json()["items"]
    assert ben.get("/api/me/inbox").json() == {"unread": 0, "items": []}
    assert "Harbour Post" not in ben.get("/inbox").text
    marked = ben.post("/api/me/inbox/read", json={"ids": [item["id"]]},
                      headers={"x-csrf-token": page_token(ben)})
    assert marked.json()["marked"] == 0
    ben.post("/inbox/read", data={"id": str(item["id"]), "csrf": page_token(ben)})
    assert ana.get("/api/me/inbox").json()["unread"] == 1


def test_the_atom_feed_lists_notifications_behind_a_secret_link(people, store, settings):
    ana = people("ana")
    _follow_claim(ana)
    _stance(store, source="<b>Harbour</b> & Post")
    process(store, settings)
    token = user_by_name(store.conn, "ana").feed_token
    assert f"/feeds/{token}.atom" in ana.get("/settings/notifications").text
    visitor = people()
    response = visitor.get(f"/feeds/{token}.atom")
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo and len(feed.entries) == 1
    assert "<b>Harbour</b> & Post" in feed.entries[0].title
    assert visitor.get("/feeds/not-a-token.atom").status_code == 404


def test_a_webhook_to_a_private_address_is_refused_unless_allowed(people, store, store_factory):
    ana = people("ana")
    refused = ana.post("/settings/webhooks", data={"url": "http://127.0.0.1:9/hook",
                                                   "csrf": page_token(ana)})
    assert refused.status_code == 422 and "refused" in refused.text
    assert store.conn.execute("SELECT count(*) FROM webhooks").fetchone()[0] == 0
    loopback = store_factory(allow_private_addresses=True)("cy")
    added = loopback.post("/settings/webhooks", data={"url": "http://127.0.0.1:9/hook",
                                                      "csrf": page_token(loopback)})
    assert added.status_code == 200 and 'class="hook-url">http://127.0.0.1:9/hook' in added.text


def test_the_push_api_stores_a_subscription_and_turns_push_on(people, store, store_factory):
    client = store_factory(allow_private_addresses=True)("ana")
    key = client.get("/api/push/key").json()["key"]
    assert len(key) == 87  # base64url of a 65-byte uncompressed P-256 point
    sub = make_subscription("http://127.0.0.1:9/push/abc")
    assert client.post("/api/push/subscriptions", json=sub.info).status_code == 403  # no CSRF
    saved = client.post("/api/push/subscriptions", json=sub.info,
                        headers={"x-csrf-token": page_token(client)})
    assert saved.status_code == 201, saved.text
    bad = client.post("/api/push/subscriptions",
                      json={**sub.info, "keys": {"p256dh": "short", "auth": "x"}},
                      headers={"x-csrf-token": page_token(client)})
    assert bad.status_code == 422
    assert user_by_name(store.conn, "ana").channels["push"] is True
    assert "http://127.0.0.1:9/push/abc" in client.get("/settings/notifications").text


def test_the_app_runs_the_notifier_after_a_comment(store, settings):
    from starlette.testclient import TestClient

    from factdesk.serve import create_app
    from tests.serve.conftest import register

    runs = []
    app = create_app(store, settings, notifier=lambda s, _: runs.append(process(s, settings)))
    with TestClient(app) as ana, TestClient(app) as ben:
        register(ana, "ana")
        register(ben, "ben")
        ben.post("/follow", data={"kind": "user", "target": "ana", "csrf": page_token(ben)})
        ana.post("/comments", data={"target_kind": "claim", "target": "claim-rigged",
                                    "body": "Look at this.", "csrf": page_token(ana)})
        deadline = time.monotonic() + 10
        while not runs and time.monotonic() < deadline:
            time.sleep(0.05)
        assert runs and runs[0].notifications == 1
        assert "ana commented: Look at this." in ben.get("/inbox").text


@pytest.mark.parametrize("endpoint", ["http://127.0.0.1:9/push/abc",
                                      "http://169.254.169.254/latest/meta-data",
                                      "http://10.0.0.7/push", "http://[::1]:8080/push",
                                      "file:///etc/passwd"],
                         ids=["loopback", "metadata", "private", "ipv6-loopback", "file"])
def test_a_push_endpoint_at_a_private_address_is_refused_by_default(people, store, endpoint):
    client = people("ana")
    sub = make_subscription(endpoint)
    refused = client.post("/api/push/subscriptions", json=sub.info,
                          headers={"x-csrf-token": page_token(client)})
    assert refused.status_code == 422, refused.text
    assert refused.json()["error"]["code"] == "bad_input"
    assert store.conn.execute("SELECT count(*) FROM push_subscriptions").fetchone()[0] == 0
    assert user_by_name(store.conn, "ana").channels.get("push") is not True


def test_the_app_waits_for_a_running_notifier_before_it_stops(store, settings):
    """The notifier uses the store's connection in a worker thread; the app must not stop
    (and its caller close that connection) under it: doing so once crashed the test
    process with a segfault in SQLite."""
    from starlette.testclient import TestClient

    from factdesk.serve import create_app
    from tests.serve.conftest import register

    started, finished = [], []

    def slow_notifier(s, _settings):
        started.append(time.monotonic())
        time.sleep(1.0)
        finished.append(s.conn.execute("SELECT count(*) FROM comments").fetchone()[0])

    app = create_app(store, settings, notifier=slow_notifier)
    with TestClient(app) as ana:
        register(ana, "ana")
        ana.post("/comments", data={"target_kind": "claim", "target": "claim-rigged",
                                    "body": "Look at this.", "csrf": page_token(ana)})
        deadline = time.monotonic() + 10
        while not started and time.monotonic() < deadline:
            time.sleep(0.01)
        assert started and not finished  # leaving the block now stops the app mid-run
    assert finished == [1]
