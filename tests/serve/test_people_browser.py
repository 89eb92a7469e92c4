"""Real-browser tests of the people side (headless Chromium driven by Playwright).

1. Register -> logged in at once -> follow the Russia-Taliban claim of the seed page ->
   ingest a new (fictional) page in which the Kremlin denies it -> the notification is in
   the inbox and in the Atom feed -> another user comments, the first replies -> the other
   user sees the reply in their inbox and on the thread.
2. Web Push for real: the page's own JS registers /sw.js and subscribes; the browser cannot
   reach a push service here, so ``PushManager.subscribe`` hands back a synthetic
   subscription whose endpoint is the test's loopback push service, which checks the VAPID
   signature and decrypts the payload (tests/notify/pushservice.py).  The decrypted payload
   is then handed to the service worker as the push service would (DevTools'
   ``ServiceWorker.deliverPushMessage``), and the notification it shows is read back.
"""

from __future__ import annotations

import dataclasses
import json
import time

import feedparser
import pytest

from factdesk.serve import create_app
from factdesk.settings import Settings
from factdesk.store import Store
from tests.serve.conftest import PASSWORD, LiveServer, fill, submit_and_open_article


pytestmark = pytest.mark.slow

KREMLIN_DENIAL = """Kremlin denies arming the Taliban

Moscow rejects US claims about weapons in Afghanistan

Wednesday 26 April 2017 09:00 BST

The Kremlin has rejected reports that Russia is providing weapons to the Taliban.

Dmitry Peskov, the Kremlin spokesman, denied that Russia is providing weapons to the Taliban, \
and said the claims were groundless.

"Russia has never supplied arms to militants in Afghanistan," Peskov told reporters in Moscow \
on Wednesday.

He said Moscow keeps contacts with Taliban officials only to push for peace talks with the \
Afghan government.
"""


@pytest.fixture
def social_live(tmp_path):
    """A live server with the real notifier; loopback URLs allowed (the push service)."""
    settings = Settings(allow_private_addresses=True, fetch_timeout=5.0)
    with Store(tmp_path / "people.db") as store:
        fill(store)
        app = create_app(store, settings)
        server = LiveServer(app)
        # links in pushes and feeds point at this server (its port is known only now)
        app.state.ctx.settings = dataclasses.replace(settings, base_url=server.url)
        with server:
            yield server


def _context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    return context


def _register(page, base: str, name: str) -> None:
    page.goto(f"{base}/register")
    page.fill("#name", name)
    page.fill("#email", f"{name}@example.org")
    page.fill("#password", PASSWORD)
    page.click("form.register button[type=submit]")
    page.wait_for_selector("nav.account a.me")
    assert page.inner_text("nav.account a.me") == name  # logged in at once
    assert page.inner_text("p.notice").startswith(f"Thank you for registering, {name}.")


def _ingest_text(page, base: str, text: str) -> None:
    page.goto(f"{base}/ingest")
    page.fill("#text", text)
    submit_and_open_article(page)


def _open_russia_claim(page, base: str) -> None:
    page.goto(f"{base}/?q=Russia+arming+Taliban&kind=claims")
    page.click("section#claims a.title:has-text('arming Taliban')")
    page.wait_for_selector("h1.claim-label")


def _wait_for(page, url: str, selector: str, timeout: float = 60) -> None:
    """Reload ``url`` until ``selector`` is there (the notifier runs in the background)."""
    deadline = time.monotonic() + timeout
    while True:
        page.goto(url)
        if page.locator(selector).count():
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"{selector} never appeared on {url}")
        time.sleep(0.5)


@pytest.mark.shared
def test_follow_notify_feed_and_reply(browser, social_live, screenshots, shared_dir):
    base = social_live.url
    seed = shared_dir / "seed" / "independent-2017-04-25-russia-taliban.txt"
    ana_context, ben_context = _context(browser), _context(browser)
    ana, ben = ana_context.new_page(), ben_context.new_page()
    errors: list[str] = []
    for tab in (ana, ben):
        tab.on("pageerror", lambda e: errors.append(str(e)))
    try:
        _register(ana, base, "ana")  # ingest needs an account
        _ingest_text(ana, base, seed.read_text(encoding="utf-8"))

        _open_russia_claim(ana, base)
        assert "Russia is arming Taliban" in ana.inner_text("h1.claim-label")
        ana.click("form.follow button:has-text('Follow this claim')")
        ana.wait_for_selector("form.follow button.following")
        ana.screenshot(path=str(screenshots / "people-1-followed-claim.png"), full_page=False)

        _ingest_text(ana, base, KREMLIN_DENIAL)
        _wait_for(ana, f"{base}/inbox", "li.notification.kind-stance")
        stances = ana.locator("li.notification.kind-stance a.title").all_inner_texts()
        assert any("Peskov" in t or "Kremlin" in t for t in stances), stances
        assert any("denies" in t for t in stances), stances
        ana.screenshot(path=str(screenshots / "people-2-inbox.png"), full_page=True)

        ana.goto(f"{base}/settings/notifications")
        feed_url = ana.get_attribute("a.feed-link", "href")
        feed = feedparser.parse(ana_context.request.get(base + feed_url).body())
        assert not feed.bozo
        assert any("denies" in e.title and ("Peskov" in e.title or "Kremlin" in e.title)
                   for e in feed.entries), [e.title for e in feed.entries]

        _register(ben, base, "ben")
        _open_russia_claim(ben, base)
        ben.fill("#new-comment-body", "Does anyone have the Kremlin's full statement?")
        ben.click("form.new-comment button[type=submit]")
        ben.wait_for_selector("li.comment[data-author='ben']")

        ana.goto(f"{base}/inbox")
        ana.locator("li.notification.kind-stance a.title").first.click()  # to the claim
        ana.wait_for_selector("li.comment[data-author='ben']")
        theirs = ana.locator("li.comment[data-author='ben']")
        theirs.locator("details.reply summary").click()
        theirs.locator("details.reply textarea").fill("Peskov's words are in the new article.")
        theirs.locator("details.reply button[type=submit]").click()
        ana.wait_for_selector("li.comment.depth-1[data-author='ana']")

        _wait_for(ben, f"{base}/inbox", "li.notification.kind-comment")
        note = ben.locator("li.notification.kind-comment a.title").first
        assert "ana replied" in note.inner_text()
        note.click()
        reply = ben.locator("li.comment.depth-1[data-author='ana']")
        reply.wait_for()
        assert "Peskov's words are in the new article." in reply.inner_text()
        ben.screenshot(path=str(screenshots / "people-3-reply.png"), full_page=True)
        assert errors == []
    finally:
        ana_context.close()
        ben_context.close()


def _fake_push_manager(info: dict) -> str:
    """An init script: ``PushManager.subscribe`` answers with a synthetic subscription."""
    return """
(() => {
  const info = %s;
  PushManager.prototype.subscribe = async function (options) {
    const key = new Uint8Array(options.applicationServerKey);
    window.__applicationServerKey = btoa(String.fromCharCode(...key))
      .replace(/\\+/g, "-").replace(/\\//g, "_").replace(/=+$/, "");
    return { endpoint: info.endpoint, toJSON: () => info, unsubscribe: async () => true };
  };
})();
""" % json.dumps(info)


def _deliver_to_service_worker(context, page, base: str, data: str) -> list:
    """Hand ``data`` to the service worker as a push; the notifications shown once a
    new one (not shown before the push) has appeared."""
    cdp = context.new_cdp_session(page)
    registrations: list[dict] = []
    cdp.on("ServiceWorker.workerRegistrationUpdated",
           lambda event: registrations.extend(event["registrations"]))
    cdp.send("ServiceWorker.enable")
    deadline = time.monotonic() + 10
    while not registrations and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    (registration,) = {r["registrationId"] for r in registrations if not r["isDeleted"]}
    before = set(_notifications(page))
    # A worker that was idle may still be starting when the first push lands
    # (seen once on a loaded machine): deliver again, at most three times.
    for _attempt in range(3):
        cdp.send("ServiceWorker.deliverPushMessage",
                 {"origin": f"{base}/", "registrationId": registration, "data": data})
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            shown = _notifications(page)
            if set(shown) - before:
                return shown
            page.wait_for_timeout(100)
    raise AssertionError("the service worker showed no notification")


def _notifications(page) -> list:
    return [tuple(n) for n in page.evaluate(
        "navigator.serviceWorker.getRegistration('/').then(r => r.getNotifications())"
        ".then(list => list.map(n => [n.title, n.data && n.data.url]))")]


def test_push_reaches_the_loopback_push_service_encrypted_and_signed(browser, social_live,
                                                                     screenshots):
    from tests.notify.pushservice import PushService

    base = social_live.url
    with PushService() as service:
        subscription = service.subscribe()
        ana_context, ben_context = _context(browser), _context(browser)
        try:
            ana_context.grant_permissions(["notifications"], origin=base)
            ana_context.add_init_script(_fake_push_manager(subscription.info))
            ana, ben = ana_context.new_page(), ben_context.new_page()
            _register(ana, base, "ana")
            ana.goto(f"{base}/settings/notifications")
            ana.click("#push-on")
            ana.wait_for_selector("body[data-push]")
            assert ana.get_attribute("body", "data-push") == "on", ana.inner_text("#push-status")
            assert ana.is_checked("form.channels input[name=push]")  # the form agrees, no reload
            worker = ana.evaluate("navigator.serviceWorker.getRegistration('/')"
                                  ".then(r => r && r.active && r.active.scriptURL)")
            assert worker == f"{base}/sw.js"
            key = ana_context.request.get(f"{base}/api/push/key").json()["key"]
            assert ana.evaluate("window.__applicationServerKey") == key
            ana.screenshot(path=str(screenshots / "people-4-push-on.png"), full_page=True)

            ana.goto(f"{base}/claims/claim-rigged")
            ana.fill("#new-comment-body", "Who reported the rigging first?")
            ana.click("form.new-comment button[type=submit]")
            ana.wait_for_selector("li.comment[data-author='ana']")

            _register(ben, base, "ben")
            ben.goto(f"{base}/claims/claim-rigged")
            mine = ben.locator("li.comment[data-author='ana']")
            mine.locator("details.reply summary").click()
            mine.locator("details.reply textarea").fill("The Harbour Post, in May.")
            mine.locator("details.reply button[type=submit]").click()
            ben.wait_for_selector("li.comment.depth-1[data-author='ben']")

            (message,) = service.wait_for(1, timeout=30)
            assert not service.errors, service.errors
            assert message.vapid_key == key
            payload = message.json()
            assert "ben replied" in json.dumps(payload)
            assert "/claims/claim-rigged" in json.dumps(payload)

            shown = _deliver_to_service_worker(ana_context, ana, base, message.payload.decode())
            assert payload["url"].startswith(f"{base}/claims/claim-rigged#comment-")
            assert (payload["title"], payload["url"]) in shown
            hostile = json.dumps({"title": "<b>x</b>", "url": "https://evil.example/"})
            shown = _deliver_to_service_worker(ana_context, ana, base, hostile)
            assert ("<b>x</b>", f"{base}/inbox") in shown  # text only; never another site
        finally:
            ana_context.close()
            ben_context.close()
