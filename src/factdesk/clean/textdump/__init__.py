"""Clean plain-text dumps of news pages.

A text dump has every visible text block of a page on its own line, site
chrome included.  :func:`clean_text_dump` keeps the article — headline,
standfirst, dateline, bylines, captions with credits, body paragraphs,
credit lines, related links — and records every other line with the reason
it went.  :func:`site_key`, :func:`site_chrome_lines` and
:func:`shared_line_groups` let :func:`~factdesk.clean.clean_many` learn a
site's chrome from its repetition across pages.
"""

from .cleaner import EXTRACTOR, clean_text_dump
from .repetition import shared_line_groups, site_chrome_lines, site_key

__all__ = ["EXTRACTOR", "clean_text_dump", "shared_line_groups", "site_chrome_lines", "site_key"]
