"""The current time, the one way factdesk reads it: timezone-aware UTC.

:func:`utc_now` is the moment; :func:`utc_stamp` the text the store keeps
(ISO 8601 to the second, ``2024-03-14T16:20:00+00:00``), which sorts as time does.
"""

from __future__ import annotations

from datetime import UTC, datetime

__all__ = ["utc_now", "utc_stamp"]


def utc_now() -> datetime:
    """Now, in UTC, timezone-aware."""
    return datetime.now(UTC)


def utc_stamp(moment: datetime | None = None) -> str:
    """``moment`` (a UTC datetime; default now) as stored: ISO 8601 to the second."""
    return (moment or utc_now()).isoformat(timespec="seconds")
