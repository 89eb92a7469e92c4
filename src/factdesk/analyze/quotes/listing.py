"""Which quotes are worth listing on their own.

Every quote stays in the analysis (the article view highlights it); this only
decides, once, whether a list of quotes (search, an entity's page, the API
lists, new-quote notifications) shows it.  Two kinds are not listed:

* a *fragment*: a quote whose content is under :data:`MIN_WORDS` words
  ("endorsed Clinton", a lone "unhinged" the parser hung on a verb);
* a *scare quote*: a short label (under :data:`MIN_WORDS` quoted words) given
  by a naming verb, in a short content (under :data:`LABEL_CONTENT_WORDS`
  words): "called the plan “dead”", "described him as “unhinged”".  Listed on
  its own it reads as a fragment.

A longer mixed quote with a short quoted piece is a report of what was said,
and listed: "said the decision was “a disgrace” and would be appealed",
"called half of Trump's supporters “deplorables”" (the label is the speaker's
own word, and the content says whom it is about).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ...model import QuoteKind, Span

__all__ = ["LABEL_CONTENT_WORDS", "MIN_WORDS", "NAMING_VERBS", "is_listable"]

#: A quote with fewer words of content than this is a fragment.
MIN_WORDS = 3

#: A label quote with fewer words of content than this is a scare quote.
LABEL_CONTENT_WORDS = 5

#: Verbs whose quoted object is a label, not words reported ("called it “a sham”").
NAMING_VERBS = frozenset("""
call describe dub label brand term characterize characterise nickname refer deride
""".split())

_WORD = re.compile(r"\w+")


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def is_listable(kind: QuoteKind, span: Span, quoted: Sequence[Span],
                cue_lemma: str | None) -> bool:
    """Whether a quote of ``kind`` with content ``span``, the pieces ``quoted``
    inside quotation marks and the cue ``cue_lemma`` is listed on its own."""
    if _words(span.text) < MIN_WORDS:
        return False
    if kind is QuoteKind.INDIRECT:
        return True
    quoted_words = sum(_words(piece.text) for piece in quoted)
    return not (cue_lemma in NAMING_VERBS and quoted_words < MIN_WORDS
                and _words(span.text) < LABEL_CONTENT_WORDS)
