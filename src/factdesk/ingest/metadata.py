"""Archive metadata joined to pages: a CSV or TSV file with a header row.

Columns are matched by name, case-insensitively: the page (``file``,
``filename``, ``path`` or ``url``), and any of ``outlet`` / ``publisher``,
``date`` / ``published`` / ``publication_date``, ``title`` / ``headline`` and
``author`` / ``byline``.  Other columns are ignored.  A row names its page by
path, file name or file stem (``metadata.tsv`` of PolNeAR names files without
folder or extension), or by URL.

The whole file is read and checked before any page is touched: a missing
column, a bad date, a line longer than :data:`MAX_LINE`, two rows for one page
or a file that names none of the pages raises :class:`MetadataError` naming the
row, and nothing is ingested.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path, PurePath
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..errors import InputError
from ..model import PageHints, content_id

__all__ = ["MAX_LINE", "ArchiveMetadata", "MetadataError", "MetadataRow", "read_metadata",
           "unmatched_note", "unmatched_rows", "with_hints"]

#: The longest line (in characters) a metadata file may have.
MAX_LINE = 65_536
#: The longest metadata file read, in bytes.
MAX_FILE = 256 * 1024 * 1024

_COLUMNS = {
    "key": ("file", "filename", "file_name", "path", "url"),
    "outlet": ("outlet", "publisher", "site_name"),
    "published": ("date", "published", "publication_date", "pub_date", "published_at"),
    "headline": ("title", "headline"),
    "author": ("author", "authors", "byline"),
}
_EMPTY = frozenset({"", "none", "null", "n/a", "na", "-"})
_AUTHORS = re.compile(r"\s*(?:;|\|| and )\s*")


class MetadataError(InputError):
    """A metadata file that cannot be used as it is; the message names the row."""


@dataclass(frozen=True, slots=True, kw_only=True)
class MetadataRow:
    """One row of the file: its line number, the page it names and its hints."""

    line: int
    key: str
    hints: PageHints


@dataclass(frozen=True, slots=True, kw_only=True)
class ArchiveMetadata:
    """The rows of one metadata file, checked; look pages up with :meth:`hints_for`."""

    path: str
    rows: tuple[MetadataRow, ...]
    digest: str
    index: dict[str, MetadataRow] = field(default_factory=dict, compare=False, repr=False)

    def row_for(self, location: str) -> MetadataRow | None:
        """The row naming ``location`` (a path or URL): by whole location, file
        name or file stem, in that order."""
        for key in _lookup_keys(location):
            if key in self.index:
                return self.index[key]
        return None

    def hints_for(self, location: str) -> PageHints | None:
        row = self.row_for(location)
        return row.hints if row is not None else None


def _lookup_keys(location: str) -> list[str]:
    text = location.strip()
    if "://" in text:
        return [text, text.rstrip("/")]
    path = PurePath(text)
    name = path.name
    stem = name
    for suffix in (".gz", ".html", ".htm", ".txt", ".xhtml"):
        stem = stem.removesuffix(suffix)
    return [text.replace("\\", "/"), name, stem]


def _row_key(value: str) -> str:
    """How a row's page cell is stored for lookup (its normalised path or URL)."""
    value = value.strip()
    if "://" in value:
        return value.rstrip("/")
    return value.replace("\\", "/")


def read_metadata(path: str | Path, *, default_timezone: str = "UTC") -> ArchiveMetadata:
    """Read and check a metadata file; :class:`MetadataError` names the bad row."""
    name = str(path)
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE + 1)
    except OSError as exc:
        raise MetadataError(f"{name}: cannot read the metadata file ({exc.strerror or exc})") \
            from exc
    if len(data) > MAX_FILE:
        raise MetadataError(f"{name}: larger than {MAX_FILE:,} bytes; split it")
    try:
        text = data.decode("utf-8-sig")  # a byte-order mark is not part of the header
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise MetadataError(f"{name}, line {line}: not UTF-8 text; save the file as UTF-8") \
            from exc
    for number, line in enumerate(text.splitlines(), start=1):
        if len(line) > MAX_LINE:
            raise MetadataError(f"{name}, line {number}: {len(line):,} characters, more than "
                                f"{MAX_LINE:,}; is this a metadata file?")
    return _parse(name, text, _zone(default_timezone, name))


def _zone(name: str, path: str) -> ZoneInfo:
    """The zone for dates without an offset: ``default_timezone``, else UTC."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise MetadataError(f"{path}: unknown default_timezone {name!r}") from exc


def _parse(name: str, text: str, zone: ZoneInfo) -> ArchiveMetadata:
    if not text.strip():
        raise MetadataError(f"{name}: the file is empty; it needs a header row and one row "
                            "per page")
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") >= max(1, first.count(",")) else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except csv.Error as exc:
        raise MetadataError(f"{name}, line 1: {exc}") from exc
    columns = _columns(name, header)
    rows: list[MetadataRow] = []
    seen: dict[str, int] = {}
    try:
        for cells in reader:
            line = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                raise MetadataError(f"{name}, line {line}: {len(cells)} cells, the header has "
                                    f"{len(header)}; check the quoting and the delimiter")
            row = _row(name, line, cells, header, columns, zone)
            if row.key in seen:
                raise MetadataError(f"{name}, line {line}: names {row.key!r} again "
                                    f"(first on line {seen[row.key]})")
            seen[row.key] = line
            rows.append(row)
    except csv.Error as exc:
        raise MetadataError(f"{name}, line {reader.line_num}: {exc}") from exc
    if not rows:
        raise MetadataError(f"{name}: a header but no rows")
    return ArchiveMetadata(path=name, rows=tuple(rows), digest=content_id(text),
                           index={row.key: row for row in rows})


def _columns(name: str, header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for key, names in _COLUMNS.items():
        for column in names:
            if column in header:
                found[key] = header.index(column)
                break
    if "key" not in found:
        raise MetadataError(f"{name}, line 1: no column names the page; add one of "
                            f"{', '.join(_COLUMNS['key'])} (header: {', '.join(header)})")
    if len(found) == 1:
        wanted = ", ".join(n for f, names in _COLUMNS.items() if f != "key" for n in names[:1])
        raise MetadataError(f"{name}, line 1: no metadata column; add at least one of {wanted}")
    return found


def _row(name: str, line: int, cells: list[str], header: list[str],
         columns: dict[str, int], zone: ZoneInfo) -> MetadataRow:
    def cell(field: str) -> str | None:
        if field not in columns:
            return None
        value = " ".join(cells[columns[field]].split())
        return None if value.lower() in _EMPTY else value

    def column(field: str) -> str:
        return f"{name}, line {line}, column {header[columns[field]]!r}"

    key = cell("key")
    if key is None:
        raise MetadataError(f"{column('key')}: the page cell is empty; name the page's file "
                            "or URL")
    published = cell("published")
    author = cell("author")
    hints = PageHints(outlet=cell("outlet"), headline=cell("headline"),
                      published=_date(column("published"), published, zone) if published
                      else None,
                      bylines=tuple(a for a in _AUTHORS.split(author) if a) if author else (),
                      origin=f"{PurePath(name).name}:{line}")
    return MetadataRow(line=line, key=_row_key(key), hints=hints)


def _date(where: str, value: str, zone: ZoneInfo) -> datetime:
    """An ISO 8601 date or date-time; a date alone is midnight in ``zone``, and so
    is a date-time without an offset taken in ``zone``.  ``where`` names the cell."""
    text = value.strip().replace("Z", "+00:00") if value.endswith("Z") else value.strip()
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time(0), tzinfo=zone)
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise MetadataError(f"{where}: {value!r} is not a date; write dates as "
                            "YYYY-MM-DD or an ISO 8601 date-time") from None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=zone)


def with_hints(metadata: ArchiveMetadata, locations: list[str]) -> dict[str, PageHints]:
    """Hints for each location that a row names; :class:`MetadataError` when no
    row names any of them (the file belongs to another archive)."""
    found = {loc: row.hints for loc in locations
             if (row := metadata.row_for(loc)) is not None}
    if locations and not found:
        sample = ", ".join(repr(r.key) for r in metadata.rows[:3])
        raise MetadataError(f"{metadata.path}: none of its {len(metadata.rows)} rows names one of "
                            f"the {len(locations)} pages (line {metadata.rows[0].line} names "
                            f"{metadata.rows[0].key!r}; rows name {sample}, ...); name pages by "
                            "path, file name, file stem or URL")
    return found


def unmatched_rows(metadata: ArchiveMetadata, locations: list[str]) -> list[MetadataRow]:
    """The rows that name none of ``locations``."""
    used = {id(row) for loc in locations if (row := metadata.row_for(loc)) is not None}
    return [row for row in metadata.rows if id(row) not in used]


def unmatched_note(metadata: ArchiveMetadata, rows: list[MetadataRow], shown: int = 3) -> str:
    """A line naming the rows that name no given page (the first ``shown`` of them)."""
    named = ", ".join(f"line {r.line} names {r.key!r}" for r in rows[:shown])
    more = f" and {len(rows) - shown} more" if len(rows) > shown else ""
    return (f"{metadata.path}: {len(rows)} of its {len(metadata.rows)} rows name no page "
            f"given ({named}{more}); their pages were not ingested")
