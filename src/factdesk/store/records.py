"""What the loader writes: one :class:`~factdesk.model.PageOutcome` per page.

The store takes page outcomes as they are and as plain data
(:meth:`~factdesk.model.PageOutcome.to_data`), which :func:`reject_of` reads.
"""

from __future__ import annotations

from typing import Any

from ..model import ProblemReason, content_id, page_key

__all__ = ["page_key", "reject_of"]


def reject_of(data: dict[str, Any]) -> tuple[str, str, str] | None:
    """``(id, reason, message)`` when outcome data (:meth:`PageOutcome.to_data`) is a reject."""
    rejection = data.get("rejection")
    if rejection is not None:
        reason, message = rejection["reason"], rejection.get("message", "")
    elif data.get("error") is not None:
        reason, message = data.get("reason") or ProblemReason.UNREADABLE, data["error"]
    else:
        return None
    return data.get("page_id") or content_id(data["source"], reason), reason, message
