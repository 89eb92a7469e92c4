"""One way through the code: every path composes the stages with ``pipeline.process``.

The CLI's ``clean``, a batch run and the web app's submission give an
oversize page the same rejection (reason and message), made once by the clean
stage; ``factdesk clean FEED.xml`` reads the feed's pages as ``ingest`` does.
"""

import functools
import json
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from factdesk.scale.batch import run_batch
from factdesk.cli import main
from factdesk.model import Page, PageOutcome, RejectReason
from factdesk.pipeline import process
from factdesk.serve import create_app
from factdesk.settings import Settings
from factdesk.store import Store
from tests.store.newsroom import page_html

STORY = "\n\n".join(
    ["Harbour ferry contract goes to a local yard"]
    + [f"Paragraph {n}: the port authority said on Tuesday that the contract for the new "
       "ferry would go to the yard at Westbrook, and the council agreed." for n in range(12)])

OVERSIZE = [  # (settings, page text, what the message says)
    pytest.param({"max_page_bytes": 1000}, STORY, "1,001 bytes is over max_page_bytes=1,000",
                 id="page-over-max_page_bytes"),
    pytest.param({"max_article_chars": 1000}, "word " * 1000, "a single line of more than 1,000",
                 id="one-huge-line"),
    pytest.param({"max_article_chars": 500}, STORY, "more than max_article_chars (500)",
                 id="article-over-max_article_chars"),
    pytest.param({"max_article_paragraphs": 5}, STORY, "more than max_article_paragraphs (5)",
                 id="article-over-max_article_paragraphs"),
]


def _cli(tmp_path, values, text):
    page = tmp_path / "page.txt"
    page.write_text(text, encoding="utf-8")
    sets = [arg for name, value in values.items() for arg in ("--set", f"{name}={value}")]
    result = CliRunner().invoke(main, [*sets, "clean", str(page), "--format", "json"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    return data["reason"], data["message"]


def _batch(tmp_path, values, text):
    page = tmp_path / "in" / "page.txt"
    page.parent.mkdir()
    page.write_text(text, encoding="utf-8")
    with Store(":memory:") as store:
        summary = run_batch([str(page)], Settings(workers=1, **values), store,
                            folder=tmp_path / "run")
        assert summary["articles"] == 0
        (row,) = store.conn.execute("SELECT reason, message FROM rejects").fetchall()
    return tuple(row)


def _web(values, text):
    from starlette.testclient import TestClient

    from tests.serve.conftest import finished

    app = create_app(Store(":memory:"), Settings(open_ingest=True, **values), notifier=None)
    with app.state.ctx.store, TestClient(app) as client:
        answer = client.post("/api/ingest", json={"text": text})
        assert answer.status_code == 202, answer.text
        body = finished(client, answer.json())
    assert body["status"] == "done" and body["article_id"] is None
    return body["rejection"], body["message"]


@pytest.mark.parametrize("values, text, says", OVERSIZE)
def test_cli_batch_and_web_reject_an_oversize_page_alike(tmp_path, values, text, says):
    cli = _cli(tmp_path, values, text)
    assert cli[0] == RejectReason.TOO_LARGE.value and says in cli[1]
    assert _batch(tmp_path, values, text) == cli
    assert _web(values, text) == cli


def test_the_story_is_an_article_within_the_limits(tmp_path):
    """The oversize cases above fail because of the limits, not the page."""
    (outcome,) = process([Page(source="page.txt", data=STORY.encode(),
                               content_type="text/plain")], Settings(), analyze=False)
    assert outcome.article is not None and outcome.rejection is None


def test_process_keeps_unreadable_pages_in_their_place():
    failed = PageOutcome.failure("gone.txt", "gone.txt: no such file", "unreadable")
    pages = [Page(source="a.txt", data=STORY.encode()), failed,
             Page(source="empty.txt", data=b"")]
    outcomes = process(pages, Settings(), analyze=False)
    assert [o.source for o in outcomes] == ["a.txt", "gone.txt", "empty.txt"]
    assert [o.reject_reason for o in outcomes] == [None, "unreadable", "empty"]
    assert outcomes[0].article is not None and outcomes[0].analysis is None


@pytest.fixture
def site(tmp_path):
    """Story pages served from a folder on loopback."""
    folder = tmp_path / "site"
    folder.mkdir()
    for n in (1, 2):
        (folder / f"story-{n}.html").write_text(page_html(n), encoding="utf-8")
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args) -> None:
        pass


def test_clean_a_feed_file_cleans_the_pages_it_lists(tmp_path, site):
    items = "".join(f"<item><title>Story {n}</title><link>{site}/story-{n}.html</link></item>"
                    for n in (1, 2))
    feed = tmp_path / "feed.xml"
    feed.write_text(f"<?xml version='1.0'?><rss version='2.0'><channel><title>Gazette</title>"
                    f"{items}</channel></rss>", encoding="utf-8")
    result = CliRunner().invoke(main, ["--set", "allow_private_addresses=true", "clean",
                                       str(feed), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["type"] for r in lines] == ["Article", "Article"]
    assert [r["url"] for r in lines] == [f"{site}/story-1.html", f"{site}/story-2.html"]
    assert all("<rss" not in r["text"] and "Gazette" not in r["text"] for r in lines)
