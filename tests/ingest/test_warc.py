"""WARC archives: every readable record, and a reject for a truncated or corrupt rest.

The archives are built in the tests with warcio's writer from text written here.
"""

import io

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from factdesk.ingest import PageRef, SourceProblem, read_warc_record, warc_refs


def build_warc(pages, *, gzip=True, cc_news=False) -> bytes:
    """A WARC of ``(url, content_type, body)`` response records (CC-NEWS style when asked)."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    if cc_news:
        writer.write_record(writer.create_warcinfo_record(
            "CC-NEWS-20260101000000-00001.warc.gz", {"software": "StormCrawler", "isPartOf":
                                                     "CC-NEWS"}))
    for url, kind, body in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            url, "response", payload=io.BytesIO(body.encode("utf-8")), http_headers=headers))
        if cc_news:  # CC-NEWS also stores request and metadata records
            writer.write_record(writer.create_warc_record(
                url, "metadata", payload=io.BytesIO(b"fetchTimeMs: 120\r\n"),
                warc_content_type="application/warc-fields"))
    return buffer.getvalue()


PAGES = [(f"https://news.example/story-{n}", "text/html; charset=utf-8",
          f"<html><body><h1>Story {n}</h1><p>{'Words of the story. ' * 40}</p></body></html>")
         for n in range(3)] + [("https://news.example/logo.png", "image/png", "PNG")]


@pytest.mark.parametrize("gzip", [True, False], ids=["gzip", "plain"])
def test_every_page_record_is_listed_and_read_back(tmp_path, gzip):
    path = tmp_path / ("a.warc.gz" if gzip else "a.warc")
    path.write_bytes(build_warc(PAGES, gzip=gzip))
    refs = list(warc_refs(str(path)))
    assert all(isinstance(r, PageRef) for r in refs)
    assert len(refs) == 3  # the image is not a page
    page = read_warc_record(str(path), refs[1].offset, limit=1_000_000)
    assert page.url == "https://news.example/story-1"
    assert page.content_type == "text/html" and page.declared_encoding == "utf-8"
    assert page.data.startswith(b"<html><body><h1>Story 1")
    assert page.fetched is not None and page.fetched.utcoffset() is not None


def test_cc_news_records_skip_warcinfo_and_metadata(tmp_path):
    path = tmp_path / "CC-NEWS-20260101000000-00001.warc.gz"
    path.write_bytes(build_warc(PAGES[:2], cc_news=True))
    refs = list(warc_refs(str(path)))
    urls = [read_warc_record(r.location, r.offset, limit=10**6).url for r in refs]
    assert urls == ["https://news.example/story-0", "https://news.example/story-1"]


@pytest.mark.parametrize("gzip", [True, False], ids=["gzip", "plain"])
def test_a_truncated_last_record_gives_the_others_and_a_reject(tmp_path, gzip):
    data = build_warc(PAGES[:3], gzip=gzip)
    path = tmp_path / ("cut.warc.gz" if gzip else "cut.warc")
    path.write_bytes(data[:-200])
    refs = list(warc_refs(str(path)))
    assert [type(r) for r in refs] == [PageRef, PageRef, SourceProblem]
    assert refs[-1].reason == "truncated_record"
    assert "after 2 page records" in refs[-1].message
    assert read_warc_record(str(path), refs[1].offset, limit=10**6).url.endswith("story-1")


def test_garbage_is_a_corrupt_archive_not_a_crash(tmp_path):
    path = tmp_path / "junk.warc"
    path.write_bytes(b"this is not a WARC file at all\r\n" * 10)
    (problem,) = warc_refs(str(path))
    assert problem.reason == "corrupt_archive"
