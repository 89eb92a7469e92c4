"""Bytes to text: the one place a page's encoding is decided.

Order of evidence, cheapest and surest first:

1. a byte-order mark (UTF-8, UTF-16, UTF-32) settles it;
2. magic bytes of images, PDFs, archives and executables, or a high share of
   control bytes, mean the page is binary;
3. bytes that are valid UTF-8 and hold non-ASCII text are UTF-8 whatever the
   page declares (a wrong ``charset=iso-8859-1`` is common; valid multi-byte
   UTF-8 by accident is not);
4. the declared charset (HTTP ``Content-Type``, then ``<meta charset>``) when
   the bytes decode under it;
5. charset-normalizer's guess otherwise.

Latin-1 and ASCII labels decode as cp1252, as browsers do (curly quotes and
the euro sign live in 0x80-0x9F).  Only step 5 reads more than the first
kilobytes, so large pages with a good declaration stay fast.
"""

from __future__ import annotations

import codecs
import dataclasses
import logging
import re

from ..model import Page, RejectReason, Rejection

__all__ = ["decode_page", "sniff_binary"]

log = logging.getLogger(__name__)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# (magic bytes, offset, what)
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", 0, "PNG image"),
    (b"\xff\xd8\xff", 0, "JPEG image"),
    (b"GIF87a", 0, "GIF image"),
    (b"GIF89a", 0, "GIF image"),
    (b"%PDF-", 0, "PDF document"),
    (b"PK\x03\x04", 0, "zip archive"),
    (b"PK\x05\x06", 0, "zip archive"),
    (b"\x1f\x8b", 0, "gzip data"),
    (b"\x28\xb5\x2f\xfd", 0, "zstd data"),
    (b"\xfd7zXZ\x00", 0, "xz data"),
    (b"7z\xbc\xaf\x27\x1c", 0, "7z archive"),
    (b"Rar!\x1a\x07", 0, "rar archive"),
    (b"\x7fELF", 0, "executable"),
    (b"\x00asm", 0, "WebAssembly"),
    (b"\x00\x00\x01\x00", 0, "icon"),
    (b"OggS", 0, "Ogg media"),
    (b"fLaC", 0, "FLAC audio"),
    (b"ID3", 0, "MP3 audio"),
    (b"ftyp", 4, "MP4 media"),
    (b"\x1aE\xdf\xa3", 0, "Matroska/WebM media"),
    (b"wOFF", 0, "web font"),
    (b"wOF2", 0, "web font"),
    (b"II*\x00", 0, "TIFF image"),
    (b"MM\x00*", 0, "TIFF image"),
    (b"SQLite format 3\x00", 0, "SQLite database"),
)
_RIFF_KINDS = {b"WEBP": "WebP image", b"WAVE": "WAV audio", b"AVI ": "AVI video"}
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.+-]{2,40})""",
                           re.IGNORECASE)
# Labels browsers treat as windows-1252 (the WHATWG Encoding Standard).
_AS_CP1252 = {"ascii", "latin_1", "iso8859_1", "cp1252"}
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"
_SAMPLE = 8192


def _reject(page: Page, reason: RejectReason, message: str) -> Rejection:
    return Rejection(source=page.source, reason=reason, message=message, page_id=page.id)


def sniff_binary(data: bytes) -> str | None:
    """What kind of binary file ``data`` is, or ``None`` when it may be text."""
    for magic, offset, what in _MAGIC:
        if data[offset:offset + len(magic)] == magic:
            return what
    if data[:4] == b"RIFF" and data[8:12] in _RIFF_KINDS:
        return _RIFF_KINDS[data[8:12]]
    sample = data[:_SAMPLE]
    if not sample:
        return None
    controls = len(sample) - len(sample.translate(None, _CONTROL))
    if controls / len(sample) > 0.02:
        return "binary data (control bytes)"
    return None


def _codec(label: str | None) -> str | None:
    """The Python codec for an encoding label, or ``None`` when unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in ("x-user-defined", "binary", "none"):
        return None
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return "cp1252" if name.replace("-", "_") in _AS_CP1252 else name


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:2000]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _decoded(page: Page, text: str, encoding: str) -> Page | Rejection:
    if not text.strip():
        return _reject(page, RejectReason.EMPTY, "the page holds only whitespace")
    sample = text[:_SAMPLE]
    controls = sum(1 for ch in sample if ch < " " and ch not in "\t\n\r\f")
    if controls / len(sample) > 0.02:
        return _reject(page, RejectReason.BINARY,
                       f"the page decodes ({encoding}) to mostly control characters")
    return dataclasses.replace(page, text=text, detected_encoding=encoding)


def _try(data: bytes, codec: str | None) -> str | None:
    if not codec:
        return None
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_page(page: Page) -> Page | Rejection:
    """The page with ``text`` and ``detected_encoding`` set, or a rejection.

    Rejections: ``empty`` (no bytes, or whitespace only), ``binary`` (an image,
    archive, PDF ... or control-byte soup) and ``undecodable`` (no encoding
    reads it).
    """
    data = page.data
    if data is None:
        if page.text is not None and page.text.strip():
            return page
        return _reject(page, RejectReason.EMPTY, "the page has no content")
    if not data.strip():
        return _reject(page, RejectReason.EMPTY, "the page has no content")

    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = data[len(bom):].decode(codec, errors="replace")
            return _decoded(page, text, codec.removesuffix("-le").removesuffix("-be"))

    declared = _codec(page.declared_encoding)
    wide = declared if declared and declared.startswith(("utf_16", "utf_32", "utf-16", "utf-32")) \
        else _utf16_without_bom(data)
    if wide:
        text = _try(data, wide)
        if text is not None:
            return _decoded(page, text, wide)

    what = sniff_binary(data)
    if what:
        return _reject(page, RejectReason.BINARY, f"the page is {what}, not text")

    text = _try(data, "utf-8")
    if text is not None:
        if declared and text.isascii():
            return _decoded(page, text, declared if _try(b"a", declared) == "a" else "utf-8")
        return _decoded(page, text, "utf-8")

    match = _META_CHARSET.search(data[:4096])
    in_meta = _codec(match.group(1).decode("ascii")) if match else None
    for codec in dict.fromkeys(c for c in (declared, in_meta) if c and c != "utf-8"):
        text = _try(data, codec)
        if text is not None:
            return _decoded(page, text, codec)

    guess = _guess(data)
    if guess is not None:
        text, codec = guess
        return _decoded(page, text, codec)
    log.debug("%s: no encoding decodes the page", page.source)
    return _reject(page, RejectReason.UNDECODABLE,
                   "no encoding decodes the page; pass its encoding as declared_encoding")


def _guess(data: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        return None
    codec = _codec(best.encoding) or best.encoding
    text = _try(data, codec)
    if text is None:
        return None
    return text, codec
