"""Bad input: every case ends in a typed Rejection (or a faithful decode), never a crash."""

from __future__ import annotations

import gzip

import pytest

from factdesk.clean.page import clean_page
from factdesk.model import Article, Page, RejectReason, Rejection
from factdesk.settings import Settings

PARAGRAPH = ("The council confirmed on Thursday that the ferry timetable will change from "
             "next month, with two extra crossings on weekdays and one fewer on Sundays.")


def article_html(body: str, charset: str = "utf-8") -> str:
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="{charset}">'
            f"<title>Ferry timetable changes</title></head><body><article>"
            f"<h1>Ferry timetable changes</h1>{body}</article></body></html>")


def rejected(result, *reasons: RejectReason) -> Rejection:
    assert isinstance(result, Rejection), result
    assert result.reason in reasons, result
    assert result.message
    return result


def test_empty_file():
    rejected(clean_page(Page(source="empty.html", data=b"")), RejectReason.EMPTY)


def test_binary_png():
    png = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06"
           b"\x00\x00\x00\x1f\xf3\xffa" + bytes(range(256)) * 8)
    rejected(clean_page(Page(source="image.html", data=png)), RejectReason.BINARY)


def test_fifty_megabyte_page_is_too_large():
    data = b"<p>" + b"a" * (50 * 1024 * 1024) + b"</p>"
    rejected(clean_page(Page(source="huge.html", data=data), Settings()), RejectReason.TOO_LARGE)


@pytest.mark.parametrize(
    ("charset", "body"),
    [("windows-1252", "<p>\u201cIt\u2019s \u20ac5 a ticket now,\u201d a passenger said. " + PARAGRAPH + "</p>"),
     ("shift_jis", "<p>フェリーの時刻表が来月から変わります。平日は二便増え、日曜日は一便減ります。"
                   "市役所が木曜日に発表しました。乗客からは歓迎の声が上がっています。"
                   "港の関係者によると、新しい時刻表は観光客の増加に合わせたものです。</p>"),
     ("utf-16", "<p>\u201cIt\u2019s \u20ac5 a ticket now,\u201d a passenger said. " + PARAGRAPH + "</p>")],
    ids=["cp1252-curly-quotes-euro", "shift-jis-japanese", "utf16-with-bom"],
)
def test_mis_encoded_pages_decode_to_the_original(charset, body):
    html = article_html(body, charset)
    data = html.encode(charset)  # Python's utf-16 codec writes a BOM
    from factdesk.clean.decode import decode_page

    page = decode_page(Page(source="page.html", data=data))
    assert isinstance(page, Page)
    assert page.text == html
    result = clean_page(Page(source="page.html", data=data))
    assert isinstance(result, Article), result
    paragraph = body.removeprefix("<p>").removesuffix("</p>")
    assert paragraph in result.body


def test_html_with_no_article():
    html = ("<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a> "
            "<a href='/a'>About</a></nav><div><a href='/c'>Contact</a></div></body></html>")
    rejected(clean_page(Page(source="menu.html", data=html.encode())), RejectReason.NO_ARTICLE)


def test_text_file_that_is_all_chrome():
    dump = "\n".join([
        "Home", "News", "Sport", "Sign in", "Subscribe", "Share this article",
        "We use cookies to improve your experience. Accept cookies",
        "Sign up to our newsletter", "Comments", "Privacy policy", "Terms of use",
        "© 2024 Example Media. All rights reserved.",
    ]) + "\n"
    result = clean_page(Page(source="dump.txt", data=dump.encode(), content_type="text/plain"))
    rejected(result, RejectReason.ALL_CHROME, RejectReason.NO_ARTICLE)


def test_truncated_gzip_bytes_are_binary():
    data = gzip.compress(article_html("<p>" + PARAGRAPH + "</p>").encode())[:200]
    rejected(clean_page(Page(source="page.html.gz", data=data)), RejectReason.BINARY)


def test_unclosed_markup_soup_does_not_crash():
    html = "<html><body>" + "<div><p>" * 3000 + PARAGRAPH * 3
    result = clean_page(Page(source="soup.html", data=html.encode()))
    assert isinstance(result, (Article, Rejection))
