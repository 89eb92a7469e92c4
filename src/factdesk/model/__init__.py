"""The data that flows between factdesk's stages.

Every domain object is a frozen, slotted, keyword-only dataclass; sequences are
tuples; enumerations are ``StrEnum`` so stored values stay readable; datetimes
are timezone-aware.  Offsets (:class:`Span`) index :attr:`Article.text` in Python
string indices, end exclusive, exactly as slicing does.

``to_dict`` / ``from_dict`` are the one serialisation pair used by JSON output,
the API and batch shard files.

:mod:`.page` holds pages and what cleaning makes of them, :mod:`.analysis` what
analysis finds, :mod:`.outcome` what became of one page (the one result every
path makes), :mod:`.serial` the serialisation pair.
"""

from .analysis import (
    Analysis,
    Claim,
    ClaimMention,
    DateMention,
    Entity,
    EntityType,
    Fact,
    Quote,
    QuoteKind,
    SourceStance,
    Stance,
)
from .page import (
    Article,
    Caption,
    ChromeReason,
    Dateline,
    Page,
    PageHints,
    ProblemReason,
    RejectReason,
    Rejection,
    RelatedLink,
    Removed,
    Span,
    content_id,
)
from .outcome import PageOutcome, page_key
from .serial import from_dict, to_dict

__all__ = [
    "Analysis",
    "Article",
    "Caption",
    "ChromeReason",
    "Claim",
    "ClaimMention",
    "DateMention",
    "Dateline",
    "Entity",
    "EntityType",
    "Fact",
    "Page",
    "PageHints",
    "PageOutcome",
    "ProblemReason",
    "Quote",
    "QuoteKind",
    "RejectReason",
    "Rejection",
    "RelatedLink",
    "Removed",
    "SourceStance",
    "Span",
    "Stance",
    "content_id",
    "from_dict",
    "page_key",
    "to_dict",
]
