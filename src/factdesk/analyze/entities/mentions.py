"""Entity mentions: spaCy's named entities, cleaned of the parser's known slips.

Fixes made here, each a rule:

* a title inside an entity splits it ("Congress Gen Nicholson" is the
  organisation "Congress" and the person "Gen Nicholson");
* a title before a name makes it a person and is kept apart from the name
  (name "Nicholson", surface "Gen. Nicholson"), unless the name ends in a word
  for a body ("Justice Department", "General Assembly" stay organisations);
* time zones ("BST", "EDT") and lowercase fragments are not entities, nor is
  a sentence's first word that the tagger reads as a common word
  ("Reservoir levels fall ...");
* a leading "the" and a trailing possessive are not part of the name;
* a proper name that speaks ("Ashdale Water said ...") is an agent: tagged as
  a work of art or product, or missed by the tagger, it becomes an
  organisation (people are found by their titles and the tagger);
* a name tagged as a person that ends in a word for a business or body
  ("Holm Shipping", "Brandt Holdings") is an organisation, so it never joins
  the alias cluster of a person of that surname ("Peter Holm");
* a name tagged as an organisation that reads as a person's name is a
  person: a common given name first ("Jorge Ramos") or a middle initial
  ("Loretta E. Lynch");
* a name tagged as an organisation that the text treats as a person is a
  person: "Carly Fiorina threw her support behind ..." (the subject of a verb
  whose object is "her"/"his" something), "Fiorina, who ..." or
  "Fiorina, the former CEO who ...".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...model import EntityType, Span
from ..quotes.cue_verbs import SPEECH_VERBS
from ..speakers.descriptions import ORG_NOUNS
from ..speakers.pronouns import FEMALE_NAMES, MALE_NAMES
from .titles import HONORIFICS, is_title

if TYPE_CHECKING:
    from spacy.tokens import Token

    from ..parse.nlp import Parsed

__all__ = ["Mention", "find_mentions"]

KEPT = frozenset(t.value for t in EntityType)
TIME_ZONES = frozenset("""
BST GMT UTC EST EDT CST CDT MST MDT PST PDT CET CEST EET EEST IST JST AEST AEDT ET PT CT
""".split())
PLACE_WORDS = frozenset({"province", "region", "district", "county", "state", "city"})
POSSESSIVE = ("'s", "\u2019s", "'", "\u2019")
THING_LABELS = frozenset({"WORK_OF_ART", "PRODUCT", "FAC", "LAW", "EVENT"})


@dataclass(frozen=True, slots=True, kw_only=True)
class Mention:
    """One mention: ``span`` covers the surface (title included), ``name`` the bare name."""

    span: Span
    name: str
    label: EntityType
    title: str | None
    unit: int
    head: Token
    first: Token
    last: Token


def find_mentions(parsed: Parsed) -> list[Mention]:
    """Every entity mention of the article, in text order."""
    text = parsed.article.text
    out: list[Mention] = []
    for unit in parsed.units:
        doc = unit.doc
        taken: set[int] = set()
        for ent in doc.ents:
            label = ent.label_
            if label in THING_LABELS and _speaks(ent.root):
                label = EntityType.ORG.value
            if label not in KEPT or _capitalised_word(ent):
                continue
            for start, end in _split_at_titles(doc, ent.start, ent.end):
                mention = _mention(unit, text, doc, start, end, label)
                if mention is not None:
                    out.append(mention)
                    taken.update(range(mention.first.i, mention.last.i + 1))
        out.extend(_titled_names(unit, text, doc, taken))
        out.extend(_speaking_names(unit, text, doc, taken))
    out.sort(key=lambda m: m.span.start)
    return out


def _capitalised_word(ent) -> bool:
    """"Reservoir levels fall ...": one word capitalised only because it opens
    a sentence or headline, which the tagger does not take for a proper noun."""
    token = ent[0]
    return len(ent) == 1 and token.is_sent_start and token.pos_ != "PROPN" \
        and ent.label_ != EntityType.NORP.value


def _split_at_titles(doc, start: int, end: int) -> list[tuple[int, int]]:
    cuts = [i for i in range(start + 1, end - 1)
            if is_title(doc[i].text) and doc[i + 1].pos_ == "PROPN"
            and not is_title(doc[i - 1].text)]
    bounds = [start, *cuts, end]
    return [(a, b) for a, b in zip(bounds, bounds[1:]) if b > a]


def _mention(unit, text: str, doc, start: int, end: int, label: str) -> Mention | None:
    """The mention of an entity span ``doc[start:end]`` labelled ``label``, in steps:
    trim articles and a possessive; set a title apart; check what is left is a
    name; drop place words after it; settle its type."""
    start, end = _trimmed(doc, start, end)
    if start >= end:
        return None
    start, title_end, label = _titled(doc, start, end, label)
    if not _is_name(doc[title_end:end].text):
        return None
    while end - 1 > title_end and doc[end - 1].lower_ in PLACE_WORDS:
        end -= 1
    name = doc[title_end:end].text
    title_words = [t.text for t in doc[start:title_end]]
    kind = _kind(doc, start, end, EntityType(label), name, titled=bool(title_words))
    surface = doc[start:end]
    return Mention(
        span=unit.span(surface.start_char, surface.end_char, text),
        name=name, label=kind, title=" ".join(title_words) or None, unit=unit.index,
        head=surface.root, first=doc[start], last=doc[end - 1])


def _trimmed(doc, start: int, end: int) -> tuple[int, int]:
    """Without a leading article or a trailing possessive or punctuation."""
    while start < end and doc[start].lower_ in ("the", "a", "an"):
        start += 1
    while end > start and (doc[end - 1].text in POSSESSIVE or doc[end - 1].is_punct):
        end -= 1
    return start, end


def _titled(doc, start: int, end: int, label: str) -> tuple[int, int, str]:
    """The span's start (a title just before it joins it), where its name starts
    after the titles, and its label ("Justice Department" is an organisation)."""
    title_end = start
    while title_end < end - 1 and is_title(doc[title_end].text):
        title_end += 1
    # A title just before the entity belongs to the surface ("Mr" + "Mattis").
    while start > 0 and is_title(doc[start - 1].text) and doc[start - 1].pos_ in ("PROPN", "NOUN"):
        start -= 1
    if title_end > start and doc[end - 1].lower_.rstrip(".") in BODY_WORDS:
        # "Justice Department": the title word is part of an organisation's name.
        if label == EntityType.PERSON.value:
            label = EntityType.ORG.value
        title_end = start
    return start, title_end, label


def _is_name(name: str) -> bool:
    """Whether ``name`` (a possessive ending taken off) is capitalised and no time zone."""
    for suffix in POSSESSIVE:
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return bool(name) and name not in TIME_ZONES and any(c.isupper() for c in name)


def _kind(doc, start: int, end: int, kind: EntityType, name: str, *, titled: bool) -> EntityType:
    """The tagger's type corrected: a people next to a place is a place; a titled
    proper name a person; a person with a business name an organisation; an
    organisation with a personal name or treated as a person a person."""
    if kind is EntityType.NORP and _coordinated_with_place(doc[end - 1]):
        kind = EntityType.GPE
    if titled and kind is not EntityType.PERSON and doc[end - 1].pos_ == "PROPN":
        kind = EntityType.PERSON
    if kind is EntityType.PERSON and not titled and _business_name(name):
        kind = EntityType.ORG
    if kind is EntityType.ORG and (_personal_name(name) or _treated_as_person(doc[start:end].root)):
        kind = EntityType.PERSON
    return kind


BUSINESS_WORDS = ORG_NOUNS | frozenset("""
shipping holdings industries partners airlines airways motors energy media foods
logistics capital ventures systems technologies labs inc ltd llc plc corp co gmbh
""".split())


# What a body is called after a word that could be a title ("General Assembly").
BODY_WORDS = BUSINESS_WORDS | frozenset("""
assembly forum court office senate house caucus convention administration command staff
""".split())


def _business_name(name: str) -> bool:
    """"Holm Shipping", "Brandt Holdings Ltd.": a name ending in a business word."""
    words = name.split()
    return len(words) >= 2 and words[-1].lower().rstrip(".") in BUSINESS_WORDS


def _personal_name(name: str) -> bool:
    """"Jorge Ramos", "Loretta E. Lynch": a given name, or a middle initial."""
    words = name.split()
    if len(words) < 2 or not all(w[:1].isupper() for w in words):
        return False
    if words[0].lower() in MALE_NAMES | FEMALE_NAMES and len(words) <= 3:
        return True
    return len(words) == 3 and len(words[1]) == 2 and words[1].endswith(".") \
        and words[1][0].isupper() and len(words[0]) > 2


PERSONAL_POSSESSIVES = frozenset({"his", "her", "himself", "herself"})


def _treated_as_person(head) -> bool:
    """"X threw her support behind ...", "X, who ...", "X, the former CEO who
    ...": the text speaks of the name as of a person."""
    for holder in (head, *(c for c in head.children if c.dep_ == "appos")):
        if any(c.dep_ == "relcl" and any(w.lower_ == "who" and w.dep_ == "nsubj"
                                          for w in c.children) for c in holder.children):
            return True
    if head.dep_ != "nsubj":
        return False
    objects = [c for c in head.head.children if c.dep_ == "dobj"]
    return any(w.lower_ in PERSONAL_POSSESSIVES and w.dep_ == "poss"
               for obj in objects for w in obj.children)


def _coordinated_with_place(token) -> bool:
    """"Helmand, Kandahar and Uruzgan": a name listed with places is a place."""
    near = [token.head, *token.children] if token.dep_ == "conj" else list(token.children)
    return any(t.ent_type_ in ("GPE", "LOC") and t.dep_ in ("conj", "ROOT", "pobj", "dobj",
                                                             "nsubj", token.head.dep_)
               for t in near if t is not token)


def _titled_names(unit, text: str, doc, taken: set[int]) -> list[Mention]:
    """Person mentions the NER missed: a title or honorific and a proper noun."""
    out = []
    i = 0
    while i < len(doc) - 1:
        tok = doc[i]
        if i not in taken and is_title(tok.text) and (tok.lower_.rstrip(".") in HONORIFICS
                                                     or tok.text[:1].isupper()):
            j = i + 1
            while j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper() \
                    and j not in taken and not is_title(doc[j].text):
                j += 1
            if j > i + 1:
                m = _mention(unit, text, doc, i, j, "PERSON")
                if m is not None:
                    out.append(m)
                    taken.update(range(i, j))
                i = j
                continue
        i += 1
    return out


def _speaks(token) -> bool:
    """Whether ``token`` is the subject of a verb of saying ("X said", "X did not deny")."""
    return token.dep_ == "nsubj" and token.head.lemma_.lower() in SPEECH_VERBS


def _speaking_names(unit, text: str, doc, taken: set[int]) -> list[Mention]:
    """Organisations the tagger missed: an untagged name of two or more
    capitalised proper nouns that is the subject of a verb of saying."""
    out = []
    for token in doc:
        if token.pos_ != "PROPN" or token.i in taken or token.ent_type_ or not _speaks(token):
            continue
        start = token.i
        while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].head.i == token.i \
                and doc[start - 1].pos_ == "PROPN" and doc[start - 1].text[:1].isupper() \
                and not doc[start - 1].ent_type_ and start - 1 not in taken:
            start -= 1
        if token.i - start < 1 or is_title(doc[start].text):
            continue
        mention = _mention(unit, text, doc, start, token.i + 1, EntityType.ORG.value)
        if mention is not None:
            out.append(mention)
            taken.update(range(start, token.i + 1))
    return out
