"""The bounded reader: gzip layers and HTTP encodings undone a chunk at a time, cut at a limit."""

from __future__ import annotations

import gzip
import io
import zlib

import pytest

from factdesk.errors import InputError
from factdesk.ingest.bounded import CHUNK, read_bounded, read_encoded, read_stream_bounded
from tests.ingest.bombs import MB, gzip_bomb

TEXT = b"<p>" + b"Words of the story. " * 5000 + b"</p>"


def pieces(data: bytes, size: int = 1000) -> list[bytes]:
    return [data[i:i + size] for i in range(0, len(data), size)]


@pytest.mark.parametrize(("data", "expected"), [
    (TEXT, TEXT),
    (gzip.compress(TEXT), TEXT),
    (gzip.compress(TEXT[:500]) + gzip.compress(TEXT[500:]), TEXT),       # two members
    (gzip.compress(TEXT) + b"\x00" * 7, TEXT),                           # NUL padding
    (gzip.compress(gzip.compress(TEXT)), TEXT),                          # gzip inside gzip
    (gzip.compress(gzip.compress(gzip.compress(b"x"))), gzip.compress(b"x")),  # two layers only
], ids=["plain", "gzip", "members", "padding", "nested", "third-layer-kept"])
def test_gzip_is_undone(data, expected):
    assert read_bounded(data, 10 * len(TEXT)) == expected
    assert read_stream_bounded(io.BytesIO(data), 10 * len(TEXT)) == expected


@pytest.mark.parametrize("limit", [0, 1, 999, len(TEXT) - 1, len(TEXT), len(TEXT) + 1])
def test_the_result_is_cut_one_byte_past_the_limit(limit):
    assert read_bounded(gzip.compress(TEXT), limit) == TEXT[:limit + 1]
    assert read_stream_bounded(io.BytesIO(gzip.compress(TEXT)), limit) == TEXT[:limit + 1]


def test_a_bomb_is_read_only_as_far_as_the_limit():
    """3 GB of spaces in 3 MB of gzip: one chunk of it is read, not the whole stream."""
    stream = io.BytesIO(gzip_bomb(3 * 1024 * MB, b"<rss>"))
    data = read_stream_bounded(stream, 3 * CHUNK)
    assert data == b"<rss>" + b" " * (3 * CHUNK - 4)
    assert stream.tell() == CHUNK < len(stream.getvalue()) // 2


@pytest.mark.parametrize("data", [gzip.compress(TEXT)[:-30], b"\x1f\x8b\x08garbage" * 5],
                         ids=["truncated", "garbage"])
def test_corrupt_gzip_raises(data):
    with pytest.raises(InputError, match="corrupt or truncated"):
        read_bounded(data, 10 * len(TEXT))


def _raw_deflate(data: bytes) -> bytes:
    deflate = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return deflate.compress(data) + deflate.flush()


@pytest.mark.parametrize(("encoding", "body"), [
    ("gzip", gzip.compress(TEXT)),
    ("x-gzip", gzip.compress(TEXT)),
    ("deflate", zlib.compress(TEXT)),
    ("deflate", _raw_deflate(TEXT)),                      # what some servers send as deflate
    ("deflate, gzip", gzip.compress(zlib.compress(TEXT))),
    ("identity", TEXT),
    (None, TEXT),
], ids=["gzip", "x-gzip", "zlib-deflate", "raw-deflate", "two", "identity", "none"])
def test_http_content_encodings_are_undone(encoding, body):
    assert read_encoded(pieces(body), encoding, 10 * len(TEXT)) == TEXT
    assert read_encoded(pieces(body), encoding, 99) == TEXT[:100]


def test_an_encoding_it_cannot_undo_passes_through_and_the_body_is_not_unwrapped():
    assert read_encoded(pieces(b"\x0b\x02\x80abc"), "br", 100) == b"\x0b\x02\x80abc"
    gz_file = gzip.compress(TEXT)
    assert read_encoded(pieces(gzip.compress(gz_file)), "gzip", 10 * len(TEXT)) == gz_file


def test_an_http_body_cut_short_keeps_what_was_inflated():
    """As httpx does: a server that closes early gives what arrived, not an error."""
    assert read_encoded([gzip.compress(TEXT)[:-30]], "gzip", 10 * len(TEXT)) != b""
