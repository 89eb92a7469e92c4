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
    PageOutcome,
    ProblemReason,
    RejectReason,
    Rejection,
    RelatedLink,
    Removed,
    Span,
    from_dict,
    to_dict,
)
from .pipeline import process, run_sources
from .settings import SETTINGS, Settings, load_settings

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Caption",
    "ChromeReason",
    "ConfigError",
    "ExtractError",
    "FactdeskError",
    "FetchError",
    "InputError",
    "ModelFormatError",
    "NotFound",
    "Page",
    "PageKind",
    "PageOutcome",
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
    "from_dict",
    "load_settings",
    "process",
    "run_sources",
    "to_dict",
]
