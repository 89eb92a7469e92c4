"""The clean stage: a news page in, the article without the site around it out."""

from .page import clean_many, clean_page
from .sniff import PageKind
from .verbatim import verbatim_article

__all__ = ["PageKind", "clean_many", "clean_page", "verbatim_article"]
