"""One article per text: the same text ingested by any route is stored once.

An article's id is a hash of its source (or URL) and its text, so the same
text read from a file, pasted into the web form, posted to the API, fetched
from a URL or read from a WARC record would get as many ids.  Each article
row therefore also carries a *text key*: a hash of its text normalised for
what differs between routes that carry the same words (a byte-order mark,
Windows or old Mac line endings, whitespace at the end of a line or of the
text).  A new article whose text key is that of a current article is not
stored again; its page is kept (a page row) and points nowhere new.

Two articles with the same text but two different URLs stay apart (the same
wire story in two outlets is two outlets' articles); a text without a URL
(file, paste, API text) is one with any stored copy of that text.
"""

from __future__ import annotations

import re
import sqlite3

from ..model import content_id

__all__ = ["fill_text_keys", "same_text_article", "stored_article_id", "text_key"]

_LINE_ENDS = re.compile(r"\r\n?")
_TRAILING = re.compile(r"[ \t\f\v\u00a0]+$", re.MULTILINE)


def text_key(text: str) -> str:
    """The hash of ``text`` with its byte-order mark, line endings and trailing
    whitespace normalised (what two routes carrying the same text may differ in)."""
    text = _LINE_ENDS.sub("\n", text.lstrip("\ufeff"))
    return content_id("text", _TRAILING.sub("", text).strip())


def same_text_article(conn: sqlite3.Connection, text: str, url: str | None) -> str | None:
    """The id of a current article with ``text`` (normalised) that ``url`` does not
    set apart: either has no URL, or both have this one."""
    row = conn.execute("SELECT id FROM articles WHERE text_key = ? AND current = 1 AND "
                       "(url IS NULL OR ? IS NULL OR url = ?) ORDER BY seq LIMIT 1",
                       (text_key(text), url, url)).fetchone()
    return row[0] if row else None


def stored_article_id(conn: sqlite3.Connection, article_id: str, text: str,
                      url: str | None) -> str | None:
    """The id under which an article that was written is stored: its own, or that
    of the stored article with the same text."""
    if conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone():
        return article_id
    return same_text_article(conn, text, url)


def fill_text_keys(conn: sqlite3.Connection) -> int:
    """Give every article stored before text keys its key; returns how many."""
    rows = conn.execute("SELECT seq, text FROM articles WHERE text_key IS NULL").fetchall()
    conn.executemany("UPDATE articles SET text_key = ? WHERE seq = ?",
                     [(text_key(text), seq) for seq, text in rows])
    return len(rows)
