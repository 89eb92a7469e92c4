"""The clean stage: a news page in, the article without the site around it out."""

from .page import clean, clean_many
from .sniff import PageKind

__all__ = ["PageKind", "clean", "clean_many"]
