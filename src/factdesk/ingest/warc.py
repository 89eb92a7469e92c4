"""Pages from WARC files (plain or gzipped per record, as Common Crawl's CC-NEWS).

:func:`warc_refs` walks an archive once and lists every HTML or text
``response``/``resource`` record by byte offset; :func:`read_warc_record`
reads one record back by its offset (so batch workers each read only their
own records).  A truncated or corrupt archive gives every readable record and
one :class:`~factdesk.ingest.refs.SourceProblem` for the rest.

Record bodies are read a chunk at a time: listing skips each body without
undoing its HTTP ``Content-Encoding``, and reading a record back undoes it
through :mod:`.bounded`, stopping one byte past the page limit, so a record
that inflates to gigabytes costs no more memory than one at the limit.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from datetime import datetime
from email.message import Message

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..errors import InputError
from ..model import Page, ProblemReason
from .bounded import CHUNK, read_stream_bounded
from .refs import PageRef, SourceProblem

__all__ = ["WARC_SUFFIXES", "is_warc", "read_warc_record", "warc_refs"]

log = logging.getLogger(__name__)

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
_PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
#: What reading a broken archive can raise (warcio, gzip and zlib errors).
_BROKEN = (ArchiveLoadFailed, OSError, EOFError, ValueError, IndexError, AttributeError)


def is_warc(path: str) -> bool:
    return path.lower().endswith(WARC_SUFFIXES)


def _content_type(record) -> str | None:
    headers = record.http_headers
    header = (headers.get_header("Content-Type") if headers is not None
              else record.rec_headers.get_header("Content-Type"))
    if not header:
        return None
    message = Message()
    message["content-type"] = header
    return message.get_content_type()


def _skip(stream) -> None:
    """Read a record's body to its end, a chunk at a time, without undoing its
    HTTP content encoding (listing needs only where each record ends)."""
    while stream.read(CHUNK):
        pass


def warc_refs(path: str) -> Iterator[PageRef | SourceProblem]:
    """A ref for every page record of the archive at ``path``, in file order."""
    count = 0
    end = 0
    try:
        with open(path, "rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            records = ArchiveIterator(stream)
            arc = path.lower().endswith((".arc", ".arc.gz"))
            for record in records:
                if not arc and not str(record.format).startswith("warc"):
                    raise ArchiveLoadFailed("not a WARC record")
                kind = _content_type(record)
                _skip(record.raw_stream)
                if getattr(record.raw_stream, "limit", 0):
                    raise EOFError("a record is cut short")
                offset = records.get_record_offset()
                end = offset + records.get_record_length()
                if record.rec_type not in ("response", "resource") or (
                        kind is not None and kind not in _PAGE_TYPES):
                    continue
                count += 1
                yield PageRef(kind="warc", location=path, offset=offset, origin=path)
            if size - end > 4:  # a last gzip member cut short is skipped silently
                raise EOFError(f"{size - end} bytes after the last whole record")
    except FileNotFoundError:
        yield SourceProblem(source=path, reason=ProblemReason.UNREADABLE, message=f"{path}: no such file")
    except _BROKEN as exc:
        reason = ProblemReason.TRUNCATED_RECORD if count or isinstance(exc, EOFError) else ProblemReason.CORRUPT_ARCHIVE
        yield SourceProblem(
            source=path, reason=reason,
            message=f"{path}: the archive is truncated or corrupt after {count} page records "
                    f"({type(exc).__name__}: {exc}); the records before it were read")


def read_warc_record(path: str, offset: int, *, limit: int) -> Page:
    """The page in the record at byte ``offset`` of the archive at ``path``."""
    try:
        with open(path, "rb") as stream:
            stream.seek(offset)
            record = next(iter(ArchiveIterator(stream)))
            data = read_stream_bounded(record.content_stream(), limit, layers=0)
            url = record.rec_headers.get_header("WARC-Target-URI")
            date = record.rec_headers.get_header("WARC-Date")
            headers = record.http_headers
            header = headers.get_header("Content-Type") if headers is not None else None
    except (*_BROKEN, StopIteration) as exc:
        raise InputError(f"{path}#{offset}: the WARC record cannot be read ({exc})") from exc
    message = Message()
    if header:
        message["content-type"] = header
    fetched = None
    if date:
        try:
            fetched = datetime.fromisoformat(date.replace("Z", "+00:00"))
        except ValueError:
            fetched = None
    return Page(source=url or f"{path}#{offset}", url=url, data=data,
                content_type=message.get_content_type() if header else None,
                declared_encoding=message.get_param("charset") if header else None,
                fetched=fetched)
