"""Files that list sources, one a line (``--input-file``), told apart from pages.

A list holds URLs, paths, globs or feeds, one per line; blank lines and lines
starting with ``#`` are skipped.  :func:`looks_like_source_list` spots such a
file given where a page was expected (``trafilatura -i urls.txt`` habits), so
the command line can say what to do instead of cleaning the list as a page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

__all__ = ["looks_like_source_list", "read_source_list"]

_URL = re.compile(r"https?://\S+\Z", re.IGNORECASE)
_MAX_LIST_BYTES = 1_000_000  # a bigger file is read as a page, as before


def read_source_list(lines: Iterable[str]) -> tuple[str, ...]:
    """The sources named by ``lines``: stripped, without blanks and ``#`` comments."""
    found = []
    for line in lines:
        line = line.strip()
        if line and not line.startswith("#"):
            found.append(line)
    return tuple(found)


def looks_like_source_list(path: str | Path) -> bool:
    """Whether ``path`` is a text file whose every source line is an http(s) URL."""
    file = Path(path)
    try:
        if not file.is_file() or file.stat().st_size > _MAX_LIST_BYTES:
            return False
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    sources = read_source_list(text.splitlines())
    return bool(sources) and all(_URL.match(s) for s in sources)
