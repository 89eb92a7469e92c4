"""What one article claims, by whom, with what stance: claim mentions from
quotes, claim nouns, headlines and reporting; their propositions, positive
labels and check-worthiness; stance cues and speaker commitment; and stance
objects that point back ("denied the charge") resolved to the claim they answer.

In: a parsed article, its entities and quotes.  Out:
:class:`~factdesk.model.ClaimMention` tuples (clustered across articles in
:mod:`..corpus`).
"""
