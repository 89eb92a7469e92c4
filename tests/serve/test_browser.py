"""Real-browser tests: headless Chromium (Debian's /usr/bin/chromium) driven by Playwright.

They skip locally when chromium or playwright is missing and fail under CI=true.
Screenshots go to tests/serve/screenshots/ (or $FACTDESK_SCREENSHOTS); the run
prints where.
"""

import re

import pytest

from tests.serve.conftest import submit_and_open_article

pytestmark = pytest.mark.slow

HOSTILE_PAGE = (
    "<!DOCTYPE html><html><head><title>Inert</title>"
    "<script>window.__pwned = 'head'</script></head><body><article>"
    "<h1>Council hears &lt;script&gt;window.__pwned = 6&lt;/script&gt; complaint</h1>"
    "<p>The council in Northbridge met on Tuesday to hear complaints about the harbour ferry "
    "timetable, which residents say has changed four times this year.</p>"
    "<p>&quot;&gt;&lt;img src=x onerror=&quot;window.__pwned = 7&quot;&gt; was pasted into "
    "the minutes, said Amara Okafor, who chairs the transport committee.</p>"
    "<p>A reader sent <a href=\"javascript:window.__pwned = 8\">this link</a> and the text "
    "javascript:window.__pwned = 9 to the newsroom, along with a file named "
    "\u202eexe.txt\u202c that looked harmless.</p>"
    "<p><img src=x onerror=\"window.__pwned = 10\">The committee will meet again next month "
    "to decide whether the ferry operator should lose its contract.</p>"
    "</article></body></html>")


def _no_script_ran(page) -> None:
    assert page.evaluate("typeof window.__pwned") == "undefined"


def _watch(page) -> dict:
    seen = {"dialogs": [], "errors": []}
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    return seen


def test_hostile_article_renders_as_text(live, page, screenshots):
    seen = _watch(page)
    page.goto(f"{live.url}/?q=Hostile")
    page.click("section#articles a.title")
    page.wait_for_selector("#text")
    _no_script_ran(page)
    text = page.inner_text("#text")
    assert "<script>window.__pwned = 1</script>" in text
    assert '"><img src=x onerror="window.__pwned = 2">' in text
    assert "[U+202E]evil.exe[U+202C]" in text and "\u202e" not in text
    assert page.locator("main img").count() == 0
    assert page.locator("main a[href^='javascript']").count() == 0
    # the enhancement: click the quote, read its (hostile) speaker as text in the panel
    page.locator("#text span.l-quote").first.click()
    assert "window.__pwned=5" in page.inner_text("#panel")
    _no_script_ran(page)
    page.screenshot(path=str(screenshots / "hostile-article.png"), full_page=True)
    assert seen == {"dialogs": [], "errors": []}


def test_pasted_hostile_html_is_inert_after_ingest(live, page, screenshots):
    seen = _watch(page)
    response = page.goto(f"{live.url}/ingest")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.fill("#html", HOSTILE_PAGE)
    submit_and_open_article(page)
    _no_script_ran(page)
    body = page.inner_text("main")
    assert "<script>window.__pwned = 6</script>" in body
    assert "onerror=\"window.__pwned = 7\"" in body
    assert "\u202e" not in body
    assert page.locator("main img").count() == 0
    assert page.locator("main a[href^='javascript']").count() == 0
    page.screenshot(path=str(screenshots / "ingested-hostile.png"), full_page=True)
    assert seen == {"dialogs": [], "errors": []}


def test_pages_work_without_javascript(browser, live, screenshots):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live.url}/")
    page.fill("form.filters input[name=q]", "ferry")
    page.select_option("form.filters select[name=outlet]", "Harbour Post")
    page.press("form.filters input[name=q]", "Enter")
    page.wait_for_url(re.compile(r"outlet=Harbour"))
    assert page.locator("section#articles li").count() == 1
    page.click("section#articles a.title")
    page.wait_for_url(re.compile(r"/articles/"))  # count() does not wait for the new page
    page.wait_for_selector("#text")
    assert page.locator("#text span.l-quote").count() >= 1
    assert page.locator("#text span[title*='cue: said']").count() >= 1
    assert not page.is_visible("text=Share on Facebook")
    page.click("details.chrome summary")
    assert page.is_visible("text=Share on Facebook")
    assert page.is_visible("details.chrome .reason >> text=share_buttons")
    page.screenshot(path=str(screenshots / "no-js-article.png"), full_page=True)
    page.click("section.claims a.claim-link")
    page.wait_for_url(re.compile(r"/claims/"))
    page.wait_for_selector("svg.chart")
    markers = page.locator("svg.chart g.marker.st-denies")
    assert markers.count() == 2
    xs = [float(m.get_attribute("transform").split("(")[1].split()[0]) for m in markers.all()]
    assert xs[0] < xs[1]  # the earlier article is further left
    page.screenshot(path=str(screenshots / "no-js-claim-two-dates.png"), full_page=True)
    context.close()


STANCES = [("US officials", "hedged"),
           ("an anonymous senior US military official", "asserts"),
           ("John Nicholson", "does_not_deny"),
           ("Russia", "denies")]


@pytest.mark.shared
def test_seed_search_article_speaker_claim_timeline(live, page, screenshots, shared_dir):
    seed = (shared_dir / "seed" / "independent-2017-04-25-russia-taliban.txt")
    seen = _watch(page)
    page.goto(f"{live.url}/ingest")
    page.fill("#text", seed.read_text(encoding="utf-8"))
    submit_and_open_article(page)

    page.fill("header input[name=q]", "Russia Taliban")
    page.press("header input[name=q]", "Enter")
    page.wait_for_selector("section#articles")
    page.screenshot(path=str(screenshots / "seed-1-search.png"), full_page=True)
    page.click("section#articles a.title:has-text('Russia is arming Taliban')")

    page.wait_for_selector("#text")
    for layer in ("quote", "speaker", "cue", "claim", "entity"):
        assert page.locator(f"#text span.l-{layer}").count() > 0, layer
    page.locator("#text span.l-claim.st-denies").first.click()
    assert "denies" in page.inner_text("#panel")
    page.screenshot(path=str(screenshots / "seed-2-article.png"), full_page=False)
    page.click("section.quotes a.speaker:has-text('John Nicholson')")

    page.wait_for_selector("h1.entity-name")
    assert "John Nicholson" in page.inner_text("h1.entity-name")
    page.screenshot(path=str(screenshots / "seed-3-speaker.png"), full_page=True)
    page.click("section.stances li:has(.stance-does_not_deny) a.claim-link")

    page.wait_for_selector("svg.chart")
    rows = {(r.locator("td").nth(0).inner_text().replace(" (unnamed)", "").strip(),
             r.get_attribute("data-stance")) for r in page.locator("tr.stance-row").all()}
    for stance in STANCES:
        assert stance in rows, (stance, rows)
    chart = page.locator("svg.chart")
    for source, stance in STANCES:
        assert chart.locator(f"g.marker.st-{stance}").count() >= 1, stance
        assert source[:39] in chart.text_content()
    page.screenshot(path=str(screenshots / "seed-4-claim.png"), full_page=True)
    assert seen["errors"] == []
