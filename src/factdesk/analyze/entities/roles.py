"""Titles and roles of people, from premodifiers and appositions.

* premodifiers: "US Defence Secretary James Mattis" -> "US Defence Secretary";
* appositions: "John Nicholson, commander of US forces in Afghanistan," ->
  "commander of US forces in Afghanistan" (from the parse, or, when a
  parenthesis such as "(L)" breaks the parse, from the comma-bounded phrase);
* a description the name is apposed to: "its operations director, Kwame
  Mensah" -> "operations director" (determiners and possessors left out);
* a title alone: "Gen. Nicholson" -> "General".

A name of its own right after a preposition is that preposition's object, not
part of a role: "comments to Congress Gen Nicholson" gives "General", never
"Congress Gen" (a reader knows a comma is missing after "Congress").  The
price: "to US Army Gen. Smith" gives "General" too.
"""

from __future__ import annotations

import re

from .mentions import Mention
from .titles import FULL_TITLE, HONORIFICS, is_title

__all__ = ["roles_of"]

MAX_ROLE_WORDS = 14
_PAREN = re.compile(r"\s*\([^()]{0,40}\)")
_APPOSITION = re.compile(r",\s+((?:the |a |an )?[a-z][^,.;:()\"“”]{2,120}?)(?=[,.;]|$)")
PREMODIFIER_POS = ("PROPN", "NOUN", "ADJ")


def roles_of(mention: Mention, text: str) -> list[str]:
    """The roles one person mention gives, in the order found."""
    roles = []
    premodifier = _premodifier(mention)
    if premodifier:
        roles.append(premodifier)
    appos = _described_by(mention) or _apposition(mention, text)
    if appos:
        roles.append(appos)
    if not roles and mention.title:
        words = [w for w in mention.title.split() if w.lower().rstrip(".") not in HONORIFICS]
        if words:
            roles.append(" ".join(FULL_TITLE.get(w.lower().rstrip("."), w) for w in words))
    return roles


def _premodifier(mention: Mention) -> str | None:
    doc = mention.first.doc
    name_start = mention.first.i
    # Titles inside the surface are part of the role.
    while name_start < mention.last.i and mention.title and \
            doc[name_start].text in mention.title.split():
        name_start += 1
    start = mention.first.i
    while start > 0:
        prev = doc[start - 1]
        if prev.pos_ not in PREMODIFIER_POS or prev.lower_ in HONORIFICS or prev.ent_type_ == "PERSON" \
                or not (start - 1 < prev.head.i <= mention.last.i):
            break
        start -= 1
    start = _past_object_of_preposition(doc, start, mention.first.i)
    if start >= mention.first.i and mention.title:
        return None  # only the surface's own titles: the title alone says it
    if start == name_start:
        return None
    words = [t.text for t in doc[start:name_start] if t.lower_.rstrip(".") not in HONORIFICS]
    if not words or len(words) > MAX_ROLE_WORDS:
        return None
    return " ".join(FULL_TITLE.get(w.lower().rstrip("."), w) if w.endswith(".") else w
                    for w in words)


def _past_object_of_preposition(doc, start: int, first: int) -> int:
    """Skip the premodifiers that are a name of its own (named-entity words,
    no title) between a preposition and a title: "to Congress Gen Nicholson"
    has no premodifier, "to Defence Secretary Mattis" keeps "Defence"."""
    if start == 0 or start >= first or doc[start - 1].pos_ != "ADP":
        return start
    i = start
    while i < first and doc[i].ent_type_ and doc[i].pos_ == "PROPN" and not is_title(doc[i].text):
        i += 1
    if i == start or i < first and not is_title(doc[i].text):
        return start
    return i


def _apposition(mention: Mention, text: str) -> str | None:
    for child in mention.head.children:
        if child.dep_ == "appos" and child.pos_ in ("NOUN",) and child.i > mention.last.i:
            words = [t for t in child.subtree if not t.is_punct or t.text in "-'’"]
            if 0 < len(words) <= MAX_ROLE_WORDS:
                span = child.doc[child.left_edge.i:child.right_edge.i + 1]
                return span.text.strip(" ,.;")
    rest = text[mention.span.end:mention.span.end + 200]
    paren = _PAREN.match(rest)
    if paren:
        rest = rest[paren.end():]
    match = _APPOSITION.match(rest)
    if match and len(match.group(1).split()) <= MAX_ROLE_WORDS:
        phrase = match.group(1).strip()
        first = phrase.split()[0].lower()
        if first in ("the", "a", "an") or not first.endswith(("ed", "ing", "ly")):
            if first not in ("who", "which", "that", "and", "but", "said", "says", "told",
                             "had", "has", "have", "was", "is", "were", "will", "would"):
                return phrase
    return None


def _described_by(mention: Mention) -> str | None:
    """The common noun the name stands in apposition to ("its operations director,
    Kwame Mensah"), without its determiner or possessor."""
    head = mention.head
    noun = head.head
    if head.dep_ != "appos" or noun.pos_ != "NOUN" or noun.i >= mention.first.i:
        return None
    words = [t for t in noun.subtree if t.i <= noun.i
             and t.dep_ not in ("det", "poss", "case", "punct")
             and not any(a.dep_ == "poss" for a in [t, *t.ancestors] if a.i < noun.i)]
    if not words or len(words) > MAX_ROLE_WORDS:
        return None
    return " ".join(t.text for t in words)
