"""Claim labels and check-worthiness: how a proposition reads, and how much it
is worth checking.

* :func:`positive_label` writes the proposition as a clause stated positively.
  A negation the stance already carries ("The people aren't buying" held by a
  source is a denial of "The people are buying") is left out, contractions
  are restored ("ca n't" -> "can", "wo n't" -> "will"), and a clause whose
  subject is implicit ("denied providing aid") gets its agent in front; with
  no agent known the label is empty (no clause, so no claim).
* :func:`check_worthiness` is a simple, documented feature score in [0, 1]
  (see ``WEIGHTS``): numbers, named entities, a past or perfect factual verb
  and being contested raise it; a first-person subject, the future, modals of
  obligation, opinion verbs, evaluative adjectives and questions lower it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..parse.ranges import tokens_starting_in
from .propositions import NEGATIVE_SUBJECTS, negating_word

if TYPE_CHECKING:
    from spacy.tokens import Token

    from .propositions import Proposition

__all__ = ["WEIGHTS", "check_worthiness", "positive_label"]

NEGATION_WORDS = frozenset({"not", "n't", "never"})
RESTORED = {"ca": "can", "wo": "will", "sha": "shall"}
# Nouns that take no article when "no" goes ("there is no evidence" -> "there is evidence").
MASS_NOUNS = frozenset("""evidence proof information money help support truth doubt
    indication sign record knowledge wrongdoing""".split())
FIRST_PERSON = frozenset({"i", "we", "me", "us", "my", "our", "you"})
FUTURE = frozenset({"will", "'ll", "wo", "shall", "gon"})
OBLIGATION = frozenset({"should", "must", "ought", "need"})
OPINION_VERBS = frozenset("""think feel believe hope want wish love like hate prefer
    deserve need agree welcome thank congratulate""".split())
FACT_VERBS_PAST = frozenset({"VBD", "VBN"})

#: Weights of the check-worthiness score (added to ``BASE``, then clipped to [0, 1]).
BASE = 0.4
WEIGHTS = {
    "number": 0.2,        # a quantity, a date, a percentage
    "entity": 0.15,       # a named person, organisation or place takes part
    "entities": 0.15,     # and another one: a relation between named actors
    "past": 0.15,         # a past or perfect verb: something that happened
    "contested": 0.3,     # some source denies, hedges, questions or believes it
    "first_person": -0.25,  # "I", "we", "you": the speaker's own view or plan
    "future": -0.2,       # "will", "going to": not yet checkable
    "obligation": -0.25,  # "should", "must": a demand, not a statement
    "opinion": -0.3,      # an opinion verb or an evaluative "X is great"
    "question": -0.3,     # a question asks, it does not state
}


def positive_label(prop: Proposition, *, drop_negation: bool, agent: str | None) -> str:
    """The proposition as a readable clause, stated positively when
    ``drop_negation`` (its stance already expresses the negation): its words
    written out (:func:`_written`), then its agent put in front when the
    subject is not among them."""
    head = prop.head
    if head.pos_ not in ("VERB", "AUX") and prop.predicate != "be":
        return ""  # a noun phrase ("Gang of Eight"), no clause
    copula: int | None = None
    if head.pos_ not in ("VERB", "AUX") and prop.participants:
        # "called [the statement] [offensive]": a small clause reads "X is Y"
        copula = prop.participants[0].left_edge.i
    label = _written(prop, copula, drop_negation=drop_negation)
    if copula is not None or _subject_inside(prop):
        return label
    if any(c.dep_ == "aux" and c.tag_ == "TO" for c in head.children):
        return ""  # "urged Cruz to protect privacy": a request, no clause
    # "denied providing aid": the agent is the source; "Trump, who 'has totally
    # overlapped'": the agent stands outside the words; with none known the
    # words are no clause and the label stays empty
    return f"{agent} {label}" if agent else ""


def _written(prop: Proposition, copula: int | None, *, drop_negation: bool) -> str:
    """The proposition's words with single spaces and no quotation marks; "is"
    before token ``copula``; with ``drop_negation``, its negations left out
    ("ca n't" -> "can") and a negating "no" made positive ("no order" -> "an order")."""
    doc = prop.head.doc
    skip: set[int] = set()
    article_for: dict[int, str] = {}
    if drop_negation:
        skip = {t.i for t in _negations(prop.head)}
        no = negating_word(prop.head)
        if no is not None:
            article_for[no.i] = _positive_word(no)
    words: list[str] = []
    for t in tokens_starting_in(doc, prop.start, prop.end):
        if t.i == copula:
            words.append("is ")
        if t.i in article_for:  # "there was no order" -> "there was an order"
            if article_for[t.i]:
                word = article_for[t.i]
                if t.is_title or t.is_upper:
                    word = word.capitalize()
                words.append(word + (t.whitespace_ and " "))
            continue
        if t.i in skip:
            continue
        text, space = t.text, t.whitespace_
        if t.i + 1 in skip:
            if doc[t.i + 1].lower_ == "n't":
                text = RESTORED.get(t.lower_, text)
            space = doc[t.i + 1].whitespace_
        if t.is_quote:
            if space and words and not words[-1].endswith(" "):
                words[-1] += " "
            continue
        words.append(text + (space and " "))
    return " ".join("".join(words).strip().split())


def _negations(head: Token) -> list[Token]:
    out = [c for c in head.children if c.dep_ == "neg" or c.lower_ in NEGATION_WORDS]
    no = negating_word(head)
    if no is not None:  # "there was no order", "none of them"
        out.append(no)
    for aux in head.children:
        if aux.dep_ in ("aux", "auxpass"):
            out.extend(g for g in aux.children if g.dep_ == "neg")
    return out


def _positive_word(no: Token) -> str:
    """What a negating word becomes in the positive label: "none" -> "some",
    "no order" -> "an order", "no evidence" -> "evidence", "no emails" -> "some emails"."""
    if no.lower_ in NEGATIVE_SUBJECTS:
        return NEGATIVE_SUBJECTS[no.lower_]
    noun = no.head
    if noun.tag_ in ("NNS", "NNPS"):
        return "some" if noun.dep_ in ("nsubj", "nsubjpass") else ""
    if noun.lemma_.lower() in MASS_NOUNS:
        return ""
    return "an" if noun.lower_[:1] in "aeiou" else "a"


def _subject_inside(prop: Proposition) -> bool:
    """Whether the clause's subject is among its words."""
    subjects = [c for c in prop.head.children if c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj")]
    if prop.agent is not None:
        subjects.append(prop.agent)
    return any(prop.start <= t.idx < prop.end for t in subjects)


def check_worthiness(prop: Proposition, *, contested: bool, has_entity: bool) -> float:
    """A feature score in [0, 1] of how checkable the proposition is."""
    features = _features(prop, contested=contested, has_entity=has_entity)
    score = BASE + sum(WEIGHTS[name] for name in features)
    return round(min(1.0, max(0.0, score)), 3)


def _features(prop: Proposition, *, contested: bool, has_entity: bool) -> set[str]:
    """The names of the ``WEIGHTS`` features the proposition has."""
    doc = prop.head.doc
    tokens = list(tokens_starting_in(doc, prop.start, prop.end))
    found = _content_features(tokens, has_entity=has_entity) | _verb_features(prop)
    if contested:
        found.add("contested")
    if tokens and (tokens[-1].text == "?" or doc[min(len(doc) - 1, tokens[-1].i + 1)].text == "?"):
        found.add("question")
    return found


def _content_features(tokens: list[Token], *, has_entity: bool) -> set[str]:
    """``number``, ``entity`` and ``entities``: what the words hold."""
    found: set[str] = set()
    if any(t.like_num or t.ent_type_ in ("DATE", "MONEY", "PERCENT", "CARDINAL", "QUANTITY")
           for t in tokens):
        found.add("number")
    names = {(t.ent_type_, t.ent_iob_ == "B" and t.i or t.text) for t in tokens
             if t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") and t.ent_iob_ == "B"}
    if has_entity or names:
        found.add("entity")
    if len(names) >= 2:
        found.add("entities")
    return found


def _verb_features(prop: Proposition) -> set[str]:
    """``past``, ``first_person``, ``future``, ``obligation`` and ``opinion``: how
    the verb, its auxiliaries and its subject read."""
    head = prop.head
    found: set[str] = set()
    auxes = [c for c in head.children if c.dep_ in ("aux", "auxpass")]
    if head.tag_ in FACT_VERBS_PAST or any(a.lower_ in ("had", "has", "have", "was", "were")
                                           for a in auxes):
        found.add("past")
    subject = prop.agent
    if subject is not None and subject.lower_ in FIRST_PERSON:
        found.add("first_person")
    if any(a.lower_ in FUTURE for a in auxes) or (
            head.lower_ == "going" and any(c.dep_ == "xcomp" for c in head.children)):
        found.add("future")
    if any(a.lower_ in OBLIGATION for a in auxes):
        found.add("obligation")
    if head.lemma_.lower() in OPINION_VERBS or _evaluative(head):
        found.add("opinion")
    return found


def _evaluative(head: Token) -> bool:
    """"X is great", "that was terrible": a copula with only an adjective, no
    number or name in its complement."""
    if head.lemma_ != "be":
        return False
    complements = [c for c in head.children if c.dep_ in ("acomp", "attr")]
    return bool(complements) and all(
        c.pos_ == "ADJ" and not any(t.ent_type_ or t.like_num for t in c.subtree)
        for c in complements)
