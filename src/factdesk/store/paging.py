"""Paging through a list the store reads: which slice was asked for, and what came back.

Every list the read API answers (search hits, claims, articles) is one
:class:`ResultPage`: the items of the asked :class:`Paging` slice, the total
the filters let through (searches stop counting at a cap: ``total_capped``
then says there are more), and the offset of the next page (``None`` on the
last one).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

__all__ = ["Paging", "ResultPage"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True, kw_only=True)
class Paging:
    """``limit`` items from ``offset`` on."""

    limit: int = 20
    offset: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class ResultPage(Generic[T]):
    """One page of a list and the total number of items in the whole list."""

    items: tuple[T, ...]
    total: int
    paging: Paging
    total_capped: bool = False  # there are more than ``total`` (counting stopped there)

    @property
    def next_offset(self) -> int | None:
        """Where the next page starts, or ``None`` when this one is the last."""
        following = self.paging.offset + len(self.items)
        if self.total_capped:
            return following if len(self.items) == self.paging.limit else None
        return following if following < self.total and self.items else None

    def to_dict(self, shape: Callable[[T], Any] | None = None) -> dict[str, Any]:
        """The page as JSON-ready data, each item passed through ``shape`` if given."""
        items = [shape(item) for item in self.items] if shape else list(self.items)
        return {"items": items, "total": self.total, "total_capped": self.total_capped,
                "limit": self.paging.limit, "offset": self.paging.offset,
                "next_offset": self.next_offset}
