"""Across articles: claim clusters (mentions of one proposition across wording
and articles), the pairwise cross-article claim matcher, stories (articles about
one event) and optional sentence-embedding links.

In: the claim mentions and key terms of many analysed articles.  Out:
:class:`~factdesk.model.Claim` clusters and story groups; the store keeps them up
to date incrementally.
"""
