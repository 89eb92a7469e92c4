"""E-mail against a local SMTP server (aiosmtpd)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from factdesk.errors import DeliveryError
from factdesk.notify import process
from factdesk.notify.email import send_mail
from factdesk.store.people import notifications as notes
from tests.notify.receivers import SmtpSink, free_port


@pytest.fixture
def smtp():
    with SmtpSink() as sink:
        yield sink


def mail_settings(nsettings, port: int):
    return nsettings.replace(smtp_host="127.0.0.1", smtp_port=port,
                             smtp_from="desk@desk.example")


def test_send_mail_delivers_plain_text(smtp, nsettings):
    send_mail(mail_settings(nsettings, smtp.port), "ana@example.org", "Reset your password",
              "Open https://desk.example/reset/abc within an hour.\n")
    [message] = smtp.messages
    assert smtp.envelopes == [("desk@desk.example", ["ana@example.org"])]
    assert message["Subject"] == "Reset your password"
    assert message["To"] == "ana@example.org" and message["From"] == "desk@desk.example"
    assert "https://desk.example/reset/abc" in message.get_content()


def test_a_hostile_subject_cannot_add_headers(smtp, nsettings):
    send_mail(mail_settings(nsettings, smtp.port), "ana@example.org",
              "Hi\r\nBcc: eve@evil.example\r\n\r\nbody", "text")
    [message] = smtp.messages
    assert message["Bcc"] is None
    assert smtp.envelopes[0][1] == ["ana@example.org"]
    assert message["Subject"] == "Hi Bcc: eve@evil.example body"


@pytest.mark.parametrize("to", ["ana@example.org, eve@evil.example", "no-at-sign"],
                         ids=["two-addresses", "not-an-address"])
def test_only_one_real_address_is_accepted(to, smtp, nsettings):
    with pytest.raises(DeliveryError, match="one e-mail address") as caught:
        send_mail(mail_settings(nsettings, smtp.port), to, "s", "b")
    assert caught.value.permanent and smtp.messages == []


def test_a_notification_is_mailed_with_its_link(smtp, store, world, nsettings):
    ana = world.user("Ana", email=True)
    world.follow(ana, "entity", "person:peskov")
    world.quote("person:peskov", "Dmitry Peskov", "Groundless.")
    stats = process(store, mail_settings(nsettings, smtp.port))
    assert stats.sent == 1
    [message] = smtp.messages
    assert message["To"] == "ana@example.org"
    assert message["Subject"] == "[factdesk] Dmitry Peskov: “Groundless.”"
    assert "https://desk.example/articles/art-1" in message.get_content()
    assert process(store, mail_settings(nsettings, smtp.port)).sent == 0
    assert len(smtp.messages) == 1


def test_without_smtp_host_email_deliveries_fail_with_a_clear_reason(store, world, nsettings):
    ana = world.user("Ana", email=True)
    world.follow(ana, "entity", "person:peskov")
    world.quote("person:peskov", "Dmitry Peskov", "Groundless.")
    assert process(store, nsettings).failed == 1
    [d] = notes.deliveries_of(store.conn, ana)
    assert d.status == "failed" and "set smtp_host" in d.last_error


def test_an_smtp_server_that_is_down_is_retried(store, world, nsettings):
    ana = world.user("Ana", email=True)
    world.follow(ana, "entity", "person:peskov")
    world.quote("person:peskov", "Dmitry Peskov", "Groundless.")
    stats = process(store, mail_settings(nsettings, free_port()), now=datetime.now(UTC))
    assert stats.retrying == 1
    [d] = notes.deliveries_of(store.conn, ana)
    assert d.status == "pending" and "could not send e-mail" in d.last_error
