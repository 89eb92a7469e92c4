"""The one bounded reader: every byte stream ingest reads stops one byte past its limit.

Pages, feeds, sitemaps and sitemap indexes may arrive compressed (a ``.gz``
file on disk or over HTTP, a ``.gz`` file served again with
``Content-Encoding: gzip``, a gzipped HTTP body inside a WARC record).  A few
kilobytes of gzip can inflate to gigabytes, so nothing here inflates a whole
stream at once: compressed input is fed to zlib a chunk at a time, each call
may produce at most :data:`CHUNK` bytes, and reading stops as soon as the
output passes the limit.  Memory therefore stays at about one chunk plus the
limit, whatever the stream would inflate to.

What a caller gets is at most ``limit + 1`` bytes, the convention every
factdesk reader keeps: a result longer than ``limit`` means "over the limit"
(the clean stage rejects such a page as ``too_large``; a listing over its
limit is a ``too_large`` source problem), without reading the rest.

gzip streams (one or several members) are undone, up to
:data:`MAX_LAYERS` deep (gzip inside gzip), each layer streamed through the
next.  Corrupt or truncated compressed data raises :class:`CorruptData`.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from ..errors import InputError

__all__ = ["CHUNK", "MAX_LAYERS", "CorruptData", "is_compressed", "read_bounded",
           "read_stream_bounded"]

#: Most bytes read, or inflated, in one step.
CHUNK = 1 << 20
#: Most compression layers undone (a gzipped file served gzipped again is two).
MAX_LAYERS = 2
_GZIP_MAGIC = b"\x1f\x8b"
_GZIP = zlib.MAX_WBITS | 16  # a gzip header and trailer around the deflate data


class CorruptData(InputError):
    """Compressed data that cannot be inflated (corrupt, or cut short)."""


def is_compressed(head: bytes) -> bool:
    """Whether ``head`` (the first bytes of a stream) starts a gzip member."""
    return head[:2] == _GZIP_MAGIC


def _pieces(data: bytes) -> Iterator[bytes]:
    view = memoryview(data)
    for start in range(0, len(view), CHUNK):
        yield bytes(view[start:start + CHUNK])


def _file_pieces(stream: BinaryIO) -> Iterator[bytes]:
    while piece := stream.read(CHUNK):
        yield piece


def _inflate(pieces: Iterable[bytes]) -> Iterator[bytes]:
    """The inflated bytes of gzip ``pieces``, at most :data:`CHUNK` at a time.

    Several gzip members one after another are one stream (as :mod:`gzip`
    reads them); NUL padding after a member is skipped, and anything else
    after the last member is ignored.
    """
    inflater: zlib._Decompress | None = zlib.decompressobj(_GZIP)
    between = b""  # bytes after a member's end, until they show whether another follows
    try:
        for piece in pieces:
            while piece:
                if inflater is None:
                    between = (between + piece).lstrip(b"\x00")
                    if len(between) < 2:
                        break
                    if between[:2] != _GZIP_MAGIC:
                        return
                    inflater, piece, between = zlib.decompressobj(_GZIP), between, b""
                out = inflater.decompress(piece, CHUNK)
                if out:
                    yield out
                if inflater.eof:
                    piece, inflater = inflater.unused_data, None
                elif not (piece := inflater.unconsumed_tail) and len(out) == CHUNK:
                    piece = b""
                    while len(out) == CHUNK and not inflater.eof:
                        out = inflater.decompress(b"", CHUNK)
                        if out:
                            yield out
                    if inflater.eof:
                        piece, inflater = inflater.unused_data, None
    except zlib.error as exc:
        raise CorruptData(f"gzip data is corrupt or truncated ({exc})") from exc
    if inflater is not None and not inflater.eof:
        raise CorruptData("gzip data is corrupt or truncated (it ends before its end marker)")


def _peek(pieces: Iterator[bytes]) -> tuple[bytes, Iterator[bytes]]:
    """The first two bytes of ``pieces`` (fewer at the end) and the whole stream again."""
    head: list[bytes] = []
    size = 0
    for piece in pieces:
        head.append(piece)
        size += len(piece)
        if size >= 2:
            break
    first = b"".join(head)

    def again() -> Iterator[bytes]:
        if first:
            yield first
        yield from pieces

    return first[:2], again()


def _unwrapped(pieces: Iterator[bytes], layers: int) -> Iterator[bytes]:
    """``pieces`` with up to ``layers`` gzip layers undone, each streamed."""
    for _ in range(layers):
        head, pieces = _peek(pieces)
        if not is_compressed(head):
            break
        pieces = _inflate(pieces)
    return pieces


def _take(pieces: Iterator[bytes], limit: int) -> bytes:
    """At most ``limit + 1`` bytes of ``pieces``; the rest is never produced."""
    kept = bytearray()
    for piece in pieces:
        kept += piece[:limit + 1 - len(kept)]
        if len(kept) > limit:
            break
    return bytes(kept)


def read_bounded(data: bytes, limit: int, *, layers: int = MAX_LAYERS) -> bytes:
    """``data`` with its gzip layers undone, cut one byte past ``limit``.

    Data that is not gzip comes back as it is (cut the same way).
    """
    return _take(_unwrapped(_pieces(data), layers), limit)


def read_stream_bounded(stream: BinaryIO, limit: int, *, layers: int = MAX_LAYERS) -> bytes:
    """What ``stream`` holds, gzip layers undone, cut one byte past ``limit``
    (the stream is read a chunk at a time and no further than needed)."""
    return _take(_unwrapped(_file_pieces(stream), layers), limit)
