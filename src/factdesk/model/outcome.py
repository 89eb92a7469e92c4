"""What became of one page: the one result every path makes of a page.

:func:`factdesk.pipeline.process` gives one :class:`PageOutcome` per page, and
so do the CLI's ``clean``/``analyze``, the batch shards and the web app's
submission, all through it.  An outcome carries the page's metadata (never
its bytes) and exactly one of: an article (with its analysis when analysed),
a :class:`~factdesk.model.Rejection` with its reason slug, or an input error
(a page that could not be read) with its reason slug.  Batch shard files hold
one outcome per JSON line (:meth:`PageOutcome.to_json`), read back by the
single loader that writes to SQLite.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .analysis import Analysis
from .page import Article, Page, ProblemReason, Rejection, content_id
from .serial import from_dict, to_dict

__all__ = ["PageOutcome", "page_key"]


def page_key(page: Page) -> str:
    """What makes two pages versions of one document: the URL, else the source."""
    return page.url or page.source


@dataclass(frozen=True, slots=True, kw_only=True)
class PageOutcome:
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
    def of_page(cls, page: Page, **outcome: Any) -> PageOutcome:
        """The outcome for ``page`` with its metadata (``article``/``analysis``
        or ``rejection`` given as keywords)."""
        size = len(page.data) if page.data is not None else len(page.text or "")
        return cls(source=page.source, page_id=page.id, key=page_key(page), url=page.url,
                   content_type=page.content_type, size=size,
                   fetched=page.fetched.isoformat() if page.fetched else None, **outcome)

    @classmethod
    def failure(cls, source: str, message: str, reason: str) -> PageOutcome:
        """A source, or a page of one, that could not be read (``reason`` is a slug
        such as ``unreadable`` or ``fetch_failed``)."""
        return cls(source=source, error=message, reason=reason)

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
        """The outcome as plain JSON-ready data (what the store's writer takes)."""
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
    def from_json(cls, line: str) -> PageOutcome:
        data = json.loads(line)
        for name in ("article", "analysis", "rejection"):
            if name in data:
                data[name] = from_dict(data[name])
        return cls(**data)
