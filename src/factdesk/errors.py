"""factdesk's one error tree.

::

    FactdeskError                 anything factdesk raises on purpose
    ├── ConfigError               a bad setting, settings file or CLI value
    ├── InputError                a source that cannot be read at all
    │   └── FetchError            a URL that could not be fetched
    ├── ExtractError              the clean stage failed on a page it accepted
    ├── StoreError                the database cannot be opened, read or written
    └── RejectedPage              a page produced no article (carries a Rejection)

A page that produces no article is a *normal outcome*: library functions return
a :class:`factdesk.model.Rejection` with a stable reason slug.  ``RejectedPage``
exists for callers who prefer an exception (``clean_page(..., strict=True)``).
Messages say what to do next.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Rejection

__all__ = [
    "ConfigError",
    "ExtractError",
    "FactdeskError",
    "FetchError",
    "InputError",
    "RejectedPage",
    "StoreError",
]


class FactdeskError(Exception):
    """The root of every error factdesk raises on purpose."""


class ConfigError(FactdeskError):
    """A setting, settings file or command-line value is invalid."""


class InputError(FactdeskError):
    """A source could not be read (missing file, unreadable stream)."""


class FetchError(InputError):
    """A URL could not be fetched."""


class ExtractError(FactdeskError):
    """Cleaning failed unexpectedly on a page that was accepted."""


class StoreError(FactdeskError):
    """The database cannot be opened, read or written."""


class RejectedPage(FactdeskError):
    """A page produced no article; ``rejection`` says why."""

    def __init__(self, rejection: Rejection) -> None:
        super().__init__(f"{rejection.source}: {rejection.reason.value}: {rejection.message}")
        self.rejection = rejection
