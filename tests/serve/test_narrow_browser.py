"""At a phone's width (375 px) the search, article, entity and claim pages fit the
viewport (no sideways scrolling of the page; the stance table, the timeline and
the fact table scroll inside their own box); the article's highlights are one tab
stop each; Tab first reaches a skip link that lands on the content.  Real
Chromium over the seed page (analysed in-process) and the serve tests' articles."""

from __future__ import annotations

import json

import pytest

from factdesk.ingest.files import read_path
from factdesk.pipeline import process
from factdesk.serve import create_app
from factdesk.settings import Settings
from factdesk.store import Store
from tests.serve.conftest import LiveServer, fill

pytestmark = [pytest.mark.slow, pytest.mark.shared]

WIDTH = 375
SEED = "seed/independent-2017-04-25-russia-taliban.txt"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, shared_dir_module):
    pytest.importorskip("spacy")
    settings = Settings()
    (record,) = process([read_path(shared_dir_module / SEED)], settings)
    with Store(tmp_path_factory.mktemp("narrow") / "narrow.db") as store:
        fill(store)
        store.write([record])
        store.recluster()
        claim = store.conn.execute(
            "SELECT s.claim_id FROM stances s JOIN claim_members m ON m.claim_id = s.claim_id "
            "WHERE m.article_id = ? GROUP BY s.claim_id ORDER BY count(DISTINCT s.source) DESC, "
            "s.claim_id LIMIT 1", (record.article.id,)).fetchone()[0]
        with LiveServer(create_app(store, settings, notifier=None)) as server:
            yield server, record.article.id, claim


@pytest.fixture(scope="module")
def shared_dir_module():
    from tests.conftest import SHARED, need

    return need(SHARED, "../shared (benchmark data and the seed page)")


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": WIDTH, "height": 812},
                                  device_scale_factor=1)
    tab = context.new_page()
    tab.set_default_timeout(20_000)
    yield tab
    context.close()


def _width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def _pages(article: str, claim: str) -> dict[str, str]:
    return {"search": "/?q=Russia+Taliban", "search-all-kinds": "/?q=ferry&kind=quotes",
            "article": f"/articles/{article}", "entity": "/entities/person%3Ajohn-nicholson",
            "claim": f"/claims/{claim}", "ingest": "/ingest", "claims": "/claims?sort=recent",
            "search-bad-filter-said": "/?q=Russia&date_from=2016-13-45"}


def test_no_page_is_wider_than_a_phone(seeded, phone, screenshots):
    server, article, claim = seeded
    widths = {}
    for name, path in _pages(article, claim).items():
        response = phone.goto(server.url + path)
        assert response.status == (400 if name.endswith("-said") else 200), (name,
                                                                               response.status)
        phone.wait_for_load_state("load")
        widths[name] = _width(phone)
        phone.screenshot(path=str(screenshots / f"narrow-{name}.png"), full_page=True)
    assert widths == {name: widths[name] for name in widths if widths[name] <= WIDTH}, widths


def test_wide_parts_scroll_inside_their_own_box(seeded, phone):
    server, article, claim = seeded
    phone.goto(f"{server.url}/claims/{claim}")
    for box in phone.locator(".scroll-x").all():
        assert box.evaluate("b => b.clientWidth") <= WIDTH
    chart_box = phone.locator(".chart-box")
    assert chart_box.evaluate("b => b.scrollWidth > b.clientWidth")  # scrolls, page does not
    assert _width(phone) <= WIDTH


def test_seed_article_shows_facts_and_one_tab_stop_per_highlight(seeded, phone, screenshots):
    server, article, _claim = seeded
    phone.goto(f"{server.url}/articles/{article}")
    facts = phone.locator("section.facts-list")
    assert "More than 140" in facts.inner_text() and "Afghan troops" in facts.inner_text()
    facts.screenshot(path=str(screenshots / "narrow-article-facts.png"))
    phone.locator("section.dates-list").screenshot(
        path=str(screenshots / "narrow-article-dates.png"))
    assert phone.locator("#text span.l-fact").count() >= 4
    assert phone.locator("#text span.l-date").count() >= 5
    annotations = json.loads(phone.locator("#annotations").text_content())
    starts = {a["start"] for a in annotations if a["layer"] != "headline"}
    stops = phone.locator("#text [tabindex='0']").count()
    pieces = phone.locator("#text span[data-a]").count()
    assert stops == len(starts) < pieces
    # a focused highlight opens its details with Enter, as a click does
    phone.locator("#text span.l-fact[tabindex='0']").first.focus()
    phone.keyboard.press("Enter")
    assert "Quantity" in phone.inner_text("#panel")
    phone.screenshot(path=str(screenshots / "narrow-article-fact-panel.png"))


def test_tab_first_reaches_a_skip_link_that_lands_on_the_content(seeded, phone):
    server, article, _claim = seeded
    phone.goto(f"{server.url}/articles/{article}")
    phone.keyboard.press("Tab")
    focused = phone.evaluate("[document.activeElement.className, document.activeElement.textContent]")
    assert focused == ["skip-link", "Skip to content"]
    assert phone.locator(".skip-link").bounding_box()["y"] >= 0  # visible once focused
    phone.keyboard.press("Enter")
    assert phone.evaluate("document.activeElement.id") == "main"
    assert phone.url.endswith("#main")
