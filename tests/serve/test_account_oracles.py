"""Accounts without oracles: no timing or work difference for unknown names, no hashing
before a reset token is found valid, lockouts that an attacker cannot turn against the
owner, forwarded addresses believed only from our proxies, private pages never cached,
and dates that are real dates."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from argon2 import PasswordHasher
from starlette.requests import Request
from starlette.testclient import TestClient

from factdesk.serve import create_app
from factdesk.serve.people.auth import Passwords
from factdesk.serve.clients import client_address
from factdesk.serve.ratelimit import Limit, RateLimits, check, hit
from factdesk.errors import RateLimited
from factdesk.settings import Settings
from tests.serve.conftest import PASSWORD, fake_fetcher, form_token, register


class CountingPasswords(Passwords):
    """Cheap argon2 parameters, and a count of the work done."""

    def __init__(self) -> None:
        super().__init__(PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1))
        self.hashed = 0
        self.verified: list[str | None] = []

    def hash(self, password: str) -> str:
        self.hashed += 1
        return super().hash(password)

    def verify(self, stored: str | None, password: str) -> bool:
        self.verified.append(stored)
        return super().verify(stored, password)


@pytest.fixture
def passwords():
    return CountingPasswords()


@pytest.fixture
def make_client(store, settings, passwords):
    """``make_client(address)``: a browser of its own, coming from ``address``."""
    opened: list[TestClient] = []

    def make(address: str = "198.51.100.7", **changes) -> TestClient:
        app = create_app(store, settings.replace(**changes), fetcher=fake_fetcher(settings),
                         notifier=None, passwords=passwords)
        client = TestClient(app, base_url="http://testserver", client=(address, 50000))
        client.__enter__()
        opened.append(client)
        return client

    yield make
    for client in opened:
        client.__exit__(None, None, None)


def login(client, name: str, password: str, **headers):
    return client.post("/login", data={"name": name, "password": password,
                                       "csrf": form_token(client, "/login")},
                       headers=headers, follow_redirects=False)


# -- login for an unknown name does the same work ------------------------------------------

def test_an_unknown_name_costs_a_real_argon2_verification(make_client, passwords):
    owner = make_client()
    register(owner, "ana")
    passwords.verified.clear()
    assert login(make_client(), "nobody", "some password").status_code == 401
    assert login(make_client(), "ana", "some password").status_code == 401
    assert len(passwords.verified) == 2
    unknown, known = passwords.verified
    assert unknown is None and known.startswith("$argon2id$")


def test_the_dummy_hash_has_the_parameters_of_real_ones():
    passwords = Passwords()
    real = passwords.hash("a real password here")
    assert passwords.dummy.rsplit("$", 2)[0] == real.rsplit("$", 2)[0]   # $argon2id$v=$m,t,p
    assert not passwords.verify(None, "anything at all")


# -- reset tokens are checked before any hashing --------------------------------------------

def test_a_bad_reset_token_costs_no_hash(make_client, passwords):
    client = make_client()
    token = form_token(client, "/reset")
    answer = client.post("/reset/not-a-real-token", data={"password": "a brand new secret",
                                                          "csrf": token})
    assert answer.status_code == 404
    assert passwords.hashed == 0


def test_reset_posts_are_rate_limited_per_address(store, settings, passwords):
    limits = RateLimits(reset_token_ip=Limit("reset-token-ip", 3, 3600))
    app = create_app(store, settings, fetcher=fake_fetcher(settings), notifier=None,
                     limits=limits, passwords=passwords)
    with TestClient(app, client=("203.0.113.5", 1)) as client:
        token = form_token(client, "/reset")
        codes = [client.post(f"/reset/guess-{n}", data={"password": "a brand new secret",
                                                        "csrf": token}).status_code
                 for n in range(5)]
    assert codes == [404, 404, 404, 429, 429]
    assert passwords.hashed == 0


# -- lockouts per (account, address) with back-off ------------------------------------------

def test_the_owner_can_log_in_while_others_guess_from_other_addresses(make_client):
    register(make_client(), "ana")
    for n in range(6):
        attacker = make_client(f"203.0.113.{n + 10}")
        codes = [login(attacker, "ana", "a wrong guess").status_code for _ in range(6)]
        assert codes == [401] * 5 + [429]
        # The right password from a locked-out pair is refused too: no oracle.
        assert login(attacker, "ana", PASSWORD).status_code == 429
    assert login(make_client("198.51.100.7"), "ana", PASSWORD).status_code == 303


def test_each_failure_past_the_limit_doubles_the_wait(store):
    limit = Limit("pair", 2, 60, backoff=True)
    conn, t = store.conn, 1_000_000.0
    for _ in range(2):
        check(conn, limit, "ana from 203.0.113.9", now=t)
        hit(conn, limit, "ana from 203.0.113.9", now=t)
    waits = []
    for _ in range(3):
        with pytest.raises(RateLimited) as held:
            check(conn, limit, "ana from 203.0.113.9", now=t + 1)
        waits.append(held.value.retry_after)
        t += held.value.retry_after               # wait it out, then fail again
        check(conn, limit, "ana from 203.0.113.9", now=t)
        hit(conn, limit, "ana from 203.0.113.9", now=t)
    assert waits == [60, 120, 240]
    check(conn, limit, "ana from 198.51.100.7", now=t)  # another address is not held


def test_a_success_forgets_the_pairs_failures(make_client):
    register(make_client(), "ana")
    client = make_client("203.0.113.40")
    for _ in range(4):
        assert login(client, "ana", "a wrong guess").status_code == 401
    assert login(client, "ana", PASSWORD).status_code == 303
    for _ in range(4):
        assert login(client, "ana", "a wrong guess").status_code == 401


# -- forwarded addresses --------------------------------------------------------------------

def request_from(peer: str, forwarded: str | None, trusted: str) -> Request:
    app = SimpleNamespace(state=SimpleNamespace(ctx=SimpleNamespace(
        settings=Settings(trusted_proxies=trusted))))
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
    return Request({"type": "http", "method": "POST", "path": "/login", "headers": headers,
                    "client": (peer, 40000), "app": app, "query_string": b""})


@pytest.mark.parametrize(("peer", "forwarded", "trusted", "expected"), [
    ("127.0.0.1", "203.0.113.9", "", "127.0.0.1"),                 # no proxies: header ignored
    ("198.51.100.7", "203.0.113.9", "127.0.0.1", "198.51.100.7"),  # not from our proxy
    ("127.0.0.1", "203.0.113.9", "127.0.0.1", "203.0.113.9"),
    ("127.0.0.1", "1.2.3.4, 203.0.113.9", "127.0.0.1", "203.0.113.9"),  # left part is the client's
    ("10.0.0.2", "203.0.113.9, 10.0.0.1", "10.0.0.0/24", "203.0.113.9"),  # two of our proxies
    ("127.0.0.1", "not-an-ip", "127.0.0.1", "127.0.0.1"),
], ids=["untrusted-default", "other-peer", "proxy", "spoofed-left", "chain", "garbage"])
def test_forwarded_for_is_believed_only_from_trusted_proxies(peer, forwarded, trusted, expected):
    assert client_address(request_from(peer, forwarded, trusted)) == expected


def test_rotating_forwarded_for_from_loopback_does_not_escape_the_lockout(make_client):
    register(make_client(), "ana")
    local = make_client("127.0.0.1")   # a local proxy that is not configured as trusted
    codes = [login(local, "ana", "a wrong guess", **{"X-Forwarded-For": f"203.0.113.{n}"}
                   ).status_code for n in range(6)]
    assert codes == [401] * 5 + [429]


def test_a_bad_trusted_proxies_setting_fails_at_startup(store, settings):
    from factdesk.errors import ConfigError

    with pytest.raises(ConfigError, match="trusted_proxies"):
        create_app(store, settings.replace(trusted_proxies="10.0.0.1, my-proxy"), notifier=None)


# -- private pages are never cached ---------------------------------------------------------

def test_private_pages_say_no_store(make_client):
    visitor = make_client()
    assert "cache-control" not in visitor.get("/").headers           # public page, no login
    assert visitor.get("/login").headers["cache-control"] == "no-store"
    assert visitor.get("/inbox", follow_redirects=False).headers["cache-control"] == "no-store"
    register(visitor, "ana")
    for path in ("/inbox", "/account", "/following", "/api/me/inbox", "/"):
        response = visitor.get(path)
        assert response.status_code == 200, path
        assert response.headers["cache-control"] == "no-store", path


# -- strict dates ---------------------------------------------------------------------------

@pytest.mark.parametrize("bad", ["2024-99-99", "2016-13-45", "2023-02-29"])
def test_impossible_dates_are_refused_with_a_message(client, bad):
    api = client.get(f"/api/search?q=ferry&date_from={bad}")
    assert api.status_code == 400  # a bad list parameter (serve/params.py)
    assert api.json()["error"]["code"] == "bad_parameter"
    assert "not a calendar date" in api.json()["error"]["message"]
    page = client.get(f"/?q=ferry&date_to={bad}")
    assert page.status_code == 400 and "not a calendar date" in page.text
    assert client.get("/api/search?q=ferry&date_from=2024-02-29").status_code == 200
