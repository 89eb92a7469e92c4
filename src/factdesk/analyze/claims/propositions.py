"""Propositions: the claim inside an attribution's content, and its frame.

Given a stretch of a parsed doc (a quote's content, a headline, a "that"
clause), :func:`proposition_in` walks down from the stretch's head through
stance words and carrier nouns ("is not refuting reports that ...", "refuses
to refute reports Moscow has ...", "would not dispute claims made by X that
...") to the clause that states something, and reads its frame: the agent
(subject, or the "by" phrase of a passive), the predicate lemma (with its
particle: "step up"), the participants (objects, "to"/"with" phrases), its
negation, modality and whether it is a conditional ("any weapons ... would be").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .stance_cues import CARRIER_NOUNS, CLAIM_NOUNS, MODAL_HEDGES, Link, link_kind

if TYPE_CHECKING:
    from collections.abc import Iterable

    from spacy.tokens import Doc, Token

__all__ = ["NEGATIVE_SUBJECTS", "Proposition", "negating_word", "noun_complement", "proposition_at",
           "proposition_in"]

VERBAL = ("VERB", "AUX")
NOMINAL = ("NOUN", "PROPN")
NOMINAL_DEPS = ("dobj", "pobj", "nsubj", "nsubjpass", "attr", "conj", "appos")
COMPLEMENT_DEPS = ("xcomp", "ccomp")
PARTICIPANT_DEPS = ("dobj", "dative", "attr", "oprd", "nsubjpass")
PARTICIPANT_PREPS = frozenset({"to", "with", "for", "against", "into", "on"})
RELATIVE_WORDS = frozenset({"which", "that", "who", "whom", "whose", "where", "when"})
MAX_DEPTH = 6
# Verbs of finding whose evidence-noun object carries a clause ("there is no
# evidence that X" stays a denial that such evidence exists).
EVIDENCE_VERBS = frozenset({"see", "find", "show", "produce", "offer", "provide", "cite"})
EVIDENCE_NOUNS = frozenset({"evidence", "proof"})
#: Subjects that negate their clause, with the word their positive reading takes.
NEGATIVE_SUBJECTS = {"none": "some", "nobody": "somebody", "nothing": "something",
                     "noone": "someone"}


@dataclass(frozen=True, slots=True, kw_only=True)
class Proposition:
    """A clause that states something, with the stance words above it.

    ``start``/``end`` are char offsets in the doc; ``links`` the stance words
    between the stretch's head and the clause (outermost first); ``agent`` is
    ``None`` when the clause has no subject of its own ("denied providing aid":
    the agent is whoever denied).
    """

    head: Token
    start: int
    end: int
    links: tuple[Link, ...]
    predicate: str
    agent: Token | None
    participants: tuple[Token, ...]
    negated: bool
    modality: str | None
    conditional: bool


def proposition_in(doc: Doc, start: int, end: int) -> Proposition | None:
    """The proposition stated in ``doc.text[start:end]``, or ``None`` when the
    stretch holds no clause (a bare noun phrase, a fragment).

    Steps: the stretch's top tokens; a small clause ("called X Y") when there
    is one; else its main word, followed down through carrier nouns and
    clause-embedding verbs (:func:`_descend`) to the clause stated."""
    heads = _top_tokens(doc, start, end)
    if heads is None:
        return None
    by_dep = {t.dep_: t for t in heads}
    if "dobj" in by_dep and "oprd" in by_dep:
        return _small_clause(by_dep["dobj"], by_dep["oprd"], start, end)
    head = max(heads, key=lambda t: (t.pos_ in VERBAL, len(list(t.subtree))))
    head, links = _descend(head)
    if head.pos_ not in VERBAL and not _verbless_claim(head):
        return None
    first, last = _extent(head, start, end)
    if first is None:
        return None
    return proposition_at(head, first, last, agent=_agent(head), links=links)


def proposition_at(head: Token, start: int, end: int, *, agent: Token | None,
                   links: Iterable[Link] = ()) -> Proposition:
    """The proposition headed by ``head`` over ``doc.text[start:end]`` with the
    given agent: predicate, participants, negation and modality read off ``head``."""
    return Proposition(
        head=head, start=start, end=end, links=tuple(links), predicate=_predicate(head),
        agent=agent, participants=tuple(_participants(head)),
        negated=_negated(head), modality=_modality(head), conditional=_conditional(head))


def _top_tokens(doc: Doc, start: int, end: int) -> list[Token] | None:
    """The tokens of the stretch whose head lies outside it (or is themselves);
    ``None`` when the stretch has fewer than two words."""
    window = doc.char_span(start, end, alignment_mode="expand")
    if window is None:
        return None
    tokens = [t for t in window if start <= t.idx < end and not t.is_space]
    if len(tokens) < 2:
        return None
    inside = {t.i for t in tokens}
    return [t for t in tokens if t.head.i not in inside or t.head.i == t.i]


def _descend(head: Token) -> tuple[Token, list[Link]]:
    """From ``head`` down to the clause it carries, at most ``MAX_DEPTH`` steps,
    with the link of every clause-embedding verb passed."""
    links: list[Link] = []
    for _ in range(MAX_DEPTH):
        nxt = None
        lemma = head.lemma_.lower()
        # "reports that ...", and a stance noun as the object of the source's own
        # verb ("dismissed concerns that ..."): the noun's stance is others', so
        # it only carries the clause
        carrier = lemma in CARRIER_NOUNS or (lemma in CLAIM_NOUNS and (
            bool(links) or head.dep_ == "dobj"))
        evidence = _evidence_object(head)
        if evidence is not None and (nxt := _evidence_clause(head, evidence)) is not None:
            # "found evidence that X" vouches for X; "saw no evidence that X"
            # only doubts it (a negated assertion: questions, not denies)
            links.append(Link(evidence.lemma_.lower(), "assert", _negated(head)))
        elif carrier and (head.pos_ in NOMINAL or head.dep_ in NOMINAL_DEPS):
            nxt = noun_complement(head)  # the tagger often reads "reports" as a verb
        elif head.pos_ in VERBAL and link_kind(lemma):
            nxt = _verb_complement(head)
            if nxt is not None:
                links.append(Link(lemma, link_kind(lemma) or "assert", _negated(head)))
        if nxt is None:
            break
        head = nxt
    return head, links


def _evidence_object(verb: Token) -> Token | None:
    """The evidence noun a verb of finding has as its object: "saw no
    evidence that ...", "found proof that ..."."""
    if verb.pos_ not in VERBAL or verb.lemma_.lower() not in EVIDENCE_VERBS:
        return None
    return next((c for c in verb.children if c.dep_ in ("dobj", "attr")
                 and c.lemma_.lower() in EVIDENCE_NOUNS), None)


def _evidence_clause(verb: Token, noun: Token) -> Token | None:
    """The clause the evidence is for: on the noun, or hung on the verb after
    it ("saw evidence in the audit that X", parsed as the audit's clause)."""
    found = noun_complement(noun)
    if found is not None:
        return found
    return next((t for t in verb.doc[noun.i + 1:verb.right_edge.i + 1]
                 if t.pos_ in VERBAL and t.dep_ in ("ccomp", "advcl", "acl")
                 and any(m.dep_ == "mark" and m.lower_ == "that" for m in t.children)), None)


def _small_clause(subject: Token, predicate: Token, start: int, end: int) -> Proposition | None:
    """"called [Russia's presence] [a malign foreign influence]": X is Y."""
    doc = subject.doc
    first, last = _extent_of([t for t in doc[subject.left_edge.i:predicate.right_edge.i + 1]
                              if start <= t.idx < end])
    if first is None:
        return None
    return Proposition(head=subject, start=first, end=last, links=(), predicate="be",
                       agent=subject, participants=(predicate,), negated=False, modality=None,
                       conditional=False)


def noun_complement(noun: Token) -> Token | None:
    """The verb of the clause a carrier noun introduces: "reports that X ...",
    "reports X has ...", "claims made to media by Y earlier that day that X ..."
    (a clause the parser hung on the noun or on a participle after it, else a
    "that" clause right after the noun phrase)."""
    holders = [noun, *(c for c in noun.children if c.dep_ == "acl" and c.tag_ == "VBN")]
    for holder in holders:
        for child in holder.children:
            if child.i > noun.i and _introduced_clause(child):
                return child
    return _that_clause_after(noun)


def _introduced_clause(child: Token) -> bool:
    """Whether ``child`` heads a clause a noun introduces: opened by "that", or
    with a subject of its own that is not a relative word."""
    if child.pos_ not in VERBAL or child.dep_ not in ("acl", "relcl", "ccomp", "advcl"):
        return False
    marks = {c.lower_ for c in child.children if c.dep_ in ("mark", "advmod")}
    subject = next((c for c in child.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return "that" in marks or (subject is not None and subject.lower_ not in RELATIVE_WORDS
                               and child.dep_ in ("relcl", "acl", "ccomp"))


def _that_clause_after(noun: Token) -> Token | None:
    doc = noun.doc
    after = noun.right_edge.i + 1
    while after < len(doc) and doc[after].dep_ == "advmod" and doc[after].lower_ != "that":
        after += 1  # "suggestions yet that ..."
    if after < len(doc) and doc[after].lower_ == "that" and doc[after].dep_ in ("mark", "advmod"):
        verb = doc[after].head
        if verb.pos_ in VERBAL and verb.i > after and verb.sent.start == noun.sent.start:
            return verb
    return None


def _verb_complement(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in COMPLEMENT_DEPS and child.pos_ in VERBAL and child.i > verb.i:
            return child
    for child in verb.children:
        if child.dep_ == "dobj" and child.i > verb.i:
            if child.lemma_.lower() in CARRIER_NOUNS:
                return child
            if child.tag_ == "VBG":
                return child
        if child.dep_ in ("pcomp", "advcl") and child.tag_ == "VBG" and child.i == verb.i + 1:
            return child
    return None


def _verbless_claim(head: Token) -> bool:
    """A content with no verb that still states something ("Russia's presence a
    'malign foreign influence'": the object and predicate of "called")."""
    return head.pos_ in ("NOUN", "PROPN") and any(
        c.dep_ in ("oprd", "appos", "attr") or (c.dep_ == "amod" and c.i > head.i)
        for c in head.subtree if c.i != head.i) and len(list(head.subtree)) >= 4


def _extent(head: Token, start: int, end: int) -> tuple[int | None, int]:
    return _extent_of([t for t in head.subtree if start <= t.idx < end])


def _extent_of(tokens: list[Token]) -> tuple[int | None, int]:
    # a non-projective parse yields a subtree out of text order
    tokens = sorted(tokens, key=lambda t: t.i)
    while tokens and (tokens[0].dep_ in ("mark", "punct", "cc") or tokens[0].lower_ == "that"
                      or tokens[0].is_quote):
        tokens.pop(0)
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
        tokens.pop()
    if not tokens:
        return None, 0
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _predicate(head: Token) -> str:
    lemma = head.lemma_.lower()
    particle = next((c.lower_ for c in head.children if c.dep_ == "prt"), None)
    return f"{lemma} {particle}" if particle else lemma


def _agent(head: Token) -> Token | None:
    verb = head
    for _ in range(3):
        for child in verb.children:
            if child.dep_ in ("nsubj", "csubj", "expl") and child.lower_ not in RELATIVE_WORDS:
                return child
            if child.dep_ == "agent":
                return next((c for c in child.children if c.dep_ == "pobj"), None)
        if verb.dep_ == "conj" and verb.head.pos_ in VERBAL:
            verb = verb.head
            continue
        if verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN") and any(
                c.lower_ in RELATIVE_WORDS and c.dep_ in ("nsubj", "nsubjpass")
                for c in verb.children):
            return verb.head
        break
    if head.pos_ not in VERBAL:  # a verbless claim: its subject is the head noun
        return head
    return None


def _participants(head: Token) -> list[Token]:
    out: list[Token] = []
    for child in head.children:
        if child.dep_ in PARTICIPANT_DEPS:
            out.append(child)
        elif child.dep_ in ("prep", "dative") and child.lower_ in PARTICIPANT_PREPS:
            out.extend(c for c in child.children if c.dep_ == "pobj")
    if head.pos_ not in VERBAL:
        out.extend(c for c in head.subtree if c.dep_ in ("oprd", "attr", "appos", "pobj"))
    for token in list(out):
        out.extend(c for c in token.children if c.dep_ in ("conj", "compound", "amod")
                   and c.pos_ in ("NOUN", "PROPN"))
    return out


def _negated(token: Token) -> bool:
    if any(c.dep_ == "neg" or c.lower_ in ("never", "n't") for c in token.children):
        return True
    if negating_word(token) is not None:  # "there was no order", "none of them were"
        return True
    # "is not refuting": the negation may sit on an auxiliary chain
    return any(c.dep_ == "aux" and any(g.dep_ == "neg" for g in c.children)
               for c in token.children)


def _modality(head: Token) -> str | None:
    for child in head.children:
        if child.lower_ in MODAL_HEDGES and child.dep_ in ("aux", "advmod"):
            return child.lower_
    return None


def _conditional(head: Token) -> bool:
    """"any weapons ... would be a violation", "if X, Y would ..."."""
    would = any(c.dep_ == "aux" and c.lower_ in ("would", "'d") for c in head.children)
    if not would:
        return False
    subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is not None and any(c.lower_ in ("any", "anyone", "anything") for c in
                                   subject.subtree):
        return True
    return any(c.dep_ == "advcl" and any(m.lower_ in ("if", "unless") for m in c.children)
               for c in head.children)


def negating_word(head: Token) -> Token | None:
    """The word that negates the clause headed by ``head`` from inside a noun
    phrase: "there was **no** order", "has **no** plans", "**none** of her
    emails were marked", "**no** emails were sent", "**nobody** knew"."""
    for child in head.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.lower_ in NEGATIVE_SUBJECTS:
            return child
        if child.dep_ in ("nsubj", "nsubjpass") or (
                child.dep_ in ("attr", "dobj") and child.i > head.i
                and (head.lemma_ == "have" or any(c.dep_ == "expl" for c in head.children))):
            no = next((d for d in child.children if d.dep_ == "det" and d.lower_ == "no"), None)
            if no is not None:
                return no
    return None
