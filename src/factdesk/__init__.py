"""factdesk: parse the facts out of the messaging in news pages.

The public API is what ``__all__`` lists; everything else is internal.
"""

from .clean import PageKind, clean_many, clean_page
from .errors import (
    ConfigError,
    ExtractError,
    FactdeskError,
    FetchError,
    InputError,
    ModelFormatError,
    NotFound,
    RejectedPage,
)
from .model import (
    Article,
    Caption,
    ChromeReason,
    Page,
    ProblemReason,
    RejectReason,
    Rejection,
    RelatedLink,
    Removed,
    Span,
    from_dict,
    to_dict,
)
from .pipeline import CleanOutcome, clean_sources
from .settings import SETTINGS, Settings, load_settings

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Caption",
    "ChromeReason",
    "CleanOutcome",
    "ConfigError",
    "ExtractError",
    "FactdeskError",
    "FetchError",
    "InputError",
    "ModelFormatError",
    "NotFound",
    "Page",
    "PageKind",
    "ProblemReason",
    "RejectReason",
    "RejectedPage",
    "Rejection",
    "RelatedLink",
    "Removed",
    "SETTINGS",
    "Settings",
    "Span",
    "__version__",
    "clean_many",
    "clean_page",
    "clean_sources",
    "from_dict",
    "load_settings",
    "to_dict",
]
