"""Decompression bombs outside the page path: each is refused with a reason, in bounded memory.

Issue 17: a gzipped sitemap that inflates to 1 GB peaked at 2.1 GB of memory
before it was rejected, 3 GB at 6.2 GB, and a WARC record with
``Content-Encoding: gzip`` the same.  Each bomb here is read in a process of
its own (tests/ingest/bomb_child.py), which reports what became of it and its
peak resident memory; with the default limits (50 MB sitemaps, 20 MB feeds
and pages) that peak must stay under :data:`PEAK_MB`.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import factdesk
from tests.ingest.bombs import MB, gzip_bomb, write_gzip_bomb

pytestmark = pytest.mark.skipif(not Path("/proc/self/status").exists(),
                                reason="peak memory is read from /proc (Linux)")

PEAK_MB = 300
GB = 1024 * MB
ROOT = Path(__file__).resolve().parents[2]

SITEMAP = (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
           b"<url><loc>https://news.example/1</loc></url><url><loc>https://news.example/",
           b"</loc></url></urlset>")
FEED = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>Gazette</title>'
        b"<item><title>One</title><link>https://news.example/one</link><description>",
        b"</description></item></channel></rss>")
PAGE = (b"<html><body><h1>Story</h1><p>", b"</p></body></html>")


def run_child(*args: str) -> dict:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(Path(factdesk.__file__).resolve().parents[1]), str(ROOT)])}
    done = subprocess.run([sys.executable, "-m", "tests.ingest.bomb_child", *args], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"{args[0]} {' '.join(args[2:])}: {result}")  # the peak, shown with -s
    return result


def warc_with_encoded_record(path: Path, body: bytes) -> Path:
    """A WARC whose one response record holds ``body`` sent with Content-Encoding: gzip."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                          ("Content-Encoding", "gzip")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(
        "https://news.example/bomb", "response", payload=io.BytesIO(body),
        http_headers=headers))
    path.write_bytes(buffer.getvalue())
    return path


def test_a_gzipped_sitemap_file_of_1_gb_is_too_large(tmp_path):
    bomb = write_gzip_bomb(tmp_path / "sitemap.xml.gz", GB, *SITEMAP)
    result = run_child("listing", str(bomb))
    assert result["outcome"] == ["too_large"]
    assert result["peak_mb"] < PEAK_MB


def test_a_gzipped_sitemap_url_of_3_gb_is_too_large(tmp_path):
    bomb = write_gzip_bomb(tmp_path / "sitemap.xml.gz", 3 * GB, *SITEMAP)
    result = run_child("listing", str(bomb), "sitemap.xml.gz")
    assert result["outcome"] == ["too_large"]
    assert result["peak_mb"] < PEAK_MB


def test_a_gzipped_feed_url_of_1_gb_sent_with_content_encoding_is_too_large(tmp_path):
    bomb = write_gzip_bomb(tmp_path / "bomb.gz", GB, *FEED)
    result = run_child("listing", str(bomb), "feed.rss", "gzip")
    assert result["outcome"] == ["too_large"]
    assert result["peak_mb"] < PEAK_MB


def test_a_gzipped_feed_file_of_3_gb_is_too_large(tmp_path):
    bomb = write_gzip_bomb(tmp_path / "feed.xml.gz", 3 * GB, *FEED)
    result = run_child("listing", str(bomb))
    assert result["outcome"] == ["too_large"]
    assert result["peak_mb"] < PEAK_MB


def test_a_warc_record_with_content_encoding_gzip_of_3_gb_is_too_large(tmp_path):
    archive = warc_with_encoded_record(tmp_path / "bomb.warc.gz", gzip_bomb(3 * GB, *PAGE))
    result = run_child("warc", str(archive))
    assert result["outcome"] == ["too_large"]
    assert result["peak_mb"] < PEAK_MB


def test_a_gzipped_sitemap_served_gzipped_again_is_too_large(tmp_path):
    """gzip inside gzip: a 3 GB sitemap.xml.gz (3 MB) sent with Content-Encoding: gzip."""
    inner = gzip_bomb(3 * GB, *SITEMAP)
    outer = tmp_path / "sitemap.xml.gz.gz"
    outer.write_bytes(gzip_bomb(0, inner))
    result = run_child("listing", str(outer), "sitemap.xml.gz", "gzip")
    assert result["outcome"] == ["too_large"]
    assert result["peak_mb"] < PEAK_MB

