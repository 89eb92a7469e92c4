"""Accounts, in-process: registration logs in at once, sessions rotate, CSRF is checked on
every form and state-changing API call, logins are rate limited, passwords change and reset."""

import re

import pytest

from factdesk.serve import create_app
from factdesk.serve.people.auth import SESSION_COOKIE
from factdesk.serve.ratelimit import Limit, RateLimits
from factdesk.store.people.accounts import user_by_name
from tests.serve.conftest import PASSWORD, fake_fetcher, form_token, page_token, register


def _cookie(response, name: str = SESSION_COOKIE) -> str:
    for header in response.headers.get_list("set-cookie"):
        if header.startswith(f"{name}="):
            return header
    raise AssertionError(f"no {name} cookie set")


def test_registering_logs_in_at_once_with_a_safe_cookie(people, store):
    client = people()
    response = register(client, "ana")
    assert response.status_code == 303 and response.headers["location"] == "/"
    cookie = _cookie(response).lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie
    page = client.get("/account")
    assert page.status_code == 200 and "ana@example.org" in page.text
    assert 'class="me" href="/account">ana<' in client.get("/").text
    hashed = store.conn.execute("SELECT password_hash FROM users").fetchone()[0]
    assert hashed.startswith("$argon2id$") and PASSWORD not in hashed
    assert user_by_name(store.conn, "ana").role == "user"  # the first user is no admin


def test_registering_thanks_the_new_user_once(people):
    client = people()
    register(client, "ana")
    first, second = client.get("/").text, client.get("/").text
    assert "Thank you for registering, ana. You are logged in now." in first
    assert 'class="notice" role="status"' in first
    assert "Thank you for registering" not in second  # shown once


def test_a_notice_cookie_never_carries_text_of_its_own(people):
    client = people("ana")
    client.cookies.set("factdesk_notice", "<script>alert(1)</script>")
    page = client.get("/").text
    assert "alert(1)" not in page and 'class="notice"' not in page
    other = people()  # nobody logged in: no thanks to show
    other.cookies.set("factdesk_notice", "registered")
    assert "Thank you for registering" not in other.get("/").text


def test_the_cookie_is_secure_over_https(people_app):
    from starlette.testclient import TestClient

    with TestClient(people_app, base_url="https://testserver") as client:
        assert "secure" in _cookie(register(client, "ana")).lower()


def test_a_taken_name_and_a_short_password_are_shown_on_the_form(people):
    people("ana")
    other = people()
    again = register(other, "ANA", email="x@example.org")
    assert again.status_code == 422 and "already registered" in again.text
    short = register(other, "bo", password="short")
    assert short.status_code == 422 and "10 to 1024 characters" in short.text
    assert other.get("/account", follow_redirects=False).status_code == 303


def test_the_session_id_changes_at_login_and_the_old_one_is_dead(people):
    client = people("ana")
    before = client.cookies[SESSION_COOKIE]
    token = form_token(client, "/login")
    response = client.post("/login", data={"name": "ana", "password": PASSWORD, "csrf": token},
                           follow_redirects=False)
    assert response.status_code == 303
    after = client.cookies[SESSION_COOKIE]
    assert after != before
    stale = people()
    stale.cookies.set(SESSION_COOKIE, before)
    redirect = stale.get("/account", follow_redirects=False)
    assert redirect.status_code == 303 and redirect.headers["location"].startswith("/login")


def test_a_cookie_planted_before_login_is_not_kept(people):
    people("ana")
    client = people()
    client.cookies.set(SESSION_COOKIE, "planted-by-an-attacker", domain="testserver.local")
    token = form_token(client, "/login")
    response = client.post("/login", data={"name": "ana", "password": PASSWORD, "csrf": token},
                           follow_redirects=False)
    assert "planted-by-an-attacker" not in _cookie(response)
    assert client.cookies[SESSION_COOKIE] != "planted-by-an-attacker"
    assert client.get("/account").status_code == 200


def test_logout_ends_the_session(people):
    client = people("ana")
    token = client.cookies[SESSION_COOKIE]
    assert client.post("/logout", data={"csrf": page_token(client)},
                       follow_redirects=False).status_code == 303
    other = people()
    other.cookies.set(SESSION_COOKIE, token)
    assert other.get("/account", follow_redirects=False).status_code == 303


@pytest.mark.parametrize("csrf", [None, "", "wrong-token"], ids=["missing", "empty", "wrong"])
@pytest.mark.parametrize("path, data", [
    ("/comments", {"target_kind": "claim", "target": "claim-rigged", "body": "hi"}),
    ("/follow", {"kind": "claim", "target": "claim-rigged"}),
    ("/logout", {}),
    ("/inbox/read", {}),
    ("/settings/channels", {"email": "1"}),
    ("/account/password", {"current": PASSWORD, "password": "another long one"}),
], ids=["comment", "follow", "logout", "inbox-read", "channels", "password"])
def test_forms_without_the_right_csrf_token_are_refused(people, store, path, data, csrf):
    client = people("ana")
    account = "SELECT password_hash, channels FROM users WHERE name = 'ana'"
    before = store.conn.execute(account).fetchone()
    if csrf is not None:
        data = {**data, "csrf": csrf}
    response = client.post(path, data=data, follow_redirects=False)
    assert response.status_code == 403 and "security token" in response.text
    assert store.conn.execute("SELECT count(*) FROM comments").fetchone()[0] == 0
    assert store.conn.execute("SELECT count(*) FROM follows").fetchone()[0] == 0
    assert store.conn.execute(account).fetchone() == before  # password and channels kept
    assert client.get("/account").status_code == 200  # still logged in: nothing happened


def test_visitor_forms_need_a_token_bound_to_their_own_cookie(people):
    people("ana")
    victim, attacker = people(), people()
    stolen = form_token(attacker, "/login")  # valid, but for the attacker's cookie
    for token in (None, "", "1.abc", stolen):
        data = {"name": "ana", "password": PASSWORD}
        if token is not None:
            data["csrf"] = token
        assert victim.post("/login", data=data).status_code == 403
        assert victim.post("/register", data={**data, "email": "v@example.org"}
                           ).status_code == 403
    assert victim.post("/ingest", data={"text": "x"}).status_code == 403


def test_state_changing_api_calls_need_the_csrf_header(people):
    client = people("ana")
    for headers in ({}, {"x-csrf-token": "wrong"}):
        refused = client.post("/api/me/inbox/read", json={}, headers=headers)
        assert refused.status_code == 403
        assert refused.json()["error"]["code"] == "forbidden"
    ok = client.post("/api/me/inbox/read", json={}, headers={"x-csrf-token": page_token(client)})
    assert ok.status_code == 200 and ok.json() == {"marked": 0, "unread": 0}
    visitor = people()
    assert visitor.get("/api/me/inbox").json()["error"]["code"] == "login_required"


def test_login_rate_limit_holds_even_for_the_right_password(people):
    people("ana")
    client = people()
    token = form_token(client, "/login")
    for _ in range(5):
        wrong = client.post("/login", data={"name": "ana", "password": "not it at all",
                                            "csrf": token})
        assert wrong.status_code == 401 and "do not match" in wrong.text
    held = client.post("/login", data={"name": "ana", "password": PASSWORD, "csrf": token})
    assert held.status_code == 429 and int(held.headers["retry-after"]) > 0
    assert "too many attempts" in held.text
    # Another browser at the same address is the same (account, address) pair: held too.
    # (From another address the owner still gets in: tests/serve/test_account_oracles.py.)
    same_address_other_browser = people()
    token = form_token(same_address_other_browser, "/login")
    assert same_address_other_browser.post(
        "/login", data={"name": "ana", "password": PASSWORD, "csrf": token}).status_code == 429


def test_rate_limits_per_address_on_login_and_registration(store, settings):
    from starlette.testclient import TestClient

    limits = RateLimits(login_ip=Limit("login-ip", 3, 60), register_ip=Limit("register-ip", 2, 60))
    app = create_app(store, settings, fetcher=fake_fetcher(settings), limits=limits,
                     notifier=None)
    with TestClient(app) as client:
        assert register(client, "ana").status_code == 303
        assert register(client, "ben").status_code == 303
        assert register(client, "cy").status_code == 429
        token = form_token(client, "/login")
        codes = [client.post("/login", data={"name": f"user{i}", "password": "nope nope nope",
                                             "csrf": token}).status_code for i in range(4)]
        assert codes == [401, 401, 401, 429]


def test_changing_the_password_ends_other_sessions(people):
    laptop = people("ana")
    phone = people()
    token = form_token(phone, "/login")
    phone.post("/login", data={"name": "ana", "password": PASSWORD, "csrf": token})
    assert phone.get("/account").status_code == 200
    wrong = laptop.post("/account/password", data={"current": "not my password",
                                                   "password": "a brand new secret",
                                                   "csrf": page_token(laptop)})
    assert wrong.status_code == 401
    done = laptop.post("/account/password", data={"current": PASSWORD,
                                                  "password": "a brand new secret",
                                                  "csrf": page_token(laptop)})
    assert done.status_code == 200 and "password was changed" in done.text
    assert phone.get("/account", follow_redirects=False).status_code == 303
    fresh = people()
    token = form_token(fresh, "/login")
    assert fresh.post("/login", data={"name": "ana", "password": "a brand new secret",
                                      "csrf": token}, follow_redirects=False).status_code == 303


def test_a_password_is_reset_through_an_emailed_link(store):
    from starlette.testclient import TestClient

    from factdesk.settings import Settings
    from tests.notify.receivers import SmtpSink

    with SmtpSink() as smtp:
        settings = Settings(smtp_host="127.0.0.1", smtp_port=smtp.port,
                            base_url="http://factdesk.test")
        app = create_app(store, settings, notifier=None)
        with TestClient(app) as ana, TestClient(app) as stranger:
            register(ana, "ana")
            sent = stranger.post("/reset", data={"email": "ana@example.org",
                                                 "csrf": form_token(stranger, "/reset")})
            unknown = stranger.post("/reset", data={"email": "nobody@example.org",
                                                    "csrf": form_token(stranger, "/reset")})
            assert sent.text.count("If that address") == unknown.text.count("If that address") == 1
            (mail,) = smtp.messages
            assert mail["To"] == "ana@example.org"
            link = re.search(r"http://factdesk\.test(/reset/\S+)", mail.get_content()).group(1)
            form = ana.get(link)
            assert form.status_code == 200
            token = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)
            done = ana.post(link, data={"password": "reset and remembered", "csrf": token},
                            follow_redirects=False)
            assert done.status_code == 303 and done.headers["location"] == "/account?done=reset"
            assert ana.get(link).status_code == 404  # one use only
            assert stranger.get("/account", follow_redirects=False).status_code == 303
            token = form_token(stranger, "/login")
            assert stranger.post("/login", data={"name": "ana@example.org",
                                                 "password": "reset and remembered",
                                                 "csrf": token},
                                 follow_redirects=False).status_code == 303


def test_pages_that_need_a_login_redirect_there_and_come_back(people):
    client = people()
    response = client.get("/inbox", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login?next=/inbox"
    token = form_token(client, "/register?next=/inbox")
    assert 'name="next" value="/inbox"' in client.get("/register?next=/inbox").text
    response = client.post("/register", data={"name": "ana", "email": "a@example.org",
                                              "password": PASSWORD, "csrf": token,
                                              "next": "//evil.example/"},
                           follow_redirects=False)
    assert response.headers["location"] == "/"  # never another site
