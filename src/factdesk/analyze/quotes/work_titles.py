"""Quoted titles of works: names in quotation marks that nobody says.

News puts the titles of shows, books, films and songs in quotation marks:
"told NBC's “Meet the Press”", "his book “The Art of the Deal”".  Such a
segment is not a quote when

* its words are a title: every word but the small ones ("of", "the", "and")
  is capitalised, it has at most twelve words, and no sentence runs on
  inside it (no ", " or ". " within); and
* the text right before it names whose work it is or what kind of work it is:
  a possessive ("NBC's", "the network’s") or a noun for a work ("book",
  "show", "film", "song", ...).

"A memo titled “The Facts on Where the Race Stands”" stays a quote: a titled
or named document may be quoted for what it says.
"""

from __future__ import annotations

import re

__all__ = ["is_work_title"]

SMALL_WORDS = frozenset("""
a an the of and or for to in on at by with from as but nor vs via
""".split())
WORK_NOUNS = frozenset("""
book show movie film program programme song album anthem episode series novel
documentary broadcast magazine podcast play musical sitcom
""".split())
WORD = re.compile(r"[\w\u2019'&-]+")
RUN_ON = re.compile(r"[.,;:?!]\s")
BEFORE = re.compile(r"(?:(?P<possessive>\w(?:'s|\u2019s|s'|s\u2019))|(?P<noun>\w+))\s*$")
MAX_WORDS = 12


def is_work_title(text: str, start: int, inner_start: int, inner_end: int) -> bool:
    """Whether the quoted segment (mark at ``start``, words in
    ``[inner_start, inner_end)`` of ``text``) is the title of a work."""
    inner = text[inner_start:inner_end].strip(" ,.\u2019'")
    if not _title_words(inner):
        return False
    before = BEFORE.search(text, max(0, start - 40), start)
    if before is None:
        return False
    if before.group("possessive"):
        return True
    return before.group("noun").lower() in WORK_NOUNS


def _title_words(inner: str) -> bool:
    words = WORD.findall(inner)
    if not words or len(words) > MAX_WORDS or RUN_ON.search(inner):
        return False
    content = [w for w in words if w.lower() not in SMALL_WORDS]
    return bool(content) and all(w[0].isupper() or w[0].isdigit() for w in content)
