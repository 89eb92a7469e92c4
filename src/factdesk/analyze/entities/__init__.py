"""Who is in an article: named-entity mentions cleaned of the parser's slips,
in-article alias clusters ("Jim Mattis" = "Mr Mattis"), titles and roles, and an
index from a text position to the entity named there.

In: :class:`~..parse.nlp.Parsed`.  Out: :class:`~factdesk.model.Entity` tuples and
an :class:`~.index.EntityIndex` for the quote and claim stages.
"""
