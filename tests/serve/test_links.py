"""Links written for elsewhere (Atom feeds, e-mails) point at ``base_url`` when it
is set, else at the address the app is served at: the listening socket's, never
a Host header a client chose."""

from __future__ import annotations

import re

import feedparser
import httpx
import pytest

from factdesk.notify import process
from factdesk.notify.links import LOCAL_APP, app_address, link_base
from factdesk.serve import create_app
from factdesk.serve.run import served_settings
from factdesk.settings import Settings
from factdesk.store import Store
from factdesk.store.events import record_event
from factdesk.store.people.accounts import create_user
from factdesk.store.people.follows import follow
from tests.serve.conftest import LiveServer, fill, form_token, register


@pytest.mark.parametrize(("host", "port", "address"), [
    pytest.param("127.0.0.1", 8123, "http://127.0.0.1:8123", id="ipv4"),
    pytest.param("desk.local", 80, "http://desk.local:80", id="name"),
    pytest.param("::1", 9000, "http://[::1]:9000", id="ipv6"),
    pytest.param("[::1]", 9000, "http://[::1]:9000", id="ipv6-bracketed"),
    pytest.param("0.0.0.0", 8000, None, id="wildcard-v4"),
    pytest.param("::", 8000, None, id="wildcard-v6"),
])
def test_app_address(host, port, address):
    assert app_address(host, port) == address


def test_base_url_wins_then_the_served_address_then_the_local_default():
    assert link_base(Settings(base_url="https://desk.example/"), "http://127.0.0.1:9") == \
        "https://desk.example"
    assert link_base(Settings(), "http://127.0.0.1:9") == "http://127.0.0.1:9"
    assert link_base(Settings()) == LOCAL_APP
    assert Settings().base_url == ""  # unset by default


def test_factdesk_serve_fills_base_url_from_its_host_and_port_only_when_unset():
    assert served_settings(Settings(), "127.0.0.1", 8765).base_url == "http://127.0.0.1:8765"
    assert served_settings(Settings(), "0.0.0.0", 8765).base_url == ""  # each request's own
    kept = Settings(base_url="https://desk.example")
    assert served_settings(kept, "127.0.0.1", 8765) is kept


def _user_with_news(store: Store) -> str:
    user = create_user(store.conn, name="ana", email="ana@example.org", password_hash="x")
    follow(store.conn, user.id, "claim", "claim-rigged")
    with store.transaction() as conn:
        record_event(conn, key="stance:claim-rigged:Harbour Post:asserts", kind="stance",
                     subject="claim-rigged",
                     payload={"claim_id": "claim-rigged", "label": "the contract had been rigged",
                              "source": "Harbour Post", "stance": "asserts"})
    return store.conn.execute("SELECT feed_token FROM users WHERE id = ?",
                              (user.id,)).fetchone()[0]


@pytest.mark.parametrize("base_url", ["", "https://desk.example"], ids=["unset", "set"])
def test_atom_links_point_at_the_port_the_app_was_started_on(tmp_path, base_url):
    settings = Settings(base_url=base_url)
    with Store(tmp_path / "links.db") as store:
        fill(store)
        token = _user_with_news(store)
        process(store, settings)
        with LiveServer(create_app(store, settings, notifier=None)) as server:
            feed = httpx.get(f"{server.url}/feeds/{token}.atom",
                             headers={"Host": "evil.example"}, timeout=10)
    parsed = feedparser.parse(feed.content)
    expected = base_url or server.url  # e.g. http://127.0.0.1:43817, not :8000
    assert not parsed.bozo and len(parsed.entries) == 1
    assert parsed.entries[0].link == f"{expected}/claims/claim-rigged"
    assert all(link.href.startswith(expected + "/") for link in parsed.feed.links)
    assert "evil.example" not in feed.text


def test_a_reset_link_ignores_the_host_header(store):
    from starlette.testclient import TestClient

    from tests.notify.receivers import SmtpSink

    with SmtpSink() as smtp:
        app = create_app(store, Settings(smtp_host="127.0.0.1", smtp_port=smtp.port),
                         notifier=None)
        with TestClient(app, base_url="http://testserver") as ana, \
                TestClient(app, base_url="http://testserver") as stranger:
            register(ana, "ana")
            stranger.post("/reset", data={"email": "ana@example.org",
                                          "csrf": form_token(stranger, "/reset")},
                          headers={"Host": "evil.example"})
        (mail,) = smtp.messages
    body = mail.get_content()
    assert "evil.example" not in body
    assert re.search(r"http://testserver:80/reset/\S+", body), body
