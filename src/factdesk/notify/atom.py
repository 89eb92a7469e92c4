"""A user's notifications as an Atom 1.0 feed (RFC 4287).

The web app serves it at ``/feeds/<feed_token>.atom``: the token in the URL
is the only credential, so feed readers need no login.  The document is
built with ElementTree, which escapes text and attributes; characters XML
1.0 does not allow at all (control characters) are dropped, so a hostile
headline or comment cannot break or inject into the feed.
"""

from __future__ import annotations

import re
import sqlite3
import xml.etree.ElementTree as ET
from urllib.parse import quote

from ..errors import StoreError
from ..store.people.accounts import user_by_id
from ..store.people.digests import digests_of
from ..store.people.notifications import inbox

__all__ = ["ATOM_NS", "user_feed"]

ATOM_NS = "http://www.w3.org/2005/Atom"
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("", str(text))


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    node = ET.SubElement(parent, tag, {k: _clean(v) for k, v in attrs.items()})
    if text is not None:
        node.text = _clean(text)
    return node


def user_feed(conn: sqlite3.Connection, user_id: int, base_url: str, *, limit: int = 50) -> str:
    """The Atom document of the user's latest ``limit`` notifications, newest first,
    then their latest morning digests."""
    user = user_by_id(conn, user_id)
    if user is None:
        raise StoreError(f"no user {user_id}")
    name, token, created = user.name, user.feed_token, user.created
    base = base_url.rstrip("/")
    items = inbox(conn, user_id, limit=limit)
    self_url = f"{base}/feeds/{quote(token, safe='')}.atom"
    feed = ET.Element("feed", xmlns=ATOM_NS)   # unprefixed names in the Atom namespace
    _add(feed, "id", self_url)
    _add(feed, "title", f"factdesk notifications for {name}", type="text")
    _add(feed, "updated", items[0].created if items else created)
    _add(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    _add(feed, "link", rel="alternate", type="text/html", href=f"{base}/inbox")
    author = _add(feed, "author")
    _add(author, "name", "factdesk")
    _add(feed, "generator", "factdesk")
    for item in items:
        entry = _add(feed, "entry")
        _add(entry, "id", f"{base}/inbox#notification-{item.id}")
        _add(entry, "title", item.title, type="text")
        _add(entry, "updated", item.created)
        _add(entry, "link", rel="alternate", type="text/html", href=base + item.url)
        _add(entry, "category", term=item.kind)
        _add(entry, "summary", f"{item.title} ({item.because or item.reason})", type="text")
    for digest in digests_of(conn, user_id):  # the morning digests (notify/digest.py)
        entry = _add(feed, "entry")
        _add(entry, "id", f"{base}/inbox#digest-{digest.id}")
        _add(entry, "title", digest.title, type="text")
        _add(entry, "updated", digest.sent)
        _add(entry, "link", rel="alternate", type="text/html", href=f"{base}/inbox")
        _add(entry, "category", term="digest")
        _add(entry, "content", digest.body, type="text")
    body = ET.tostring(feed, encoding="unicode")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n"
