"""Relative pronouns at a cue: who stands behind "who", "that" and "which".

"Peter Holm, who said ..." -- the clause hangs on a person, who is the
source.  "Holm released a video that says ..." -- the clause hangs on a
thing (a video, a letter, a sign, a resolution), which only carries the words:
the source is the subject of the clause that holds the thing ("Holm"), as a
reader would name it.  When that clause has no subject, the thing stays the
source.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..quotes.cues import subject_of
from .people import PEOPLE_NOUNS

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["relative_source"]

THING_RELATIVES = frozenset({"that", "which"})
# The relation a thing has to the verb of the clause holding it.
HELD_DEPS = ("dobj", "pobj", "attr", "oprd", "appos", "conj")


def relative_source(relative: Token) -> Token:
    """The token that names the source of a relative clause's cue; ``relative``
    is "who"/"that"/"which" (``relative.head`` is the clause's verb)."""
    noun = relative.head.head
    if relative.lower_ not in THING_RELATIVES or not _is_thing(noun):
        return noun
    holder = noun
    while holder.dep_ in HELD_DEPS and holder.head is not holder:
        holder = holder.head
        if holder.pos_ == "ADP" and holder.head is not holder:
            holder = holder.head
        if holder.pos_ in ("VERB", "AUX"):
            break
    if holder.pos_ not in ("VERB", "AUX"):
        return noun
    subject = subject_of(holder)
    if subject is None or subject.i == noun.i or subject.dep_ == "expl":
        return noun
    return subject


def _is_thing(noun: Token) -> bool:
    """A common noun for a thing ("video", "letter", "sign"), not for people."""
    return noun.pos_ == "NOUN" and not noun.ent_type_ \
        and noun.lemma_.lower() not in PEOPLE_NOUNS
