"""Web Push for real: the test is the push service (tests/notify/pushservice.py),
checks the VAPID signature and decrypts the RFC 8291 payload."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from factdesk.errors import ConfigError
from factdesk.notify import process
from factdesk.notify.webpush import vapid_public_key
from factdesk.store.people import notifications as notes
from tests.notify.pushservice import (PushService, b64url_decode, make_subscription,
                                      verify_vapid)

T0 = datetime(2030, 5, 1, 12, 0, tzinfo=UTC)


def subscribed(store, world, service, name="Ana", push=True):
    user = world.user(name, push=push)
    world.follow(user, "claim", "c-1")
    sub = service.subscribe()
    notes.add_push_subscription(store.conn, user, sub.info["endpoint"],
                                sub.info["keys"]["p256dh"], sub.info["keys"]["auth"])
    return user, sub


def test_the_vapid_key_is_generated_once_and_kept(store, nsettings):
    key = vapid_public_key(store, nsettings)
    raw = b64url_decode(key)
    assert len(raw) == 65 and raw[0] == 4 and "=" not in key
    assert vapid_public_key(store, nsettings) == key
    stored = store.conn.execute("SELECT value FROM notify_state "
                                "WHERE name = 'vapid_private_key'").fetchone()[0]
    assert stored.startswith("-----BEGIN PRIVATE KEY-----")


def test_the_vapid_key_can_come_from_a_pem_file(store, nsettings, tmp_path):
    key = ec.generate_private_key(ec.SECP256R1())
    pem = tmp_path / "vapid.pem"
    pem.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                      serialization.PrivateFormat.TraditionalOpenSSL,
                                      serialization.NoEncryption()))
    expected = key.public_key().public_bytes(serialization.Encoding.X962,
                                             serialization.PublicFormat.UncompressedPoint)
    settings = nsettings.replace(vapid_private_key=str(pem))
    assert b64url_decode(vapid_public_key(store, settings)) == expected
    with pytest.raises(ConfigError, match="cannot read"):
        vapid_public_key(store, nsettings.replace(vapid_private_key=str(tmp_path / "no.pem")))
    wrong = tmp_path / "p384.pem"
    wrong.write_bytes(ec.generate_private_key(ec.SECP384R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    with pytest.raises(ConfigError, match="P-256"):
        vapid_public_key(store, nsettings.replace(vapid_private_key=str(wrong)))


def test_a_push_arrives_signed_and_decrypts_to_the_notification(store, world, nsettings):
    with PushService(expected_vapid_key=vapid_public_key(store, nsettings)) as service:
        ana, sub = subscribed(store, world, service)
        world.stance("c-1", "the Kremlin", "denies", change=True)
        stats = process(store, nsettings)
        assert (stats.deliveries, stats.sent) == (1, 1)
        [message] = service.wait_for(1)
        assert not service.errors
        assert message.claims["aud"] == service.origin
        assert message.claims["sub"] == nsettings.vapid_subject
        assert message.headers["content-encoding"] == "aes128gcm"
        [item] = notes.inbox(store.conn, ana)
        assert message.json() == {
            "title": "Change: the Kremlin denies: Russia is arming the Taliban",
            "body": "factdesk · you follow the claim “Russia is arming the Taliban”", "url": "https://desk.example/claims/c-1",
            "tag": f"factdesk-{item.id}", "id": item.id}
        assert message.path == sub.endpoint.removeprefix(service.origin)
        # Idempotent: processing again pushes nothing more.
        assert process(store, nsettings).sent == 0
        assert service.requests == 1


def test_the_service_really_checks_signature_and_audience(store, world, nsettings):
    """The checker itself refuses a token signed by another key or for another origin."""
    from py_vapid import Vapid
    signer = Vapid(private_key=ec.generate_private_key(ec.SECP256R1()))
    claims = {"aud": "http://127.0.0.1:1", "exp": 1_900_000_000, "sub": "mailto:a@b.example"}
    header = signer.sign(dict(claims))["Authorization"]
    key, got = verify_vapid(header, "http://127.0.0.1:1", now=1_899_990_000)
    assert got["aud"] == "http://127.0.0.1:1"
    with pytest.raises(Exception, match="aud"):
        verify_vapid(header, "http://127.0.0.1:2", now=1_899_990_000)
    other = Vapid(private_key=ec.generate_private_key(ec.SECP256R1()))
    other_key = other.sign(dict(claims))["Authorization"].split("k=")[1]
    with pytest.raises(Exception, match="signature"):
        verify_vapid(header.split("k=")[0] + "k=" + other_key, "http://127.0.0.1:1",
                     now=1_899_990_000)


def test_the_service_really_decrypts_only_with_the_subscriptions_keys():
    """A body encrypted for one subscription does not decrypt with another's keys."""
    from pywebpush import WebPusher

    mine = make_subscription("http://127.0.0.1:1/a")
    other = make_subscription("http://127.0.0.1:1/b")
    body = WebPusher(mine.info).encode(b'{"title": "hi"}', "aes128gcm")["body"]
    assert mine.decrypt(body) == b'{"title": "hi"}'
    with pytest.raises(Exception):
        other.decrypt(body)


def test_a_gone_subscription_is_removed_and_the_delivery_given_up(store, world, nsettings):
    with PushService() as service:
        ana, _ = subscribed(store, world, service)
        service.fail_next(410)
        world.stance("c-1", "the Kremlin", "denies")
        assert process(store, nsettings, now=T0).failed == 1
        [d] = notes.deliveries_of(store.conn, ana)
        assert d.status == "failed" and "410" in d.last_error
        assert notes.push_subscriptions(store.conn, ana) == []


def test_a_push_service_error_is_retried(store, world, nsettings):
    with PushService() as service:
        ana, _ = subscribed(store, world, service)
        service.fail_next(503)
        world.stance("c-1", "the Kremlin", "denies")
        assert process(store, nsettings, now=T0).retrying == 1
        [d] = notes.deliveries_of(store.conn, ana)
        assert d.status == "pending" and "HTTP 503" in d.last_error
        assert process(store, nsettings, now=datetime.now(UTC).replace(year=2031)).sent == 1
        assert len(service.wait_for(1)) == 1 and not service.errors


def test_loopback_push_endpoints_are_refused_by_default(store, world, nsettings):
    with PushService() as service:
        ana, _ = subscribed(store, world, service)
        world.stance("c-1", "the Kremlin", "denies")
        assert process(store, nsettings.replace(allow_private_addresses=False)).failed == 1
        [d] = notes.deliveries_of(store.conn, ana)
        assert "non-public address" in d.last_error
        assert service.requests == 0


def test_a_push_never_reaches_a_browser_that_moved_to_another_user(store, world, nsettings):
    with PushService() as service:
        ana, sub = subscribed(store, world, service)
        eve = world.user("Eve")
        world.stance("c-1", "the Kremlin", "denies")
        service.fail_next(500)
        process(store, nsettings, now=T0)              # Ana's push is pending a retry ...
        notes.add_push_subscription(store.conn, eve, sub.endpoint, sub.p256dh, sub.auth)
        process(store, nsettings, now=T0.replace(year=2031))     # ... when Eve takes the browser
        [d] = notes.deliveries_of(store.conn, ana)
        assert d.status == "failed" and "removed" in d.last_error
        assert service.messages == []


def test_no_push_without_the_channel_turned_on(store, world, nsettings):
    with PushService() as service:
        subscribed(store, world, service, push=False)
        world.stance("c-1", "the Kremlin", "denies")
        stats = process(store, nsettings)
        assert (stats.notifications, stats.deliveries) == (1, 0)


def test_keys_are_base64url_as_browsers_send_them(store, world):
    with PushService() as service:
        sub = service.subscribe()
    assert len(base64.urlsafe_b64decode(sub.auth + "==")) == 16
    assert sub.info["keys"]["p256dh"] == sub.p256dh
