"""factdesk's one error tree.

::

    FactdeskError                 anything factdesk raises on purpose
    ├── ConfigError               a bad setting, settings file or CLI value
    │   └── ModelFormatError      a model weights file that cannot be read or does not
    │                             fit this version's features (also a ValueError)
    ├── InputError                a source that cannot be read at all
    │   ├── FetchError            a URL that could not be fetched
    │   ├── PayloadTooLarge       a paste or upload over the size the web app takes
    │   └── BadParameter          a list's filter, paging or sort value that is not valid
    ├── ExtractError              the clean stage failed on a page it accepted
    ├── NotFound                  no article, entity, claim, user ... with that id
    ├── StoreError                the database cannot be opened, read or written
    │   └── QuerySyntaxError      a search query that cannot be parsed (says why)
    ├── RejectedPage              a page produced no article (carries a Rejection)
    ├── AuthError                 not logged in, or a wrong name or password
    ├── Forbidden                 logged in but not allowed (CSRF, another's comment)
    ├── RateLimited               too many attempts; wait ``retry_after`` seconds
    └── DeliveryError             a notification could not be delivered (push, webhook,
                                  e-mail), or a delivery target is not acceptable

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
    "AuthError",
    "BadParameter",
    "ConfigError",
    "DeliveryError",
    "ExtractError",
    "FactdeskError",
    "FetchError",
    "Forbidden",
    "InputError",
    "ModelFormatError",
    "NotFound",
    "PayloadTooLarge",
    "QuerySyntaxError",
    "RateLimited",
    "RejectedPage",
    "StoreError",
]


class FactdeskError(Exception):
    """The root of every error factdesk raises on purpose."""


class ConfigError(FactdeskError):
    """A setting, settings file or command-line value is invalid."""


class ModelFormatError(ConfigError, ValueError):
    """A model weights file cannot be read, or was trained on other features:
    retrain it with the script its message names, or point the setting elsewhere."""


class InputError(FactdeskError):
    """A source could not be read (missing file, unreadable stream)."""


class FetchError(InputError):
    """A URL could not be fetched."""


class PayloadTooLarge(InputError):
    """A paste or upload is over ``max_paste_bytes`` (the web app answers 413)."""


class BadParameter(InputError):
    """A filter, paging or sort value of a list is not valid (a date that is no
    calendar day, an unknown stance); the message names the parameter and what it
    takes (the web app answers 400)."""


class ExtractError(FactdeskError):
    """Cleaning failed unexpectedly on a page that was accepted."""


class NotFound(FactdeskError):
    """Nothing with that id (an article, entity, claim, user, comment, webhook)."""


class StoreError(FactdeskError):
    """The database cannot be opened, read or written."""


class QuerySyntaxError(StoreError):
    """A search query is malformed (an unbalanced quote, a dangling OR, nothing to
    search for); the message names the problem (the web app answers 400)."""


class RejectedPage(FactdeskError):
    """A page produced no article; ``rejection`` says why."""

    def __init__(self, rejection: Rejection) -> None:
        super().__init__(f"{rejection.source}: {rejection.reason.value}: {rejection.message}")
        self.rejection = rejection


# -- accounts and permissions (the web app's people side) -----------------------------------


class AuthError(FactdeskError):
    """Not logged in, or the name and password do not match: log in and try again."""


class Forbidden(FactdeskError):
    """Logged in, but not allowed to do this (another user's comment, a missing or wrong
    CSRF token, an admin-only action)."""


class RateLimited(FactdeskError):
    """Too many attempts in a short time; ``retry_after`` says how many seconds to wait."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class DeliveryError(FactdeskError):
    """A notification could not be delivered, or a delivery target (a webhook
    URL, a push subscription) is not acceptable.

    ``permanent`` says that trying again cannot help (a refused address, a
    push subscription the service says is gone), so the notifier gives the
    delivery up at once instead of backing off and retrying.
    """

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent
