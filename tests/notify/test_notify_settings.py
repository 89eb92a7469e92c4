"""The notify settings: validated, and the SMTP password never written out."""

from __future__ import annotations

import pytest

from factdesk.errors import ConfigError
from factdesk.settings import SECRETS, Settings, load_settings


def test_the_smtp_password_is_masked_in_to_dict_and_repr():
    settings = load_settings(env={"FACTDESK_SMTP_PASSWORD": "hunter2",
                                  "FACTDESK_SMTP_PORT": "587", "FACTDESK_SMTP_STARTTLS": "yes"})
    assert settings.smtp_password == "hunter2"
    assert (settings.smtp_port, settings.smtp_starttls) == (587, True)
    assert settings.to_dict()["smtp_password"] == "********"
    assert "hunter2" not in repr(settings)
    assert Settings().to_dict()["smtp_password"] == ""
    assert SECRETS == ("smtp_password",)


@pytest.mark.parametrize("changes, message", [
    ({"base_url": "desk.example"}, "base_url"),
    ({"smtp_port": 0}, "smtp_port"),
    ({"vapid_subject": "admin@desk.example"}, "vapid_subject"),
    ({"notify_max_attempts": 0}, "notify_max_attempts"),
    ({"notify_backoff_s": -1.0}, "notify_backoff_s"),
], ids=["base-url", "port", "vapid-subject", "attempts", "backoff"])
def test_bad_notify_settings_are_config_errors(changes, message):
    with pytest.raises(ConfigError, match=message):
        Settings(**changes)
