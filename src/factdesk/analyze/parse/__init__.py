"""The shared parse: loading the spaCy pipeline once per process, parsing an
article unit by unit in bounded batches, and a fast exact stand-in for the
pipeline's attribute ruler and lemmatizer.

In: an :class:`~factdesk.model.Article`.  Out: :class:`~.nlp.Parsed` (the article
with one spaCy ``Doc`` per unit), read by every other subpackage of ``analyze``.
"""
