"""factdesk: parse the facts out of the messaging in news pages.

The public API is what ``__all__`` lists; everything else is internal.  One
call takes a page to its analysis::

    import factdesk

    outcome = factdesk.analyze_file("examples/valley-reservoir-drought.html")
    outcome.article.text          # the cleaned article
    outcome.analysis.quotes       # who said what, with offsets into that text

``analyze_html``, ``analyze_text``, ``analyze_file`` and ``analyze_url`` all run
:func:`process`, the one composer the command line and the web app use too.

The data classes, errors and settings are imported with the package (they need
only the standard library); the functions that clean and analyze are imported
on first use, so ``import factdesk`` stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

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
    Analysis,
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
from .settings import SETTINGS, Settings, load_settings

if TYPE_CHECKING:
    from .api import analyze_file, analyze_html, analyze_text, analyze_url
    from .clean import PageKind, clean_many, clean_page
    from .pipeline import process, run_sources

__version__ = "0.1.0"

__all__ = [
    "Analysis",
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
    "analyze_file",
    "analyze_html",
    "analyze_text",
    "analyze_url",
    "clean_many",
    "clean_page",
    "from_dict",
    "load_settings",
    "process",
    "run_sources",
    "to_dict",
]

#: Public names imported on first use, and the module each comes from.
_LAZY = {
    "analyze_file": "factdesk.api",
    "analyze_html": "factdesk.api",
    "analyze_text": "factdesk.api",
    "analyze_url": "factdesk.api",
    "PageKind": "factdesk.clean",
    "clean_many": "factdesk.clean",
    "clean_page": "factdesk.clean",
    "process": "factdesk.pipeline",
    "run_sources": "factdesk.pipeline",
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'factdesk' has no attribute {name!r}")
    value = getattr(import_module(_LAZY[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
