"""Read pages from files, folders, globs and standard input (for :mod:`.sources`).

Reading never decodes: a :class:`~factdesk.model.Page` carries the raw bytes
and what is known about them (gzip is undone by :mod:`.bounded`, the content
type guessed from the file name).  Decoding and sniffing belong to the clean stage.
"""

from __future__ import annotations

import glob
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError
from ..model import Page
from .bounded import read_stream_bounded

__all__ = ["PAGE_SUFFIXES", "expand_path", "read_path", "read_stream"]

#: File name endings read when a folder is given.
PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".txt", ".html.gz", ".htm.gz", ".txt.gz")
_TYPES = {".html": "text/html", ".htm": "text/html", ".xhtml": "text/html", ".txt": "text/plain"}


def _content_type(name: str) -> str | None:
    name = name.lower().removesuffix(".gz")
    for suffix, kind in _TYPES.items():
        if name.endswith(suffix):
            return kind
    return None


def _read(stream: BinaryIO, source: str, limit: int) -> bytes:
    try:
        return read_stream_bounded(stream, limit)
    except InputError as exc:
        raise InputError(f"{source}: {exc}") from exc


def read_path(path: str | Path, *, limit: int = 200_000_000) -> Page:
    """Read one file as a page (gzip is undone, streamed; ``limit + 1`` bytes at most
    are kept, so a page over the limit can be told from one just at it)."""
    file = Path(path)
    try:
        with file.open("rb") as stream:
            data = _read(stream, str(file), limit)
    except FileNotFoundError as exc:
        raise InputError(f"{file}: no such file; check the path") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{file}: is a folder; name it as a source to read its pages") from exc
    except OSError as exc:
        raise InputError(f"{file}: cannot be read ({exc.strerror})") from exc
    return Page(source=str(file), data=data, content_type=_content_type(file.name),
                fetched=datetime.fromtimestamp(file.stat().st_mtime, UTC))


def read_stream(stream: BinaryIO, *, source: str = "-", limit: int = 200_000_000) -> Page:
    """Read a page from a binary stream such as ``sys.stdin.buffer``."""
    return Page(source=source, data=_read(stream, source, limit), fetched=datetime.now(UTC))


def expand_path(source: str, suffixes: tuple[str, ...], empty: str) -> Iterator[str]:
    """Files for one local source: the file itself, a folder's files whose names end
    in ``suffixes`` (sorted), or a glob's matches; ``empty`` says what an empty
    folder lacks.  A source that matches nothing raises :class:`InputError`."""
    path = Path(source)
    if path.is_dir():
        found = sorted(str(p) for p in path.rglob("*")
                       if p.is_file() and p.name.lower().endswith(suffixes))
        if not found:
            raise InputError(f"{source}: {empty}")
        yield from found
    elif path.exists():
        yield str(path)
    elif glob.has_magic(source):
        matches = sorted(glob.glob(source, recursive=True))
        if not matches:
            raise InputError(f"{source}: the pattern matches no file")
        yield from matches
    else:
        raise InputError(f"{source}: no such file or folder")
