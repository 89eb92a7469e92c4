"""Decompression bombs, built cheaply for the tests.

``gzip_bomb(size, head, tail)`` is a valid gzip file of ``head``, ``size``
spaces and ``tail``: one megabyte of spaces is deflated once, after a full
flush (so the block refers to nothing before it), and that block is repeated,
so a 3 GB bomb takes about 3 MB and a second or two to build (the CRC of the
whole is computed, so the file is what any gzip reader accepts).
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

__all__ = ["MB", "gzip_bomb", "write_gzip_bomb"]

MB = 1 << 20
_BLOCK = b" " * MB


def _blocks(size: int, head: bytes, tail: bytes):
    """The gzip file in pieces: header, deflate blocks, trailer."""
    if size % MB:
        raise ValueError("a bomb's size is a whole number of megabytes")
    deflate = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    yield b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"  # gzip header: deflate, no name, no time
    yield deflate.compress(head) + deflate.flush(zlib.Z_FULL_FLUSH)
    block = deflate.compress(_BLOCK) + deflate.flush(zlib.Z_FULL_FLUSH)
    crc = zlib.crc32(head)
    for _ in range(size // MB):
        crc = zlib.crc32(_BLOCK, crc)
        yield block
    yield deflate.compress(tail) + deflate.flush(zlib.Z_FINISH)
    crc = zlib.crc32(tail, crc)
    yield struct.pack("<II", crc, (len(head) + size + len(tail)) & 0xFFFFFFFF)


def gzip_bomb(size: int, head: bytes = b"", tail: bytes = b"") -> bytes:
    """gzip of ``head + b" " * size + tail`` (``size`` in whole megabytes)."""
    return b"".join(_blocks(size, head, tail))


def write_gzip_bomb(path: Path, size: int, head: bytes = b"", tail: bytes = b"") -> Path:
    """:func:`gzip_bomb` written to ``path``; the path."""
    with path.open("wb") as out:
        for piece in _blocks(size, head, tail):
            out.write(piece)
    return path
