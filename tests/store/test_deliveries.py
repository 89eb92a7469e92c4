"""The notifier's rows through store/deliveries.py, and the lookups it and the
web app use instead of SQL of their own (Store.read, threads, follows, events)."""

import pytest

from factdesk.store import Store
from factdesk.store.people.accounts import create_user
from factdesk.store.people.deliveries import (
    add_notification,
    claim_delivery,
    delivery_attempts,
    delivery_failed,
    delivery_sent,
    due_deliveries,
    keep_notify_state,
    next_retry_at,
    notify_state,
    plan_delivery,
    set_notify_state,
)
from factdesk.store.events import earlier_payloads, record_event
from factdesk.store.people.follows import follow, follows_on
from factdesk.store.people.notifications import (
    add_push_subscription,
    add_webhook,
    deliveries_of,
    forget_push_subscription,
    push_subscription_at,
    push_subscriptions,
    webhook_secret,
)
from factdesk.store.people.threads import add_comment, target_exists, thread_people

T0, T1, T2 = "2026-01-01T00:00:00+00:00", "2026-01-01T00:01:00+00:00", "2026-01-01T00:02:00+00:00"
P256DH = "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM"
AUTH = "tBHItJI5svbpez7KI4CCXg"


@pytest.fixture
def store():
    with Store(":memory:") as db:
        yield db


def _user(store, name):
    with store.transaction() as conn:
        return create_user(conn, name=name, email=f"{name}@example.org", password_hash="x")


def _notified(store, user_id):
    with store.transaction() as conn:
        record_event(conn, key="article:a1", kind="article", subject="a1")
        return add_notification(conn, user_id, 1, "search:ferry", T0)


def test_a_user_is_notified_of_an_event_once(store):
    ana = _user(store, "ana")
    first = _notified(store, ana.id)
    assert first is not None
    with store.transaction() as conn:
        assert add_notification(conn, ana.id, 1, "search:ferry", T1) is None


def test_a_delivery_is_planned_once_claimed_once_and_sent(store):
    ana = _user(store, "ana")
    note = _notified(store, ana.id)
    with store.transaction() as conn:
        assert plan_delivery(conn, note, "email", "ana@example.org")
        assert not plan_delivery(conn, note, "email", "ana@example.org")
    [due] = store.read(due_deliveries, T0, limit=10)
    assert (due.channel, due.target, due.status, due.attempts) == ("email", "ana@example.org",
                                                                   "pending", 0)
    with store.transaction() as conn:
        assert claim_delivery(conn, due.id, now=T0, lease=T2)
        assert not claim_delivery(conn, due.id, now=T0, lease=T2)  # leased to the first
    assert store.read(due_deliveries, T1, limit=10) == []
    assert store.read(next_retry_at, T0) == T2
    with store.transaction() as conn:
        delivery_sent(conn, due.id, at=T1)
    [sent] = store.read(deliveries_of, ana.id)
    assert (sent.status, sent.attempts, sent.sent_at, sent.next_at) == ("sent", 1, T1, None)
    assert store.read(next_retry_at, T0) is None


def test_a_failed_attempt_is_retried_then_given_up_with_the_error_kept(store):
    ana = _user(store, "ana")
    note = _notified(store, ana.id)
    with store.transaction() as conn:
        plan_delivery(conn, note, "webhook", "https://hooks.example/x")
    [due] = store.read(due_deliveries, T0, limit=10)
    with store.transaction() as conn:
        delivery_failed(conn, due.id, attempts=1, error="HTTP 503", retry_at=T2)
    [retrying] = store.read(deliveries_of, ana.id)
    assert (retrying.status, retrying.attempts, retrying.next_at) == ("pending", 1, T2)
    assert store.read(due_deliveries, T1, limit=10) == []
    assert [d.id for d in store.read(due_deliveries, T2, limit=10)] == [due.id]
    with store.transaction() as conn:
        delivery_failed(conn, due.id, attempts=delivery_attempts(conn, due.id) + 1,
                        error="x" * 5000, retry_at=None)
    [failed] = store.read(deliveries_of, ana.id)
    assert (failed.status, failed.attempts, failed.next_at) == ("failed", 2, None)
    assert failed.last_error == "x" * 1000


def test_notify_state_is_replaced_or_kept_as_asked(store):
    assert store.read(notify_state, "last_event_seq") is None
    with store.transaction() as conn:
        set_notify_state(conn, "last_event_seq", "3")
        set_notify_state(conn, "last_event_seq", "5")
        assert keep_notify_state(conn, "vapid", "first") == "first"
        assert keep_notify_state(conn, "vapid", "second") == "first"
    assert store.read(notify_state, "last_event_seq") == "5"


def test_the_notifier_finds_and_forgets_subscriptions_and_webhook_secrets(store):
    ana = _user(store, "ana")
    with store.transaction() as conn:
        add_push_subscription(conn, ana.id, "https://push.example/1", P256DH, AUTH)
        add_webhook(conn, ana.id, "https://hooks.example/x", "s" * 24)
    owner, sub = store.read(push_subscription_at, "https://push.example/1")
    assert (owner, sub.endpoint, sub.auth) == (ana.id, "https://push.example/1", AUTH)
    assert store.read(push_subscription_at, "https://push.example/2") is None
    assert store.read(webhook_secret, ana.id, "https://hooks.example/x") == "s" * 24
    assert store.read(webhook_secret, ana.id + 1, "https://hooks.example/x") is None
    with store.transaction() as conn:
        forget_push_subscription(conn, sub.id)
    assert store.read(push_subscriptions, ana.id) == []


def test_thread_people_and_comment_targets(store):
    ana, bo, cy = _user(store, "ana"), _user(store, "bo"), _user(store, "cy")
    with store.transaction() as conn:
        conn.execute("INSERT INTO claims (id, key, label, analyzer) VALUES ('c1', 'k', 'L', 'x')")
        root = add_comment(conn, ana, "claim", "c1", "first")
        add_comment(conn, bo, "claim", "c1", "reply", parent_id=root.id)
        add_comment(conn, cy, "claim", "c1", "elsewhere")
    assert store.read(thread_people, root.id) == sorted([ana.id, bo.id])
    assert store.read(target_exists, "claim", "c1")
    assert not store.read(target_exists, "claim", "c2")
    assert not store.read(target_exists, "article", "c1")
    assert not store.read(target_exists, "user", "c1")


def test_follows_on_targets_and_earlier_event_payloads(store):
    ana, bo = _user(store, "ana"), _user(store, "bo")
    with store.transaction() as conn:
        follow(conn, ana.id, "search", "ferry")
        follow(conn, bo.id, "search", "harbour")
        record_event(conn, key="s1", kind="stance", subject="c1", payload={"stance": "denies"})
        record_event(conn, key="s2", kind="stance", subject="c2", payload={"stance": "asserts"})
        record_event(conn, key="s3", kind="stance", subject="c1", payload={"stance": "hedged"})
    assert store.read(follows_on, "search", ["ferry", "harbour"]) == [
        (ana.id, "ferry"), (bo.id, "harbour")]
    assert store.read(follows_on, "search", []) == []
    assert store.read(earlier_payloads, "stance", ["c1", "c2"], 3) == [
        {"stance": "denies"}, {"stance": "asserts"}]
    assert store.read(earlier_payloads, "stance", ["c1"], 1) == []
