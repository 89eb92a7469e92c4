"""Common nouns for people and groups of people ("official", "voter", "company"):
words that name someone who can speak or hold a view, never a mere carrier of words."""

from __future__ import annotations

from .descriptions import ORG_NOUNS

__all__ = ["PEOPLE_NOUNS"]

# Common nouns for people and groups of people: never a mere carrier of words.
PEOPLE_NOUNS = frozenset("""
official spokesman spokeswoman spokesperson aide adviser advisor candidate voter supporter
man woman person people lawmaker senator member leader politician expert analyst critic
official source resident protester protestor worker citizen friend colleague lawyer
attorney judge officer agent director executive chief president minister secretary
governor mayor reporter journalist commentator columnist writer author activist donor
strategist operative staffer student teacher doctor scientist economist historian
team rival delegate superdelegate nominee pastor family electorate ally opponent
demonstrator conservative progressive liberal daughter son wife husband mother father
""".split()) | ORG_NOUNS
