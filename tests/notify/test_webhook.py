"""Webhooks against a loopback receiver that checks the HMAC itself; retries
with backoff, giving up, the SSRF guard, and never sending twice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from factdesk.errors import DeliveryError
from factdesk.notify import process
from factdesk.notify.webhook import check_webhook_url, sign, verify_signature
from factdesk.store.people import notifications as notes
from tests.notify.receivers import WebhookReceiver

SECRET = "a-webhook-secret-of-some-length"
T0 = datetime(2030, 5, 1, 12, 0, tzinfo=UTC)


def hooked_user(store, world, url: str) -> int:
    user = world.user("Ana", webhook=True)
    world.follow(user, "claim", "c-1")
    notes.add_webhook(store.conn, user, url, SECRET)
    return user


def test_a_notification_is_posted_signed_and_only_once(store, world, nsettings):
    with WebhookReceiver(SECRET) as hook:
        ana = hooked_user(store, world, hook.url)
        assert world.stance("c-1", "the Kremlin", "denies", change=True)
        stats = process(store, nsettings)
        assert (stats.notifications, stats.deliveries, stats.sent) == (1, 1, 1)
        [got] = hook.received
        assert not hook.errors
        body = got.json()
        assert body["kind"] == "stance" and body["url"] == "https://desk.example/claims/c-1"
        assert body["title"] == "Change: the Kremlin denies: Russia is arming the Taliban"
        assert body["payload"]["stance"] == "denies"
        assert got.headers["x-factdesk-event"] == "stance"
        [delivery] = notes.deliveries_of(store.conn, ana)
        assert got.headers["x-factdesk-delivery"] == str(delivery.id)
        assert (delivery.status, delivery.attempts, delivery.last_error) == ("sent", 1, None)
        # The same page ingested again records no new event; processing again sends nothing.
        assert world.stance("c-1", "the Kremlin", "denies", change=True) is False
        again = process(store, nsettings)
        assert (again.events, again.notifications, again.deliveries, again.sent) == (0, 0, 0, 0)
        assert hook.requests == 1
        assert store.conn.execute("SELECT count(*) FROM notifications").fetchone()[0] == 1


def test_failures_back_off_exponentially_then_succeed(store, world, nsettings):
    with WebhookReceiver(SECRET) as hook:
        ana = hooked_user(store, world, hook.url)
        hook.fail_next(500, times=2)
        world.stance("c-1", "the Kremlin", "denies")
        first = process(store, nsettings, now=T0)
        assert (first.sent, first.retrying, first.failed) == (0, 1, 0)
        [d] = notes.deliveries_of(store.conn, ana)
        assert (d.status, d.attempts) == ("pending", 1)
        assert "HTTP 500" in d.last_error
        assert d.next_at == (T0 + timedelta(seconds=60)).isoformat()
        assert first.next_retry_at == d.next_at
        # Not due yet: nothing is attempted.
        assert process(store, nsettings, now=T0 + timedelta(seconds=59)).retrying == 0
        assert hook.requests == 1
        t1 = T0 + timedelta(seconds=60)
        assert process(store, nsettings, now=t1).retrying == 1
        [d] = notes.deliveries_of(store.conn, ana)
        assert (d.attempts, d.next_at) == (2, (t1 + timedelta(seconds=120)).isoformat())
        assert process(store, nsettings, now=t1 + timedelta(seconds=119)).sent == 0
        done = process(store, nsettings, now=t1 + timedelta(seconds=120))
        assert (done.sent, done.next_retry_at) == (1, None)
        [d] = notes.deliveries_of(store.conn, ana)
        assert (d.status, d.attempts, d.last_error, d.next_at) == ("sent", 3, None, None)
        assert len(hook.received) == 1 and hook.requests == 3


def test_after_max_attempts_the_delivery_is_recorded_as_failed(store, world, nsettings):
    with WebhookReceiver(SECRET) as hook:
        ana = hooked_user(store, world, hook.url)
        hook.fail_next(503, times=10)
        world.stance("c-1", "the Kremlin", "denies")
        moment = T0
        for _ in range(nsettings.notify_max_attempts):
            process(store, nsettings, now=moment)
            moment += timedelta(days=1)
        [d] = notes.deliveries_of(store.conn, ana)
        assert (d.status, d.attempts, d.next_at) == ("failed", 3, None)
        assert "HTTP 503" in d.last_error
        assert process(store, nsettings, now=moment + timedelta(days=30)).retrying == 0
        assert hook.requests == 3
        # The notification itself stays in the inbox.
        assert notes.unread_count(store.conn, ana) == 1


def test_410_gone_gives_up_at_once(store, world, nsettings):
    with WebhookReceiver(SECRET) as hook:
        ana = hooked_user(store, world, hook.url)
        hook.fail_next(410)
        world.stance("c-1", "the Kremlin", "denies")
        assert process(store, nsettings, now=T0).failed == 1
        [d] = notes.deliveries_of(store.conn, ana)
        assert (d.status, d.attempts) == ("failed", 1)


def test_an_unreachable_webhook_is_retried(store, world, nsettings):
    with WebhookReceiver(SECRET) as hook:
        url = hook.url                     # the receiver stops: nothing listens there now
    ana = hooked_user(store, world, url)
    world.stance("c-1", "the Kremlin", "denies")
    assert process(store, nsettings, now=T0).retrying == 1
    [d] = notes.deliveries_of(store.conn, ana)
    assert d.status == "pending" and "could not be reached" in d.last_error


def test_loopback_webhooks_are_refused_unless_private_addresses_are_allowed(
        store, world, nsettings):
    strict = nsettings.replace(allow_private_addresses=False)
    with WebhookReceiver(SECRET) as hook:
        with pytest.raises(DeliveryError, match="non-public address"):
            check_webhook_url(hook.url, strict)
        assert check_webhook_url(hook.url, nsettings) == hook.url
        ana = hooked_user(store, world, hook.url)
        world.stance("c-1", "the Kremlin", "denies")
        stats = process(store, strict, now=T0)
        assert stats.failed == 1
        [d] = notes.deliveries_of(store.conn, ana)
        assert d.status == "failed" and "refused" in d.last_error
        assert hook.requests == 0


@pytest.mark.parametrize("url", ["http://169.254.169.254/latest/meta-data",
                                 "http://[::1]:8080/", "http://10.0.0.7/hook",
                                 "file:///etc/passwd", "http://user:pw@hooks.example/"],
                         ids=["metadata", "ipv6-loopback", "private", "file", "credentials"])
def test_the_ssrf_guard_refuses_internal_targets(url, nsettings):
    with pytest.raises(DeliveryError, match="refused"):
        check_webhook_url(url, nsettings.replace(allow_private_addresses=False))


def test_a_removed_webhook_fails_its_pending_delivery_with_a_reason(store, world, nsettings):
    with WebhookReceiver(SECRET) as hook:
        ana = hooked_user(store, world, hook.url)
        world.stance("c-1", "the Kremlin", "denies")
        hook.fail_next(500)
        process(store, nsettings, now=T0)
        [webhook] = notes.webhooks(store.conn, ana)
        notes.remove_webhook(store.conn, ana, webhook.id)
        process(store, nsettings, now=T0 + timedelta(hours=1))
        [d] = notes.deliveries_of(store.conn, ana)
        assert (d.status, d.last_error) == ("failed", "the webhook was removed")


def test_verify_signature_checks_body_secret_and_age():
    body = b'{"id": 1}'
    signature = sign(SECRET, 1_900_000_000, body)
    assert verify_signature(SECRET, "1900000000", body, signature, now=1_900_000_100)
    assert not verify_signature(SECRET, "1900000000", body + b" ", signature, now=1_900_000_100)
    assert not verify_signature("another-secret", "1900000000", body, signature,
                                now=1_900_000_100)
    assert not verify_signature(SECRET, "1900000000", body, signature, now=1_900_001_000)
    assert not verify_signature(SECRET, "soon", body, signature)


def test_a_malformed_url_is_refused_not_crashed_on(store, world, nsettings):
    with pytest.raises(DeliveryError, match="not a valid URL"):
        check_webhook_url("http://[oops/", nsettings)


def test_an_unexpected_error_is_recorded_and_retried_not_lost(store, world, nsettings):
    with WebhookReceiver(SECRET) as hook:
        ana = hooked_user(store, world, hook.url)
        world.stance("c-1", "the Kremlin", "denies")
        hook.fail_next(500)
        assert process(store, nsettings, now=T0).retrying == 1
        store.conn.execute("UPDATE events SET payload = 'not json'")     # a broken row
        assert process(store, nsettings, now=T0 + timedelta(days=1)).retrying == 1
        [d] = notes.deliveries_of(store.conn, ana)
        assert d.status == "pending" and d.attempts == 2
        assert d.last_error.startswith("unexpected JSONDecodeError")
        assert hook.requests == 1


class _Redirector:
    """A loopback server that answers every POST with a 307 to ``target``."""

    def __init__(self, target: str) -> None:
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the http.server naming
                self.rfile.read(int(self.headers.get("content-length", "0")))
                self.send_response(307)
                self.send_header("Location", target)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format, *args) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/hook"
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def test_a_redirect_is_never_followed_past_the_address_check(store, world, nsettings):
    """A webhook or push endpoint that redirects elsewhere is not followed there (a
    redirect would skip the SSRF guard): the delivery is retried, the target never hit."""
    from tests.notify.pushservice import PushService

    with WebhookReceiver(SECRET) as hook, PushService() as service:
        sub = service.subscribe()
        hook_redirect, push_redirect = _Redirector(hook.url), _Redirector(sub.endpoint)
        try:
            ana = world.user("Ana", webhook=True, push=True)
            world.follow(ana, "claim", "c-1")
            notes.add_webhook(store.conn, ana, hook_redirect.url, SECRET)
            notes.add_push_subscription(store.conn, ana, push_redirect.url, sub.p256dh, sub.auth)
            world.stance("c-1", "the Kremlin", "denies")
            stats = process(store, nsettings, now=T0)
            assert (stats.deliveries, stats.sent, stats.retrying) == (2, 0, 2)
            assert hook.requests == 0 and service.requests == 0
            errors = sorted(d.last_error for d in notes.deliveries_of(store.conn, ana))
            assert all(errors) and any("307" in e for e in errors), errors
        finally:
            hook_redirect.close()
            push_redirect.close()
