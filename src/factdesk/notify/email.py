"""E-mail over SMTP: notifications, and the web app's password-reset links.

:func:`send_mail` sends one plain-text message through ``smtp_host`` (with
STARTTLS and a login when ``smtp_starttls`` / ``smtp_user`` are set).  The
SMTP server is configured by the operator, not given by users, so it is
not passed through the ingest address check.  Header values are folded to
one line, so a hostile notification title cannot add headers.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from ..errors import DeliveryError
from ..settings import Settings

__all__ = ["send_mail"]


def _one_line(text: str, limit: int = 250) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def send_mail(settings: Settings, to: str, subject: str, body: str) -> None:
    """Send ``body`` (plain text) to ``to``; raise :class:`DeliveryError` if the
    server does not take it (``permanent`` when it refuses the recipient or
    e-mail is not configured)."""
    if not settings.smtp_host:
        raise DeliveryError("e-mail is off on this server: set smtp_host (and smtp_port, "
                            "smtp_from) to send e-mail", permanent=True)
    to = _one_line(to)
    if "@" not in to or "," in to:
        raise DeliveryError(f"{to!r} is not one e-mail address", permanent=True)
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = to
    message["Subject"] = _one_line(subject)
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=settings.smtp_from.rpartition("@")[2] or None)
    message.set_content(body)
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port,
                          timeout=settings.fetch_timeout) as smtp:
            if settings.smtp_starttls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password)
            smtp.send_message(message)
    except smtplib.SMTPRecipientsRefused as exc:
        raise DeliveryError(f"the SMTP server refused the address {to}", permanent=True) from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryError(f"could not send e-mail through {settings.smtp_host}:"
                            f"{settings.smtp_port} ({type(exc).__name__}: {exc})") from exc
