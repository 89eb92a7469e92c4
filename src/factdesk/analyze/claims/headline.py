"""The headline as the outlet's claim, when no proposition was found in it.

A headline is what the outlet asserts about its story, but it is often not a
clause the proposition rules can read: a passive without an agent ("Jihadi
John named as Mohammed Emwazi"), a label before a colon, a noun phrase.  Half
of FNC-1's headlines gave no claim mention at all, so no other article could
ever be matched to them.  :func:`headline_mention` gives such a headline one
mention spanning it, asserted by the outlet, with no frame (agent, predicate,
patient): it is matched to other articles by its words and its article's
context (:mod:`~factdesk.analyze.corpus.matching`), never by a frame.
"""

from __future__ import annotations

from ...model import Article, ClaimMention, Stance, content_id
from .mentions import ANALYZER, REPORTER

__all__ = ["COVERED", "headline_mention"]

#: A headline is taken as read when one of its mentions spans this share of it.
COVERED = 0.6


def headline_mention(article: Article,
                     mentions: tuple[ClaimMention, ...]) -> ClaimMention | None:
    """A mention spanning the headline when none of ``mentions`` covers most of it."""
    head = article.headline
    if head is None or not any(c.isalpha() for c in head.text):
        return None
    size = head.end - head.start
    for mention in mentions:
        inside = min(mention.span.end, head.end) - max(mention.span.start, head.start)
        if inside >= COVERED * size:
            return None
    source = article.site_name or REPORTER
    return ClaimMention(
        id=content_id(article.id, str(head.start), str(head.end), source, ANALYZER),
        span=head, stance=Stance.ASSERTS, origin="headline", evidence=head, source=source,
        analyzer=ANALYZER)
