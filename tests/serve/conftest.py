"""Fixtures for the web app: a store built by hand (no spaCy), the app, a live server,
and a real headless Chromium (Debian's /usr/bin/chromium driven by Playwright).

Browser tests skip locally with a clear message when chromium or playwright is
missing, and fail under CI=true (CI must install them).
"""

from __future__ import annotations

import ipaddress
import os
import re
import socket
import threading
import time
from pathlib import Path

import httpx
import pytest

from factdesk.model import (
    Analysis,
    Article,
    Claim,
    ClaimMention,
    ChromeReason,
    Entity,
    EntityType,
    Quote,
    QuoteKind,
    Removed,
    SourceStance,
    Span,
    Stance,
    content_id,
)
from factdesk.settings import Settings
from factdesk.model import PageOutcome
from factdesk.store import Store
from factdesk.clean import verbatim_article

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOTS = Path(os.environ.get("FACTDESK_SCREENSHOTS")
                   or Path(__file__).parent / "screenshots")

FERRY = ("Mayor promises new ferry by June\n\n"
         "\u201cThe ferry will run again by June,\u201d said Amara Okafor, the mayor of "
         "Northbridge.\n\n"
         "Okafor denied that the contract had been rigged.\n\n"
         "Critics in Northbridge doubted the promise. 🚢 Harbour users waited.")

HOSTILE = ("Hostile headline <script>window.__pwned = 1</script>\n\n"
           "\"><img src=x onerror=\"window.__pwned = 2\"> said Eve Mallory, a tester.\n\n"
           "<a href=\"javascript:window.__pwned=3\">click me</a> and "
           "javascript:window.__pwned=4 are only words here.\n\n"
           "Reversed: \u202eevil.exe\u202c and \u2066isolated\u2069 text.")


def _span(text: str, part: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return Span(start=start, end=start + len(part), text=part)


def _record(text: str, url: str, site: str, published: str, analysis_of) -> PageOutcome:
    from datetime import datetime

    base = verbatim_article(text, source=url, url=url)
    article = Article(**{**{f: getattr(base, f) for f in base.__slots__},
                         "headline": base.paragraphs[0], "site_name": site,
                         "published": datetime.fromisoformat(published),
                         "page_id": content_id(url, text),
                         "removed": (Removed(text="Subscribe to our newsletter <b>now</b>",
                                             reason=ChromeReason.NEWSLETTER_PROMPT),
                                     Removed(text="Share on Facebook",
                                             reason=ChromeReason.SHARE_BUTTONS))})
    return PageOutcome(source=url, page_id=article.page_id, key=url, url=url,
                      content_type="text/html", size=len(text), article=article,
                      analysis=analysis_of(article))


def ferry_record(day: str = "2024-03-14", outlet: str = "Northbridge Daily",
                 host: str = "news.example") -> PageOutcome:
    text = FERRY

    def analysis_of(article: Article) -> Analysis:
        okafor = Entity(id="person:amara-okafor", name="Amara Okafor", kind=EntityType.PERSON,
                        aliases=("Okafor", "Mayor Okafor"), roles=("mayor",),
                        mentions=(_span(text, "Amara Okafor"), _span(text, "Okafor", 1)))
        place = Entity(id="gpe:northbridge", name="Northbridge", kind=EntityType.GPE,
                       mentions=(_span(text, "Northbridge"), _span(text, "Northbridge", 1)))
        quote = Quote(id=content_id(article.id, "q1"), kind=QuoteKind.DIRECT,
                      span=_span(text, "The ferry will run again by June"),
                      speaker="Amara Okafor", speaker_id=okafor.id,
                      speaker_span=_span(text, "Amara Okafor"), cue=_span(text, "said"),
                      cue_lemma="say", analyzer="quotes.rules.test")
        sentence = _span(text, "Okafor denied that the contract had been rigged.")
        denial = ClaimMention(id=content_id(article.id, "m1"),
                              span=_span(text, "the contract had been rigged"),
                              stance=Stance.DENIES, origin="report", evidence=sentence,
                              source="Amara Okafor", source_id=okafor.id,
                              cue=_span(text, "denied"), cue_lemma="deny",
                              analyzer="claims.test")
        doubt = ClaimMention(id=content_id(article.id, "m2"),
                             span=_span(text, "the promise"), stance=Stance.QUESTIONS,
                             origin="report", evidence=_span(text, "Critics in Northbridge "
                                                             "doubted the promise."),
                             source="Critics in Northbridge", anonymous=True,
                             cue=_span(text, "doubted"), cue_lemma="doubt",
                             analyzer="claims.test")
        claim = Claim(id="claim-rigged", key="org:port|rig|contract",
                      label="the contract had been rigged", mention_ids=(denial.id,),
                      stances=(SourceStance(source="Amara Okafor", stance=Stance.DENIES,
                                            mention_ids=(denial.id,), source_id=okafor.id,
                                            cue="deny"),),
                      article_ids=(article.id,), analyzer="claims.test")
        return Analysis(article_id=article.id, entities=(okafor, place), quotes=(quote,),
                        claim_mentions=(denial, doubt), claims=(claim,),
                        analyzers=("quotes.rules.test", "claims.test"))

    return _record(text, f"https://{host}/ferry-{day}", outlet, f"{day}T09:00:00+00:00",
                   analysis_of)


def hostile_record() -> PageOutcome:
    text = HOSTILE

    def analysis_of(article: Article) -> Analysis:
        eve = Entity(id="person:eve-mallory", name="Eve \u202eMallory <b>x</b>",
                     kind=EntityType.PERSON, roles=("<i>tester</i>",),
                     mentions=(_span(text, "Eve Mallory"),))
        quote = Quote(id=content_id(article.id, "q"), kind=QuoteKind.INDIRECT,
                      span=_span(text, "\"><img src=x onerror=\"window.__pwned = 2\">"),
                      speaker="Eve Mallory\"><script>window.__pwned=5</script>",
                      speaker_id=eve.id, cue=_span(text, "said"), cue_lemma="say",
                      analyzer="quotes.rules.test")
        return Analysis(article_id=article.id, entities=(eve,), quotes=(quote,),
                        analyzers=("quotes.rules.test",))

    return _record(text, "https://evil.example/hostile", "Evil <Outlet>",
                   "2024-04-01T12:00:00+00:00", analysis_of)


def fill(store: Store) -> Store:
    store.write([ferry_record(), ferry_record("2024-05-02", "Harbour Post", "post.example"),
                 hostile_record()])
    store.recluster()
    return store


@pytest.fixture
def store(store):
    """The root conftest's fresh store, filled with the serve tests' articles."""
    return fill(store)


def fake_fetcher(settings: Settings):
    """A Fetcher that never leaves the process: every public host serves one page."""
    from factdesk.ingest import Fetcher

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text="<html><body><p>tiny</p></body></html>",
                              headers={"content-type": "text/html"})

    def resolve(host: str, port: int) -> list[str]:
        try:  # an address literal resolves to itself, as with a real resolver
            return [str(ipaddress.ip_address(host))]
        except ValueError:
            return ["93.184.216.34"]

    return Fetcher(settings, transport=httpx.MockTransport(handler), resolve=resolve)


def form_token(client, path: str) -> str:
    """The CSRF token of the first form on ``path`` (the client keeps the cookies)."""
    import re

    page = client.get(path)
    assert page.status_code == 200, page.text
    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)


@pytest.fixture
def app(store, settings):
    from factdesk.serve import create_app

    return create_app(store, settings, fetcher=fake_fetcher(settings))


@pytest.fixture
def client(app):
    from starlette.testclient import TestClient

    with TestClient(app, base_url="http://testserver") as c:
        yield c


# -- a live server and a real browser ---------------------------------------------------


def _need_browser_tools():
    message = None
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        message = "playwright is not installed (pip install 'factdesk[test]')"
    if message is None and not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing (apt-get install -y chromium)"
    if message is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message}; CI must have it for the browser tests")
    pytest.skip(f"{message}; skipping browser tests (they are required under CI=true)")


class LiveServer:
    """uvicorn serving an app in a thread of this process, on a free loopback port."""

    def __init__(self, app) -> None:
        import uvicorn

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port,
                                                    log_level="warning", access_log=False))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture
def live(tmp_path):
    """A fresh database and server per test, so no test sees another's ingests;
    ``open_ingest`` is on (a single-user desk: the browser ingests without an account)."""
    from factdesk.serve import create_app

    settings = Settings(open_ingest=True)
    with Store(tmp_path / "live.db") as store:
        fill(store)
        with LiveServer(create_app(store, settings)) as server:
            yield server


@pytest.fixture(scope="module")
def browser():
    _need_browser_tools()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(20_000)
    yield tab
    context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots are saved in {SCREENSHOTS}")
    return SCREENSHOTS


# -- people: accounts in-process ----------------------------------------------------------

PASSWORD = "correct horse battery"


def register(client, name: str, password: str = PASSWORD, email: str | None = None):
    """Register ``name`` through the form (the client is then logged in)."""
    token = form_token(client, "/register")
    return client.post("/register", data={"name": name, "email": email or f"{name}@example.org",
                                          "password": password, "csrf": token, "next": "/"},
                       follow_redirects=False)


def page_token(client, path: str = "/account") -> str:
    """The session's CSRF token as the pages carry it (``<meta name="csrf-token">``)."""
    import re

    html = client.get(path).text
    return re.search(r'<meta name="csrf-token" content="([^"]+)">', html).group(1)


@pytest.fixture
def people_app(store, settings):
    """The app with the notifier off (tests run ``factdesk.notify.process`` themselves)."""
    from factdesk.serve import create_app

    return create_app(store, settings, fetcher=fake_fetcher(settings), notifier=None)


@pytest.fixture
def people(people_app):
    """``people("ana")``: a TestClient of its own (own cookies), registered and logged in."""
    from starlette.testclient import TestClient

    opened = []

    def make(name: str | None = None):
        client = TestClient(people_app, base_url="http://testserver")
        client.__enter__()
        opened.append(client)
        if name is not None:
            assert register(client, name).status_code == 303
        return client

    yield make
    for client in opened:
        client.__exit__(None, None, None)


@pytest.fixture
def store_factory(store):
    """``store_factory(**settings)("ana")``: a logged-in client of an app over the same store
    with other settings (e.g. ``allow_private_addresses=True``)."""
    from starlette.testclient import TestClient

    from factdesk.serve import create_app

    opened = []

    def with_settings(**values):
        app = create_app(store, Settings(**values), notifier=None)

        def make(name: str):
            client = TestClient(app, base_url="http://testserver")
            client.__enter__()
            opened.append(client)
            assert register(client, name).status_code == 303
            return client

        return make

    yield with_settings
    for client in opened:
        client.__exit__(None, None, None)


# -- ingest jobs ----------------------------------------------------------------------------


@pytest.fixture
def open_client(store):
    """A client of an app with ``open_ingest`` on (a visitor may ingest), the real
    analysis in its worker process and the notifier off."""
    from starlette.testclient import TestClient

    from factdesk.serve import create_app

    values = Settings(open_ingest=True)
    app = create_app(store, values, fetcher=fake_fetcher(values), notifier=None)
    with TestClient(app, base_url="http://testserver") as client:
        yield client


def finished(client, job: dict, seconds: float = 300) -> dict:
    """Poll an ingest job until it is done or failed (a generous bound: a worker
    process may have to start and load its models first)."""
    deadline = time.monotonic() + seconds
    while True:
        seen = client.get(job["poll_url"]).json()
        if seen["status"] in ("done", "failed"):
            return seen
        if time.monotonic() > deadline:
            raise AssertionError(f"job {job['id']} still {seen['status']} after {seconds} s")
        time.sleep(0.05)


def submit_and_open_article(page) -> None:
    """Submit the ingest form, follow the job page (it reloads itself until the job
    is over) and open the article it links."""
    with page.expect_navigation(url=re.compile(r"/jobs/")):
        page.click("form.ingest button[type=submit]")
    link = page.wait_for_selector("p.job-status a:has-text('read the article')",
                                  timeout=300_000)
    with page.expect_navigation(url=re.compile(r"/articles/")):
        link.click()
