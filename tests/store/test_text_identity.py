"""The same text ingested twice, by any route, is one article.

Each route's page is built as that route builds it (a file read from disk, a
paste in the web form or the API with the browser's CRLF line ends, a fetched
URL, a WARC record) and cleaned by the real clean stage; writing them all
leaves one article.  Two copies of one text at two different URLs (one wire
story in two outlets) stay two articles.
"""

from __future__ import annotations


import httpx
import pytest

from factdesk.ingest import Fetcher, read_path, read_warc_record, warc_refs
from factdesk.pipeline import process
from factdesk.serve.submit import Submission, page_of
from factdesk.settings import Settings
from factdesk.store import Store
from factdesk.store.text_identity import stored_article_id, text_key
from tests.ingest.test_warc import build_warc

TEXT = ("Harbour board approves new ferry contract\n\n"
        + "The harbour board voted on Tuesday to approve the ferry contract, officials "
          "said. " * 6 + "\n\n"
        + "\u201cWe will run again by June,\u201d said Amara Okafor, the mayor.\n")
HTML = ("<html><head><title>Harbour board approves new ferry contract</title></head><body>"
        "<article><h1>Harbour board approves new ferry contract</h1>"
        + "<p>The harbour board voted on Tuesday to approve the ferry contract, officials "
          "said. Critics doubted the promise and the money.</p>" * 5
        + "</article></body></html>")
URL = "https://news.example/ferry"
SETTINGS = Settings()


def _articles(store: Store) -> list[tuple[str, str | None]]:
    return store.conn.execute("SELECT id, url FROM articles").fetchall()


def _write(store: Store, *pages) -> list:
    outcomes = process(list(pages), SETTINGS, analyze=False)
    for outcome in outcomes:
        assert outcome.article is not None, outcome
        before = len(_articles(store))
        # a write counts a new article only when one was stored
        assert store.write([outcome]) == len(_articles(store)) - before
    return outcomes


def _fetched(url: str, body: str, kind: str = "text/html; charset=utf-8"):
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body.encode(), headers={"content-type": kind})

    fetcher = Fetcher(SETTINGS, transport=httpx.MockTransport(handler),
                      resolve=lambda host, port: ["93.184.216.34"])
    with fetcher:
        return fetcher.fetch(url)


def _warc(tmp_path, url: str, body: str, kind: str):
    path = tmp_path / "pages.warc.gz"
    path.write_bytes(build_warc([(url, kind, body)]))
    (ref,) = warc_refs(str(path))
    return read_warc_record(str(path), ref.offset, limit=1_000_000)


@pytest.mark.parametrize("variant", [
    "\ufeff" + TEXT, TEXT.replace("\n", "\r\n"), TEXT.replace("\n", "\r"),
    TEXT.replace("\n", "  \n"), TEXT.replace("\n\n", "\t\n\n") + "\n\n\n", "\n" + TEXT],
    ids=["bom", "crlf", "cr", "trailing-spaces", "trailing-tabs-and-lines", "leading-line"])
def test_what_routes_differ_in_does_not_change_the_text_key(variant):
    assert text_key(variant) == text_key(TEXT)


def test_other_words_are_another_text_key():
    assert text_key(TEXT) != text_key(TEXT.replace("Tuesday", "Monday"))
    assert text_key("a  b") != text_key("a b")  # inner spacing is kept as written


def test_a_text_file_then_the_same_text_pasted_in_the_form_and_the_api(tmp_path):
    path = tmp_path / "ferry.txt"
    path.write_bytes(b"\xef\xbb\xbf" + TEXT.encode())  # a BOM, as editors on Windows write
    with Store() as store:
        (from_file,) = _write(store, read_path(path))
        form = page_of(Submission(text=TEXT.replace("\n", "\r\n") + "  \r\n"), SETTINGS, None)
        api = page_of(Submission(text=TEXT), SETTINGS, None)
        pasted, posted = _write(store, form, api)
        assert _articles(store) == [(from_file.article.id, None)]
        for outcome in (pasted, posted):
            assert outcome.article.id != from_file.article.id  # ids come from the source
            assert store.read(stored_article_id, outcome.article.id, outcome.article.text,
                              outcome.article.url) == from_file.article.id
        assert store.conn.execute("SELECT count(*) FROM pages").fetchone()[0] == 3


def test_an_html_file_a_pasted_page_a_fetched_url_and_a_warc_record(tmp_path):
    path = tmp_path / "ferry.html"
    path.write_text(HTML, encoding="utf-8")
    with Store() as store:
        _write(store, read_path(path))
        _write(store, page_of(Submission(html=HTML.replace("\n", "\r\n")), SETTINGS, None))
        _write(store, _fetched(URL, HTML))
        _write(store, _warc(tmp_path, URL, HTML, "text/html; charset=utf-8"))
        assert len(_articles(store)) == 1


def test_a_fetched_url_then_the_file_of_that_page(tmp_path):
    path = tmp_path / "ferry.html"
    path.write_text(HTML, encoding="utf-8")
    with Store() as store:
        (fetched,) = _write(store, _fetched(URL, HTML))
        _write(store, read_path(path))
        assert _articles(store) == [(fetched.article.id, URL)]


def test_one_text_at_two_urls_is_two_articles(tmp_path):
    with Store() as store:
        _write(store, _fetched(URL, HTML), _fetched("https://other.example/ferry", HTML))
        assert len(_articles(store)) == 2
        # a copy without a URL is the first of them
        _write(store, page_of(Submission(html=HTML), SETTINGS, None))
        assert len(_articles(store)) == 2


def test_another_text_is_another_article(tmp_path):
    with Store() as store:
        _write(store, page_of(Submission(text=TEXT), SETTINGS, None),
               page_of(Submission(text=TEXT.replace("Tuesday", "Monday")), SETTINGS, None))
        assert len(_articles(store)) == 2


def test_articles_stored_before_text_keys_get_theirs(tmp_path):
    path = tmp_path / "old.db"
    with Store(path) as store:
        _write(store, page_of(Submission(text=TEXT), SETTINGS, None))
        store.conn.execute("UPDATE articles SET text_key = NULL")
        store.conn.execute("DELETE FROM migrations WHERE name = '0022_article_text_key'")
        store.conn.execute("DROP INDEX articles_text_key")
        store.conn.execute("ALTER TABLE articles DROP COLUMN text_key")
    with Store(path) as store:  # the migration applies again and fills the keys
        assert store.conn.execute("SELECT text_key FROM articles").fetchall() == [
            (text_key(TEXT),)]
        _write(store, page_of(Submission(text=TEXT.replace("\n", "\r\n")), SETTINGS, None))
        assert len(_articles(store)) == 1
