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
next.  Corrupt or truncated compressed data raises :class:`~factdesk.errors.InputError`.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from ..errors import InputError
from ..model import ProblemReason
from .refs import SourceProblem

__all__ = ["CHUNK", "MAX_LAYERS", "is_compressed", "listing_body", "read_bounded",
           "read_encoded", "read_stream_bounded"]

#: Most bytes read, or inflated, in one step.
CHUNK = 1 << 20
#: Most compression layers undone (a gzipped file served gzipped again is two).
MAX_LAYERS = 2
_GZIP_MAGIC = b"\x1f\x8b"
_GZIP = zlib.MAX_WBITS | 16  # a gzip header and trailer around the deflate data


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


def _inflate(pieces: Iterable[bytes], wbits: int = _GZIP, *,
             strict: bool = True) -> Iterator[bytes]:
    """The inflated bytes of ``pieces``, at most :data:`CHUNK` at a time.

    ``wbits`` says the format as zlib does (:data:`_GZIP`, or zlib and raw
    deflate for HTTP's ``deflate``).  Several gzip members one after another
    are one stream (as :mod:`gzip` reads them); NUL padding after a member is
    skipped, and anything else after the last member is ignored.  ``strict``:
    a stream that ends before its end marker raises
    :class:`~factdesk.errors.InputError` (HTTP bodies are read as httpx does,
    keeping what was inflated).
    """
    inflater: zlib._Decompress | None = zlib.decompressobj(wbits)
    between = b""  # bytes after a member's end, until they show whether another follows
    try:
        for piece in pieces:
            while piece:
                if inflater is None:
                    between = (between + piece).lstrip(b"\x00")
                    if len(between) < 2:
                        break
                    if wbits != _GZIP or between[:2] != _GZIP_MAGIC:
                        return
                    inflater, piece, between = zlib.decompressobj(wbits), between, b""
                out = inflater.decompress(piece, CHUNK)
                if out:
                    yield out
                if not inflater.eof and not (piece := inflater.unconsumed_tail):
                    while len(out) == CHUNK and not inflater.eof:
                        out = inflater.decompress(b"", CHUNK)
                        if out:
                            yield out
                if inflater.eof:
                    piece, inflater = inflater.unused_data, None
    except zlib.error as exc:
        raise InputError(f"compressed data is corrupt or truncated ({exc})") from exc
    if strict and inflater is not None and not inflater.eof:
        raise InputError("compressed data is corrupt or truncated "
                          "(it ends before its end marker)")


def _deflate_bits(head: bytes) -> int:
    """HTTP ``deflate`` is meant to be a zlib stream, but servers also send raw
    deflate; a zlib header (RFC 1950: method 8, header a multiple of 31) tells."""
    zlib_header = (len(head) == 2 and head[0] & 0x0F == 8
                   and (head[0] << 8 | head[1]) % 31 == 0)
    return zlib.MAX_WBITS if zlib_header else -zlib.MAX_WBITS


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
    kept: list[bytes] = []
    size = 0
    for piece in pieces:
        kept.append(piece[:limit + 1 - size])
        size += len(kept[-1])
        if size > limit:
            break
    return b"".join(kept)


def read_bounded(data: bytes, limit: int, *, layers: int = MAX_LAYERS) -> bytes:
    """``data`` with its gzip layers undone, cut one byte past ``limit``.

    Data that is not gzip comes back as it is (cut the same way).
    """
    if layers < 1 or not is_compressed(data):
        return data[:limit + 1]
    return _take(_unwrapped(_pieces(data), layers), limit)


def read_stream_bounded(stream: BinaryIO, limit: int, *, layers: int = MAX_LAYERS) -> bytes:
    """What ``stream`` holds, gzip layers undone, cut one byte past ``limit``
    (the stream is read a chunk at a time and no further than needed)."""
    return _take(_unwrapped(_file_pieces(stream), layers), limit)


def read_encoded(chunks: Iterable[bytes], content_encoding: str | None, limit: int) -> bytes:
    """An HTTP body (raw ``chunks`` as they arrived) with its ``Content-Encoding``
    undone, cut one byte past ``limit``.

    ``gzip``, ``x-gzip`` and ``deflate`` are undone, each streamed through the
    next; ``identity`` and encodings factdesk cannot undo (``br`` without the
    brotli package, as httpx does) are passed through as they are.  The body
    itself is not unwrapped further: a ``.gz`` file served gzipped comes back
    as the ``.gz`` file.
    """
    pieces: Iterator[bytes] = iter(chunks)
    names = [n.strip().lower() for n in (content_encoding or "").split(",")]
    for name in reversed(names):
        if name in ("gzip", "x-gzip"):
            pieces = _inflate(pieces, strict=False)
        elif name == "deflate":
            head, pieces = _peek(pieces)
            pieces = _inflate(pieces, _deflate_bits(head), strict=False)
    return _take(pieces, limit)


def listing_body(data: bytes, limit: int, where: str, *, broken: ProblemReason, what: str,
                 setting: str) -> bytes | SourceProblem:
    """A feed's or sitemap's bytes inflated up to ``limit``, or the problem that
    stops it: ``broken`` when the compressed data is corrupt, ``too_large`` when
    it inflates past ``limit`` (named by its ``setting``)."""
    try:
        body = read_bounded(data, limit)
    except InputError as exc:
        return SourceProblem(source=where, reason=broken, message=f"{where}: {exc}")
    if len(body) > limit:
        return SourceProblem(source=where, reason=ProblemReason.TOO_LARGE,
                             message=f"{where}: the {what} is over {limit} bytes "
                                     f"({setting}); not read")
    return body
