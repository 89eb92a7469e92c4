"""A user's notifications and delivery targets, over a sqlite3 connection.

The notifier (:mod:`factdesk.notify`) writes ``notifications`` (one per user
per event) and ``deliveries`` (one per notification, channel and target);
this module is what the web app reads and changes on a user's behalf.  Every
function takes the ``user_id`` of the person asking and touches only that
user's rows, so a handler cannot show or change someone else's by passing
their ids (IDOR).

A notification's title and link are derived from its event when it is read,
so a claim that was merged into another since links to the claim it is now
(through ``claim_aliases``: :func:`factdesk.store.claim_identity.resolve_claim`).
Links are site-relative (``/claims/<id>``); the notifier and the Atom feed
prefix them with ``base_url``.
"""

from __future__ import annotations

import base64
import binascii
import json
import sqlite3
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

from ...clock import utc_stamp
from ...errors import DeliveryError
from ...model import Stance
from ..claim_identity import resolve_claim
from ..identity import resolve_entity
from ..outlets import lead_of, outlet_of, readable_title
from ..stories import resolve_story, story_title

__all__ = ["CHANNELS", "Delivery", "InboxItem", "PushSubscription", "Webhook",
           "add_push_subscription", "add_webhook", "deliveries_of", "describe",
           "forget_push_subscription", "inbox", "mark_read", "notification",
           "push_subscription_at", "push_subscriptions", "remove_push_subscription",
           "remove_webhook", "unread_count", "user_channels", "webhook_secret", "webhooks"]

#: The ways a notification can leave the app besides the inbox and the feed.
CHANNELS = ("push", "webhook", "email")
_TITLE_MAX = 200
_STANCE_WORDS = {Stance.ASSERTS: "asserts", Stance.HEDGED: "hedges on", Stance.DENIES: "denies",
                 Stance.DOES_NOT_DENY: "does not deny", Stance.BELIEVES: "believes",
                 Stance.QUESTIONS: "questions"}


@dataclass(frozen=True, slots=True, kw_only=True)
class InboxItem:
    """One notification as the user sees it; ``url`` is site-relative."""

    id: int
    kind: str
    reason: str
    title: str
    url: str
    payload: dict[str, Any]
    created: str
    read: bool
    because: str = ""  # the reason in words: "you follow the claim “...”"


@dataclass(frozen=True, slots=True, kw_only=True)
class PushSubscription:
    """A browser's Web Push subscription (keys base64url, as the browser gives them)."""

    id: int
    endpoint: str
    p256dh: str
    auth: str
    created: str

    def info(self) -> dict[str, Any]:
        """The subscription JSON a browser's ``PushSubscription.toJSON()`` gives."""
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


@dataclass(frozen=True, slots=True, kw_only=True)
class Webhook:
    id: int
    url: str
    secret: str
    created: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Delivery:
    """One attempt-tracked delivery of a notification over one channel."""

    id: int
    notification_id: int
    channel: str
    target: str
    status: str
    attempts: int
    next_at: str | None
    last_error: str | None
    sent_at: str | None


def _short(text: str, limit: int = _TITLE_MAX) -> str:
    """One line of plain text: control and format characters dropped (they
    could break a feed or spoof a direction), whitespace runs made one space."""
    text = "".join(ch for ch in str(text) if ch.isprintable() or ch.isspace())
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _path(kind: str, ident: str) -> str:
    return f"/{kind}/{quote(str(ident), safe='')}"


def describe(conn: sqlite3.Connection, kind: str, subject: str,
             payload: dict[str, Any]) -> tuple[str, str]:
    """``(title, url)`` of an event: one plain-text line and a site-relative link."""
    if kind == "stance":
        claim = resolve_claim(conn, payload.get("claim_id") or subject)
        verb = _STANCE_WORDS.get(payload.get("stance", ""), payload.get("stance", "on"))
        # the claim's stored title (a whole clause, store/claim_titles) over the label the
        # event was recorded with; a claim gone since keeps the recorded one
        row = conn.execute("SELECT label FROM claims WHERE id = ?", (claim,)).fetchone()
        label = row[0] if row and row[0] else payload.get("label", claim)
        title = f"{payload.get('source') or 'A source'} {verb}: {label}"
        if payload.get("change"):
            title = "Change: " + title
        return _short(title), _path("claims", claim)
    if kind == "quote":
        title = f"{payload.get('speaker') or 'Someone'}: “{payload.get('text', '')}”"
        return _short(title), _path("articles", payload.get("article_id") or "")
    if kind == "article":
        return _short("New article: " + _article_title(conn, subject, payload)), \
            _path("articles", subject)
    if kind == "comment":
        verb = "replied" if payload.get("parent_id") else "commented"
        excerpt = payload.get("excerpt") or "(comment removed)"
        title = f"{payload.get('user_name') or 'Someone'} {verb}: {excerpt}"
        target = str(payload.get("target", ""))
        if payload.get("target_kind") == "claim":
            target = resolve_claim(conn, target)
        where = "claims" if payload.get("target_kind") == "claim" else "articles"
        return _short(title), f"{_path(where, target)}#comment-{subject}"
    return _short(f"{kind}: {subject}"), "/"


def _article_title(conn: sqlite3.Connection, article_id: str, payload: dict[str, Any]) -> str:
    """The headline, else the first words of the body, else outlet and date
    (an event recorded before leads were kept reads them from the article)."""
    headline, lead = payload.get("headline"), payload.get("lead")
    site, url, published = payload.get("site"), payload.get("url"), payload.get("published")
    if not headline and not lead:
        row = conn.execute("SELECT headline, substr(text, 1, 400), site_name, url, published "
                           "FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is not None:
            headline, text, site, url, published = row
            lead = lead_of(text)
    return readable_title(headline, lead, outlet_of(site, url), published)


def explain(conn: sqlite3.Connection, reason: str) -> str:
    """A notification's ``reason`` (``claim:<id>``, ``entity:<id>``, ``search:<words>``,
    ``thread:<id>``, ``user:<id>``) in words, for the inbox, feeds and e-mails."""
    kind, _, target = reason.partition(":")
    if kind == "claim":
        row = conn.execute("SELECT label FROM claims WHERE id = ?",
                           (resolve_claim(conn, target),)).fetchone()
        return _short(f"you follow the claim “{row[0]}”" if row else "you follow a claim")
    if kind == "entity":
        row = conn.execute("SELECT name FROM entities WHERE id = ?",
                           (resolve_entity(conn, target),)).fetchone()
        return _short(f"you follow {row[0]}" if row else "you follow someone named here")
    if kind == "search":
        return _short(f"you follow the search “{target}”")
    if kind == "story":
        return _short(f"you follow the story "
                      f"{story_title(conn, resolve_story(conn, target) or target)}")
    if kind == "thread":
        return "you are in this discussion"
    if kind == "user":
        row = conn.execute("SELECT name FROM users WHERE id = ?",
                           (int(target) if target.isdigit() else -1,)).fetchone()
        return _short(f"you follow {row[0]}" if row else "you follow a user")
    return _short(reason)


_INBOX = ("SELECT n.id, e.kind, n.reason, e.subject, e.payload, n.created, n.read, n.user_id "
          "FROM notifications n JOIN events e ON e.seq = n.event_seq ")


def _current_comment(conn: sqlite3.Connection, payload: dict[str, Any],
                     subject: str) -> dict[str, Any]:
    """A comment event's payload with the comment as it is now: edited text,
    or no text once it was deleted or hidden by an admin."""
    row = conn.execute("SELECT body, deleted, hidden FROM comments WHERE id = ?",
                       (subject,)).fetchone()
    if row is None or row[1] or row[2]:
        return {**payload, "excerpt": ""}
    return {**payload, "excerpt": row[0][:200]}


def _item(conn: sqlite3.Connection, row: tuple) -> InboxItem:
    payload = json.loads(row[4])
    if row[1] == "comment":
        payload = _current_comment(conn, payload, row[3])
    title, url = describe(conn, row[1], row[3], payload)
    return InboxItem(id=row[0], kind=row[1], reason=row[2], title=title, url=url,
                     payload=payload, created=row[5], read=bool(row[6]),
                     because=explain(conn, row[2]))


def inbox(conn: sqlite3.Connection, user_id: int, *, limit: int = 50,
          offset: int = 0, oldest: bool = False) -> list[InboxItem]:
    """The user's notifications, newest first (``oldest``: oldest first)."""
    order = "n.id" if oldest else "n.id DESC"
    rows = conn.execute(_INBOX + f"WHERE n.user_id = ? ORDER BY {order} LIMIT ? OFFSET ?",
                        (user_id, max(0, limit), max(0, offset))).fetchall()
    return [_item(conn, r) for r in rows]


def notification(conn: sqlite3.Connection, notification_id: int) -> tuple[int, InboxItem] | None:
    """``(user_id, item)`` of one notification, for the notifier; None if gone."""
    row = conn.execute(_INBOX + "WHERE n.id = ?", (notification_id,)).fetchone()
    return None if row is None else (row[7], _item(conn, row))


def unread_count(conn: sqlite3.Connection, user_id: int) -> int:
    return conn.execute("SELECT count(*) FROM notifications WHERE user_id = ? AND read = 0",
                        (user_id,)).fetchone()[0]


def mark_read(conn: sqlite3.Connection, user_id: int, ids: list[int] | None = None) -> int:
    """Mark the user's notifications ``ids`` (all of them when None) read;
    ids of other users' notifications are ignored.  Returns how many changed."""
    if ids is None:
        cursor = conn.execute("UPDATE notifications SET read = 1 WHERE user_id = ? AND read = 0",
                              (user_id,))
        return cursor.rowcount
    changed = 0
    for ident in ids:
        changed += conn.execute("UPDATE notifications SET read = 1 WHERE user_id = ? AND id = ? "
                                "AND read = 0", (user_id, int(ident))).rowcount
    return changed


def user_channels(conn: sqlite3.Connection, user_id: int) -> dict[str, bool]:
    """Which of :data:`CHANNELS` the user turned on (``users.channels``)."""
    row = conn.execute("SELECT channels FROM users WHERE id = ?", (user_id,)).fetchone()
    try:
        raw = json.loads(row[0]) if row else {}
    except ValueError:
        raw = {}
    raw = raw if isinstance(raw, dict) else {}
    return {channel: raw.get(channel) is True for channel in CHANNELS}


def _b64url(value: str, size: int, what: str) -> str:
    value = value.strip()
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError) as exc:
        raise DeliveryError(f"the push subscription's {what} is not base64url",
                            permanent=True) from exc
    if len(raw) != size or (what == "p256dh" and raw[0] != 4):
        raise DeliveryError(f"the push subscription's {what} must be {size} bytes"
                            + (" (an uncompressed P-256 point)" if what == "p256dh" else ""),
                            permanent=True)
    return value.rstrip("=")


def _is_http_url(url: str) -> bool:
    try:
        return urlsplit(url).scheme in ("http", "https") and len(url) <= 2048
    except ValueError:  # "http://[oops"
        return False


def add_push_subscription(conn: sqlite3.Connection, user_id: int, endpoint: str, p256dh: str,
                          auth: str) -> int:
    """Keep a browser's push subscription for the user; returns its id.

    An endpoint is one browser's secret URL: subscribing it again (new keys,
    or another user logged in on that browser) replaces the old row.  The
    endpoint's address is checked when a push is sent (SSRF guard).
    """
    if not _is_http_url(endpoint):
        raise DeliveryError("a push endpoint must be an http(s) URL", permanent=True)
    p256dh = _b64url(p256dh, 65, "p256dh")
    auth = _b64url(auth, 16, "auth")
    conn.execute(
        "INSERT INTO push_subscriptions (user_id, endpoint, p256dh, auth, created) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT(endpoint) DO UPDATE SET user_id = excluded.user_id, "
        "p256dh = excluded.p256dh, auth = excluded.auth, created = excluded.created",
        (user_id, endpoint, p256dh, auth, utc_stamp()))
    return conn.execute("SELECT id FROM push_subscriptions WHERE endpoint = ?",
                        (endpoint,)).fetchone()[0]


def remove_push_subscription(conn: sqlite3.Connection, user_id: int, endpoint: str) -> bool:
    return conn.execute("DELETE FROM push_subscriptions WHERE user_id = ? AND endpoint = ?",
                        (user_id, endpoint)).rowcount > 0


def push_subscriptions(conn: sqlite3.Connection, user_id: int) -> list[PushSubscription]:
    rows = conn.execute("SELECT id, endpoint, p256dh, auth, created FROM push_subscriptions "
                        "WHERE user_id = ? ORDER BY id", (user_id,))
    return [PushSubscription(id=r[0], endpoint=r[1], p256dh=r[2], auth=r[3], created=r[4])
            for r in rows]


def push_subscription_at(conn: sqlite3.Connection,
                         endpoint: str) -> tuple[int, PushSubscription] | None:
    """``(user_id, subscription)`` of the subscription at ``endpoint``, for the
    notifier; None once it was removed."""
    r = conn.execute("SELECT id, endpoint, p256dh, auth, created, user_id FROM "
                     "push_subscriptions WHERE endpoint = ?", (endpoint,)).fetchone()
    return None if r is None else (r[5], PushSubscription(id=r[0], endpoint=r[1], p256dh=r[2],
                                                           auth=r[3], created=r[4]))


def forget_push_subscription(conn: sqlite3.Connection, subscription_id: int) -> None:
    """Delete a subscription its push service no longer knows (the notifier's
    call after HTTP 404 or 410, whoever it belongs to)."""
    conn.execute("DELETE FROM push_subscriptions WHERE id = ?", (subscription_id,))


def add_webhook(conn: sqlite3.Connection, user_id: int, url: str, secret: str) -> int:
    """Add (or re-key) a webhook; returns its id.  Check the URL first with
    :func:`factdesk.notify.webhook.check_webhook_url` (SSRF guard)."""
    if not _is_http_url(url):
        raise DeliveryError("a webhook URL must be an http(s) URL", permanent=True)
    if len(secret) < 16:
        raise DeliveryError("a webhook secret must be at least 16 characters", permanent=True)
    conn.execute("INSERT INTO webhooks (user_id, url, secret, created) VALUES (?, ?, ?, ?) "
                 "ON CONFLICT(user_id, url) DO UPDATE SET secret = excluded.secret",
                 (user_id, url, secret, utc_stamp()))
    return conn.execute("SELECT id FROM webhooks WHERE user_id = ? AND url = ?",
                        (user_id, url)).fetchone()[0]


def webhooks(conn: sqlite3.Connection, user_id: int) -> list[Webhook]:
    rows = conn.execute("SELECT id, url, secret, created FROM webhooks WHERE user_id = ? "
                        "ORDER BY id", (user_id,))
    return [Webhook(id=r[0], url=r[1], secret=r[2], created=r[3]) for r in rows]


def webhook_secret(conn: sqlite3.Connection, user_id: int, url: str) -> str | None:
    """The secret that signs ``user_id``'s webhook at ``url``; None once it was removed."""
    row = conn.execute("SELECT secret FROM webhooks WHERE user_id = ? AND url = ?",
                       (user_id, url)).fetchone()
    return row[0] if row else None


def remove_webhook(conn: sqlite3.Connection, user_id: int, webhook_id: int) -> bool:
    return conn.execute("DELETE FROM webhooks WHERE user_id = ? AND id = ?",
                        (user_id, int(webhook_id))).rowcount > 0


def deliveries_of(conn: sqlite3.Connection, user_id: int, limit: int = 50) -> list[Delivery]:
    """The user's most recent deliveries (pending, sent and failed), newest first."""
    rows = conn.execute(
        "SELECT d.id, d.notification_id, d.channel, d.target, d.status, d.attempts, d.next_at, "
        "d.last_error, d.sent_at FROM deliveries d JOIN notifications n "
        "ON n.id = d.notification_id WHERE n.user_id = ? ORDER BY d.id DESC LIMIT ?",
        (user_id, max(0, limit)))
    return [Delivery(id=r[0], notification_id=r[1], channel=r[2], target=r[3], status=r[4],
                     attempts=r[5], next_at=r[6], last_error=r[7], sent_at=r[8]) for r in rows]
