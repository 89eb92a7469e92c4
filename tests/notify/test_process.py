"""process(): idempotent over re-runs, re-recorded events, batches and threads."""

from __future__ import annotations

import threading

import factdesk.notify
from factdesk.notify import NotifyStats, process
from factdesk.notify.fanout import fan_out, last_handled
from factdesk.store.people import notifications as notes
from tests.notify.pushservice import PushService
from tests.notify.receivers import SmtpSink, WebhookReceiver

SECRET = "another-webhook-secret-0123456789"


def counts(store) -> tuple[int, int]:
    return (store.conn.execute("SELECT count(*) FROM notifications").fetchone()[0],
            store.conn.execute("SELECT count(*) FROM deliveries").fetchone()[0])


def test_the_public_names_are_explicit_and_sorted():
    assert factdesk.notify.__all__ == sorted(factdesk.notify.__all__)
    assert all(hasattr(factdesk.notify, name) for name in factdesk.notify.__all__)
    assert set(notes.__all__) <= set(dir(notes))


def test_every_channel_once_however_often_it_runs(store, world, nsettings):
    with PushService() as push, WebhookReceiver(SECRET) as hook, SmtpSink() as smtp:
        settings = nsettings.replace(smtp_host="127.0.0.1", smtp_port=smtp.port)
        ana = world.user("Ana", push=True, webhook=True, email=True)
        world.follow(ana, "claim", "c-1")
        sub = push.subscribe()
        notes.add_push_subscription(store.conn, ana, sub.endpoint, sub.p256dh, sub.auth)
        notes.add_webhook(store.conn, ana, hook.url, SECRET)

        def ingest() -> bool:      # what re-ingesting the same page does to the events
            return world.stance("c-1", "the Kremlin", "denies", change=True)

        assert ingest() is True
        first = process(store, settings)
        assert first == NotifyStats(events=1, notifications=1, deliveries=3, sent=3,
                                    retrying=0, failed=0, next_retry_at=None)
        for _ in range(2):
            assert ingest() is False
            assert process(store, settings) == NotifyStats(
                events=0, notifications=0, deliveries=0, sent=0, retrying=0, failed=0,
                next_retry_at=None)
        assert counts(store) == (1, 3)
        assert (len(push.wait_for(1)), len(hook.received), len(smtp.messages)) == (1, 1, 1)
        assert sorted(d.channel for d in notes.deliveries_of(store.conn, ana)) == [
            "email", "push", "webhook"]


def test_forgetting_the_last_seq_still_notifies_no_one_twice(store, world, nsettings):
    ana = world.user("Ana")
    world.follow(ana, "entity", "person:peskov")
    world.quote("person:peskov", "Dmitry Peskov", "One.")
    process(store, nsettings)
    store.conn.execute("DELETE FROM notify_state WHERE name = 'last_event_seq'")
    again = process(store, nsettings)
    assert (again.events, again.notifications) == (1, 0)
    assert counts(store) == (1, 0)


def test_events_are_handled_in_batches_and_the_position_is_kept(store, world):
    ana = world.user("Ana")
    world.follow(ana, "entity", "person:peskov")
    for n in range(5):
        world.quote("person:peskov", "Dmitry Peskov", f"Statement {n}.")
    planned = fan_out(store, now="2030-01-01T00:00:00+00:00", batch=2)
    assert (planned.events, planned.notifications) == (5, 5)
    assert last_handled(store.conn) == 5
    assert fan_out(store, now="2030-01-01T00:00:00+00:00", batch=2).events == 0


def test_runs_from_two_threads_take_turns_and_send_once(store, world, nsettings):
    with WebhookReceiver(SECRET) as hook:
        users = [world.user(f"User{n}", webhook=True) for n in range(4)]
        for user in users:
            world.follow(user, "entity", "person:peskov")
            notes.add_webhook(store.conn, user, hook.url, SECRET)
        for n in range(3):
            world.quote("person:peskov", "Dmitry Peskov", f"Statement {n}.")
        errors: list[BaseException] = []

        def run() -> None:
            try:
                process(store, nsettings)
            except BaseException as exc:  # report in the main thread
                errors.append(exc)

        threads = [threading.Thread(target=run) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert errors == []
        assert counts(store) == (12, 12)
        assert len(hook.received) == 12 and hook.requests == 12
        deliveries = {h.headers["x-factdesk-delivery"] for h in hook.received}
        assert len(deliveries) == 12
