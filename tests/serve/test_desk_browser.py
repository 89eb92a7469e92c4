"""The desk pages in real Chromium: at a phone's width (375 px) no desk page is wider
than the viewport (wide tables scroll in their own box), the hostile source name
runs no script, and the pages work without JavaScript (links and the since form).
Over the hand-built desk store (tests/serve/desk_corpus.py); screenshots are saved
as desk-*.png."""

from __future__ import annotations

import re

import pytest

from factdesk.serve import create_app
from factdesk.settings import Settings
from tests.serve.conftest import LiveServer

from .desk_corpus import DAM_LABEL, desk_store

pytestmark = pytest.mark.slow

WIDTH = 375


@pytest.fixture(scope="module")
def desk_server(tmp_path_factory):
    with desk_store(tmp_path_factory.mktemp("desk") / "desk.db") as store:
        story = next(sid for (sid,) in store.conn.execute(
            "SELECT story FROM story_articles GROUP BY story HAVING count(*) = 3"))
        (claim,) = store.conn.execute("SELECT id FROM claims WHERE label = ?",
                                      (DAM_LABEL,)).fetchone()
        with LiveServer(create_app(store, Settings(), notifier=None)) as server:
            yield server, story, claim


def _pages(story: str, claim: str) -> dict[str, str]:
    return {"contested": "/contested", "contested-filtered": "/contested?outlet=Coast+Ledger",
            "stories": "/stories", "story": f"/stories/{story}",
            "story-since": f"/stories/{story}?since=2025-06-05",
            "story-outlets": f"/stories/{story}/outlets",
            "claim-outlets": f"/claims/{claim}/outlets"}


@pytest.mark.parametrize("width", [WIDTH, 1280], ids=["phone", "desktop"])
def test_desk_pages_fit_and_run_no_injected_script(desk_server, browser, screenshots, width):
    server, story, claim = desk_server
    context = browser.new_context(viewport={"width": width, "height": 812},
                                  device_scale_factor=1)
    tab = context.new_page()
    tab.set_default_timeout(20_000)
    widths = {}
    try:
        for name, path in _pages(story, claim).items():
            response = tab.goto(server.url + path)
            assert response.status == 200, (name, response.status)
            tab.wait_for_load_state("load")
            widths[name] = tab.evaluate("document.documentElement.scrollWidth")
            assert tab.evaluate("window.__pwned === undefined"), name
            tab.screenshot(path=str(screenshots / f"desk-{name}-{width}.png"), full_page=True)
    finally:
        context.close()
    assert all(w <= width for w in widths.values()), widths


def test_desk_works_without_javascript(desk_server, browser):
    server, story, _claim = desk_server
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.set_default_timeout(20_000)
    try:
        tab.goto(server.url + "/")
        tab.click("header >> text=Contested")
        tab.wait_for_url(re.compile(r"/contested$"))
        tab.click(f"text={DAM_LABEL}")
        tab.click("text=Compare outlets")
        tab.wait_for_url(re.compile(r"/outlets$"))  # a click does not wait for the new page
        tab.goto(server.url + f"/stories/{story}")
        tab.fill("input[name=since]", "2025-06-05")
        tab.click("form.since button[type=submit]")
        tab.wait_for_url(re.compile(r"since=2025-06-05"))
        tab.wait_for_selector("#changes")
        assert tab.locator("#changes .move-changed").count() == 1
    finally:
        context.close()
