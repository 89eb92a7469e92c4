"""The clean stage: a news page in, the article without the site around it out."""

from .page import clean_many, clean_page
from .sniff import PageKind

__all__ = ["PageKind", "clean_many", "clean_page"]
