"""Who a source mention refers to: names, pronouns (with agreement), relative
pronouns at a cue and descriptions that the article names elsewhere.

In: a parsed article and its entities.  Out: the entity (or the unnamed
source's description) behind a speaker or claim-source mention.
"""
