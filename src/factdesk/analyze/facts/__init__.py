"""Facts: quantities with what they count, and dates resolved against the
publication time.

In: a parsed article.  Out: :class:`~factdesk.model.Fact` and
:class:`~factdesk.model.DateMention` tuples.
"""
