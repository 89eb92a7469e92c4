"""Credit lines: "Agencies contributed to this report", "Additional reporting by ...".

A credit line closes many news stories.  It is not body text and not chrome:
both cleaners (HTML and text dumps) take it out of the body and keep it in
:attr:`~factdesk.model.Article.credits`.
"""

from __future__ import annotations

import re

__all__ = ["is_credit_line"]

_CREDIT_LINE = re.compile(
    r"^\(?\s*(?:(?:additional |further )?reporting by\b|writing by\b|editing by\b|compiled by\b|"
    r"with (?:additional )?reporting (?:from|by)\b|"
    r"(?:\w+[\s,&]+){0,6}(?:agencies|news agencies|wires?|staff|(?:the )?associated press|reuters|afp)"
    r"\s+contributed to this (?:report|article|story)|"
    r".{0,80}\bcontributed to this (?:report|article|story))",
    re.IGNORECASE)


def is_credit_line(line: str) -> bool:
    """A credit line such as "Agencies contributed to this report"."""
    return len(line) <= 250 and bool(_CREDIT_LINE.match(line))
