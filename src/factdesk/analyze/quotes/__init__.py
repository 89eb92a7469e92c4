"""Who said what: quotation marks, attribution cues (verbs, nouns,
"according to"), the cue each quoted segment belongs to, and the quotes
themselves (direct, mixed, indirect) with resolved speakers.

In: a parsed article, its entities.  Out: :class:`~factdesk.model.Quote` tuples.
"""
