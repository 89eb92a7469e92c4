"""The per-user Atom feed: valid Atom 1.0, absolute links, hostile text inert."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import feedparser
import pytest

from factdesk.errors import StoreError
from factdesk.notify import process
from factdesk.notify.atom import ATOM_NS, user_feed

HOSTILE = '<script>alert("x")</script> & ]]> \x00\x0b\x1b<!ENTITY boom "x">'


def token_of(store, user_id: int) -> str:
    return store.conn.execute("SELECT feed_token FROM users WHERE id = ?",
                              (user_id,)).fetchone()[0]


def test_the_feed_is_valid_atom_with_absolute_links(store, world, nsettings):
    ana = world.user("Ana")
    world.follow(ana, "claim", "c-1")
    world.follow(ana, "entity", "person:peskov")
    world.stance("c-1", "the Kremlin", "denies", change=True)
    world.quote("person:peskov", "Dmitry Peskov", "Groundless.")
    process(store, nsettings)
    document = user_feed(store.conn, ana, "https://desk.example/")
    parsed = feedparser.parse(document)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.title == "factdesk notifications for Ana"
    self_link = [link.href for link in parsed.feed.links if link.rel == "self"]
    assert self_link == [f"https://desk.example/feeds/{token_of(store, ana)}.atom"]
    assert parsed.feed.id == self_link[0]
    assert [e.title for e in parsed.entries] == [
        "Dmitry Peskov: “Groundless.”",
        "Change: the Kremlin denies: Russia is arming the Taliban"]
    assert [e.link for e in parsed.entries] == ["https://desk.example/articles/art-1",
                                                "https://desk.example/claims/c-1"]
    assert len({e.id for e in parsed.entries}) == 2
    assert all(e.updated_parsed for e in parsed.entries)
    # Atom's required elements, checked on the XML itself (RFC 4287 4.1.1, 4.1.2).
    root = ET.fromstring(document.encode("utf-8"))
    assert root.tag == f"{{{ATOM_NS}}}feed"
    for needed in ("id", "title", "updated", "author"):
        assert root.find(f"{{{ATOM_NS}}}{needed}") is not None, needed
    for entry in root.iterfind(f"{{{ATOM_NS}}}entry"):
        for needed in ("id", "title", "updated", "link", "summary"):
            assert entry.find(f"{{{ATOM_NS}}}{needed}") is not None, needed


def test_hostile_text_is_escaped_and_control_characters_dropped(store, world, nsettings):
    ana, eve = world.user("Ana"), world.user("Eve")
    root = world.comment(ana, "claim", "c-1", "Sources?")
    world.comment(eve, "claim", "c-1", HOSTILE, parent_id=root)
    world.follow(ana, "search", "Taliban")
    world.article("art-x", HOSTILE + " Taliban", "The Taliban said nothing.")
    process(store, nsettings)
    document = user_feed(store.conn, ana, "https://desk.example")
    assert "<script>" not in document and "<!ENTITY" not in document
    assert "\x00" not in document and "\x1b" not in document
    ET.fromstring(document.encode("utf-8"))           # well-formed XML
    parsed = feedparser.parse(document)
    assert not parsed.bozo, parsed.get("bozo_exception")
    clean = '<script>alert("x")</script> & ]]> <!ENTITY boom "x">'
    titles = [e.title for e in parsed.entries]
    assert titles == [f"New article: {clean} Taliban", f"Eve replied: {clean}"]


def test_an_empty_feed_is_valid_and_unknown_users_are_an_error(store, world):
    ana = world.user("Ana")
    parsed = feedparser.parse(user_feed(store.conn, ana, "https://desk.example"))
    assert not parsed.bozo and parsed.entries == []
    with pytest.raises(StoreError, match="no user"):
        user_feed(store.conn, 999, "https://desk.example")
