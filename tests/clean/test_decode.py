"""Decoding bytes to text: BOMs, declared charsets, guessing, and what is rejected."""

from __future__ import annotations

import time

import pytest

from factdesk.clean.decode import decode_page, sniff_binary
from factdesk.model import Page, RejectReason, Rejection

FRENCH = "Le café coûte 3 € ; « très cher », dit-elle — c’est la fin de l’été."
CURLY = "\u201cIt\u2019s \u20ac5 a pint now,\u201d she said \u2014 \u2018outrageous\u2019."
JAPANESE = "東京の天気は晴れです。明日は雨が降るでしょう。ニュースをお伝えします。"


def decoded(data: bytes, **kwargs) -> Page:
    result = decode_page(Page(source="test", data=data, **kwargs))
    assert isinstance(result, Page), result
    return result


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),
     ("utf-32-le", b"\xff\xfe\x00\x00")],
    ids=["utf8-bom", "utf16le-bom", "utf16be-bom", "utf32le-bom"],
)
def test_a_byte_order_mark_decides(encoding, bom):
    page = decoded(bom + FRENCH.encode(encoding), declared_encoding="iso-8859-1")
    assert page.text == FRENCH
    assert page.detected_encoding.startswith(encoding[:6])


def test_valid_utf8_wins_over_a_wrong_latin1_declaration():
    page = decoded(FRENCH.encode("utf-8"), declared_encoding="iso-8859-1")
    assert page.text == FRENCH and page.detected_encoding == "utf-8"


def test_declared_cp1252_keeps_curly_quotes_and_euro():
    page = decoded(CURLY.encode("cp1252"), declared_encoding="windows-1252")
    assert page.text == CURLY


def test_latin1_label_reads_as_cp1252_like_browsers():
    page = decoded(CURLY.encode("cp1252"), declared_encoding="ISO-8859-1")
    assert page.text == CURLY


def test_meta_charset_is_used_when_http_says_nothing():
    html = f'<html><head><meta charset="shift_jis"></head><body><p>{JAPANESE}</p></body></html>'
    page = decoded(html.encode("shift_jis"))
    assert page.text == html
    assert page.detected_encoding == "shift_jis"


def test_undeclared_shift_jis_is_guessed():
    text = JAPANESE * 5
    page = decoded(text.encode("shift_jis"))
    assert page.text == text


def test_utf16_without_bom_but_declared():
    page = decoded(FRENCH.encode("utf-16-le"), declared_encoding="utf-16le")
    assert page.text == FRENCH


@pytest.mark.parametrize("data", [b"", b"   \n\t  "], ids=["no-bytes", "whitespace"])
def test_empty_pages_are_rejected(data):
    result = decode_page(Page(source="test", data=data))
    assert isinstance(result, Rejection) and result.reason is RejectReason.EMPTY


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
     b"PK\x03\x04\x14\x00\x00\x00" + b"\x00" * 64, bytes(range(32)) * 50],
    ids=["png", "pdf", "zip", "control-bytes"],
)
def test_binary_is_rejected(data):
    assert sniff_binary(data)
    result = decode_page(Page(source="test", data=data))
    assert isinstance(result, Rejection) and result.reason is RejectReason.BINARY


def test_a_large_declared_page_decodes_quickly():
    data = ("<p>" + CURLY + "</p>\n").encode("cp1252") * 200_000  # about 10 MB
    started = time.process_time()
    page = decoded(data, declared_encoding="cp1252")
    assert time.process_time() - started < 5
    assert page.text.startswith("<p>" + CURLY)


def test_text_pages_pass_through():
    page = Page(source="test", text="already text")
    assert decode_page(page) is page
