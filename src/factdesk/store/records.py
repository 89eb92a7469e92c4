"""What a batch worker hands to the loader: one page and what became of it.

A :class:`PageRecord` is the unit written to shard result files (one JSON line
each, via :meth:`to_json`) and read back by the single loader that writes to
SQLite.  It carries the page's metadata (never its bytes), and either an
article with its analysis, a rejection with its reason slug, or an input error.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..model import (Analysis, Article, Page, ProblemReason, Rejection, content_id, from_dict,
                     to_dict)

__all__ = ["PageRecord", "page_key", "reject_of"]


def page_key(page: Page) -> str:
    """What makes two pages versions of one document: the URL, else the source."""
    return page.url or page.source


def reject_of(data: dict[str, Any]) -> tuple[str, str, str] | None:
    """``(id, reason, message)`` when record data (:meth:`PageRecord.to_data`) is a reject."""
    rejection = data.get("rejection")
    if rejection is not None:
        reason, message = rejection["reason"], rejection.get("message", "")
    elif data.get("error") is not None:
        reason, message = data.get("reason") or ProblemReason.UNREADABLE, data["error"]
    else:
        return None
    return data.get("page_id") or content_id(data["source"], reason), reason, message


@dataclass(frozen=True, slots=True, kw_only=True)
class PageRecord:
    """One page's outcome.  ``page_id`` is ``None`` only for input errors."""

    source: str
    page_id: str | None = None
    key: str | None = None
    url: str | None = None
    content_type: str | None = None
    size: int | None = None
    fetched: str | None = None
    article: Article | None = None
    analysis: Analysis | None = None
    rejection: Rejection | None = None
    error: str | None = None
    reason: str | None = None

    @classmethod
    def of_page(cls, page: Page, **outcome: Any) -> PageRecord:
        size = len(page.data) if page.data is not None else len(page.text or "")
        return cls(source=page.source, page_id=page.id, key=page_key(page), url=page.url,
                   content_type=page.content_type, size=size,
                   fetched=page.fetched.isoformat() if page.fetched else None, **outcome)

    @property
    def reject_reason(self) -> str | None:
        """The reason slug when this page gave no article."""
        if self.rejection is not None:
            return self.rejection.reason.value
        if self.error is not None:
            return self.reason or ProblemReason.UNREADABLE
        return None

    @property
    def reject_id(self) -> str:
        """A stable id for this reject: the page, or the source and reason."""
        return self.page_id or content_id(self.source, self.reject_reason)

    def to_json(self) -> str:
        return json.dumps(self.to_data(), ensure_ascii=False)

    def to_data(self) -> dict[str, Any]:
        """The record as plain JSON-ready data (what the writer stores)."""
        data: dict[str, Any] = {"source": self.source}
        for name in ("page_id", "key", "url", "content_type", "size", "fetched", "error",
                     "reason"):
            value = getattr(self, name)
            if value is not None:
                data[name] = value
        for name in ("article", "analysis", "rejection"):
            value = getattr(self, name)
            if value is not None:
                data[name] = to_dict(value)
        return data

    @classmethod
    def from_json(cls, line: str) -> PageRecord:
        data = json.loads(line)
        for name in ("article", "analysis", "rejection"):
            if name in data:
                data[name] = from_dict(data[name])
        return cls(**data)
