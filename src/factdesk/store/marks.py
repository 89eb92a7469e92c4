"""Marked text: where a search matched inside a snippet or a name.

FTS5's ``snippet()``/``highlight()`` and :func:`mark_words` put
:data:`MARK_START` and :data:`MARK_END` (private-use characters that never
occur in news text) around each match; :func:`segments` turns marked text into
``{"text", "match"}`` pieces for templates and the API, so no snippet is ever
treated as markup, and :func:`bracketed` shows the marks as ``[`` and ``]``
for a terminal.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["MARK_END", "MARK_START", "bracketed", "mark_words", "segments"]

MARK_START, MARK_END = "\ue000", "\ue001"


def segments(marked: str | None) -> list[dict[str, Any]]:
    """``[{"text": ..., "match": bool}]`` for marked text."""
    out: list[dict[str, Any]] = []
    for piece in re.split(f"({MARK_START}[^{MARK_END}]*{MARK_END})", marked or ""):
        if not piece:
            continue
        if piece.startswith(MARK_START):
            out.append({"text": piece[1:-1], "match": True})
        else:
            out.append({"text": piece.replace(MARK_START, "").replace(MARK_END, ""),
                        "match": False})
    return out


def bracketed(marked: str) -> str:
    """Marked text with each match in ``[`` and ``]``."""
    return marked.replace(MARK_START, "[").replace(MARK_END, "]")


def mark_words(text: str, query: str) -> str:
    """``text`` with every word of ``query`` marked (for hits without an FTS snippet)."""
    words = [re.escape(w) for w in re.findall(r"\w+", query)]
    if not words:
        return text
    return re.sub("(" + "|".join(words) + ")", f"{MARK_START}\\1{MARK_END}", text,
                  flags=re.IGNORECASE)
