"""Same event inside one article: one proposition told in other words.

News writing names one event many ways: "the FBI had secured the cooperation of
Bryan Pagliano" and "Pagliano is now cooperating with prosecutors"; "there's no
precedent for prosecuting" and "there is precedent for prosecution"; "the
Chinese government likely hacked computers" and "was behind the FDIC hack".  The
words overlap little, so :mod:`.restatements` and the frame keys keep such
mentions apart.  What they share is the **event** (the lemma of the
proposition's main verb, or the noun that names it, folded to one stem:
"cooperation"/"cooperating", "plagiarism"/"plagiarized", "unmarked"/"marked")
and a **participant** (a resolved entity id, or the stem of a noun argument).

Two mentions of one article state the same proposition when

* they share an event stem that few of the article's mentions have
  (``MAX_EVENT_MENTIONS``: an event the whole article is about links nothing);
* their agents do not conflict: two different agent entities (or speakers,
  where the agent is the speaker), or two different subjects of the event
  verb ("Roffman sent a letter" is not "a fool would send such a letter");
* and they share more than the event and an agent both have: a named
  participant (an entity id), two content words, a named argument of the
  event itself even when it is the other's agent ("the cooperation of X" /
  "X is cooperating"), or one word when exactly one of them is negated (a
  denial restating the claim).

Events are read from the proposition's head down through light and stance
verbs ("was behind the hack" -> *hack*, "trying to cover up" -> *cover*,
"there is no precedent" -> *precedent*); a conjoined second clause is another
proposition and is not read.

In: a parsed article, its claim mentions and entity index.  Out: pairs of
mention ids (later, earlier) that :func:`~factdesk.analyze.corpus.clusters.cluster_claims`
joins.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...model import ClaimMention
from ..entities.index import EntityIndex
from ..parse.nlp import Parsed
from .stance_cues import CLAIM_NOUNS, link_kind

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["MAX_EVENT_MENTIONS", "event_links", "event_stem"]

#: An event stem in more of an article's mentions than this is its topic.
MAX_EVENT_MENTIONS = 6
PERSONAL_PRONOUNS = frozenset({"i", "we", "he", "she", "they"})
#: Common words two mentions must share when they share no named participant.
MIN_SHARED_WORDS = 2
#: How far below the head light verbs and complements are followed.
MAX_DEPTH = 3
VERBAL = ("VERB", "AUX")
#: Verbs that carry no event of their own: the event is their complement or object.
LIGHT_VERBS = frozenset("""be have do make get take give go come seem appear try want plan
    begin start continue keep need use become remain let find see know put set hold
    attempt seek help understand explain learn realize recognize mean""".split())
#: Support verbs whose object names the event ("secured the cooperation of X",
#: "launched an investigation"): light, so the object is read.
SUPPORT_VERBS = frozenset("""secure obtain receive conduct launch open undertake offer
    grant express raise""".split())
#: Nouns too general to name an event or a participant.
GENERIC_NOUNS = frozenset("""thing way part time lot people person example matter case
    question issue point fact year day week month percent number one kind sort word
    statement comment news story information evidence reason place end side group
    anyone anything something everything nothing someone everyone man woman official
    leader member spokesman spokeswoman""".split()) \
    | CLAIM_NOUNS
#: Derivational endings folded off, longest first: "cooperation"/"cooperate" ->
#: "cooperat", "plagiarism"/"plagiarize" -> "plagiar", "supporter" -> "support".
SUFFIXES = ("ization", "isation", "ism", "ist", "ize", "ise", "ment", "ance", "ence",
            "ion", "ing", "er", "or", "ed", "e")
#: Inflection-like endings may leave a short stem ("marked" -> "mark"); a
#: derivational one must leave a longer one, or "station" and "state" meet.
INFLECTIONS = ("ing", "ed", "e")
MIN_STEM = 4
MIN_DERIVED_STEM = 5
EVENT_DEPS = ("dobj", "attr", "oprd", "acomp")


@dataclass(frozen=True, slots=True)
class _Signature:
    events: frozenset[str]
    participants: frozenset[str]
    agent: str | None
    negated: bool
    #: The event's own arguments: entity ids of names ("the cooperation of *X*"),
    #: stems of common nouns ("some of the *emails* contained").
    arguments: frozenset[str] = frozenset()
    #: The head word of the event verb's subject, when it is a noun or a name.
    subject: str | None = None


def event_stem(lemma: str) -> str:
    """A lemma folded to the stem its derivations share ("cooperation" and
    "cooperate" -> "cooperat"; "unmarked" -> "mark")."""
    word = lemma.lower()
    if word.startswith("un") and word.endswith("ed") and len(word) > 6:
        word = word[2:]  # "unmarked": the negation is the stance's business
    for suffix in SUFFIXES:
        if word.endswith(suffix):
            least = MIN_STEM if suffix in INFLECTIONS else MIN_DERIVED_STEM
            return word[: -len(suffix)] if len(word) - len(suffix) >= least else word
    return word


def event_links(parsed: Parsed, mentions: tuple[ClaimMention, ...],
                index: EntityIndex) -> tuple[tuple[str, str], ...]:
    """``(later id, earlier id)`` for mentions (text order) of one event."""
    offsets = [u.offset for u in parsed.units]
    signatures = [_signature(parsed, offsets, m, index) for m in mentions]
    by_event: dict[str, list[int]] = defaultdict(list)
    for i, sig in enumerate(signatures):
        if sig is not None:
            for stem in sig.events:
                by_event[stem].append(i)
    links: list[tuple[str, str]] = []
    seen: set[tuple[int, int]] = set()
    for stem in sorted(by_event):
        members = by_event[stem]
        spans = {(mentions[i].span.start, mentions[i].span.end) for i in members}
        if len(spans) < 2 or len(spans) > MAX_EVENT_MENTIONS:
            continue
        for a, i in enumerate(members):
            for j in members[a + 1:]:
                if (i, j) not in seen and _same_event(signatures[i], signatures[j], stem):
                    seen.add((i, j))
                    links.append((mentions[j].id, mentions[i].id))
    return tuple(links)


def _same_event(a: _Signature | None, b: _Signature | None, stem: str) -> bool:
    if a is None or b is None:
        return False
    if a.agent and b.agent and a.agent != b.agent:
        return False
    # the agent both share is not enough ("Clinton will release X" / "she
    # released Y"); the agent of one named in the other ("the cooperation of
    # X" / "X is cooperating") is
    if a.subject and b.subject and a.subject != b.subject:
        return False  # "the storm damaged the pier" / "a fire damaged the pier"
    shared = (a.participants & b.participants) - {stem, a.agent, b.agent}
    if any(":" in p for p in shared) or len(shared) >= MIN_SHARED_WORDS:
        return True  # a named participant, or two words of the event's own
    if any(":" in p for p in (a.arguments & b.arguments) - ({a.agent} & {b.agent})):
        return True  # a named argument of the event itself, even the agent of one:
        # "the cooperation of X" / "X is cooperating"
    # a denial restating the claim negated ("there's no precedent for
    # prosecuting" / "there is precedent for prosecution") needs one word
    return bool(shared) and a.negated != b.negated


def _signature(parsed: Parsed, offsets: list[int], mention: ClaimMention,
               index: EntityIndex) -> _Signature | None:
    """The events and participants of a mention, read from its parse."""
    i = bisect.bisect_right(offsets, mention.span.start) - 1
    if i < 0:
        return None
    unit = parsed.units[i]
    local = mention.span.start - unit.offset, mention.span.end - unit.offset
    window = unit.doc.char_span(*local, alignment_mode="expand")
    if window is None or not len(window):
        return None
    inside = {t.i for t in window}
    heads = [t for t in window if t.head.i not in inside or t.head.i == t.i]
    head = max(heads, key=lambda t: (t.pos_ in VERBAL, len(list(t.subtree))))
    tokens: list[Token] = []
    events = frozenset(_events(head, 0, tokens))
    participants = {event_stem(_lemma(t)) for t in window if _content(t)}
    participants |= {i for i in (mention.agent_id, mention.patient_id) if i}
    participants |= _entities(index, mention.span.start, mention.span.end)
    named = _namer(unit.offset, index)
    arguments = {a for t in tokens for a in _arguments(t, inside, named)}
    speaker = mention.source_id or (mention.source or "").lower() or None
    subjects = [_subject(t, speaker, named) for t in tokens if t.pos_ in VERBAL]
    return _Signature(events=events, participants=frozenset(participants),
                      agent=_agent_key(mention), negated=mention.negated,
                      arguments=frozenset(arguments) - events,
                      subject=next((x for x in subjects if x), None))


def _namer(offset: int, index: EntityIndex) -> Callable[[Token], str | None]:
    """The entity id a token of a unit at ``offset`` names, if any."""
    def named(token: Token) -> str | None:
        start = offset + token.idx
        entity = index.at(start, start + len(token.text))
        return index.canonical(entity) if entity is not None else None
    return named


def _arguments(token: Token, inside: set[int],
               named: Callable[[Token], str | None]) -> set[str]:
    """Stems of the common nouns that are the event's own arguments: subject,
    object, prepositional objects, and the noun a quantifier stands for
    ("some of the emails")."""
    found = []
    for child in token.children:
        if child.dep_ in ("nsubj", "nsubjpass", "dobj", "attr", "dative", "poss", "compound"):
            found.append(child)
        elif child.dep_ in ("prep", "agent"):
            found += [c for c in child.children if c.dep_ == "pobj"]
    for noun in list(found):
        for prep in noun.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                found += [c for c in prep.children if c.dep_ == "pobj"]
    out = {event_stem(_lemma(t)) for t in found
           if t.i in inside and t.pos_ == "NOUN" and t.lemma_.lower() not in GENERIC_NOUNS}
    return out | {n for t in found if t.i in inside and t.pos_ == "PROPN" and (n := named(t))}


def _subject(verb: Token, speaker: str | None,
             named: Callable[[Token], str | None]) -> str | None:
    """Who does what ``verb`` says: its active subject (or the subject of the
    verb it complements: "the board tried to cover up") as a noun stem, or an
    entity id (a name's, or the ``speaker``'s for a personal pronoun, as claim
    mentions read "he would not vote for either", said Pardo)."""
    for _ in range(MAX_DEPTH):
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is not None:
            if subject.pos_ == "NOUN" and subject.lemma_.lower() not in GENERIC_NOUNS:
                return event_stem(_lemma(subject))
            if subject.pos_ == "PROPN":  # "Roffman sent" is not "a fool would send"
                return named(subject) or subject.lower_
            if subject.lower_ in PERSONAL_PRONOUNS:
                return speaker
            return None
        if verb.dep_ != "xcomp" or verb.head is verb:
            return None
        verb = verb.head
    return None


def _agent_key(mention: ClaimMention) -> str | None:
    """Who does it: the agent's entity id, or the speaker's name where the
    agent is the speaker ("he would release ...", said Sanders)."""
    if mention.agent_id:
        return mention.agent_id
    name = mention.agent or ""
    if name == mention.source and name[:1].isupper() and name.split()[0].lower() not in (
            "the", "a", "an", "this", "that"):
        return name.lower()
    return None


def _content(token: Token) -> bool:
    """A noun or a verb with an event of its own (a participant's word)."""
    lemma = token.lemma_.lower()
    if token.pos_ == "NOUN":
        return lemma not in GENERIC_NOUNS
    return (token.pos_ == "VERB" and lemma.isalpha() and lemma not in LIGHT_VERBS
            and link_kind(lemma) is None)


def _events(token: Token, depth: int, tokens: list[Token]) -> set[str]:
    """Event stems under ``token``: itself unless light, the complements and
    objects of light and stance verbs, nouns that name the event (the tokens
    that name them are added to ``tokens``)."""
    lemma = _lemma(token)
    if token.pos_ not in VERBAL:
        if (token.pos_ == "NOUN" and lemma not in GENERIC_NOUNS) or (
                token.pos_ == "ADJ" and token.tag_ == "VBN"):
            tokens.append(token)
            return {event_stem(lemma)}
        return set()
    # "’s" and "’m" are forms of "be" the tagger sometimes leaves unlemmatised
    light = (token.pos_ == "AUX" or not lemma.isalpha() or lemma in LIGHT_VERBS or lemma in SUPPORT_VERBS
             or link_kind(lemma) is not None)
    if not light:
        tokens.append(token)
        return {event_stem(lemma)}  # its complements are other propositions
    out: set[str] = set()
    if depth >= MAX_DEPTH:
        return out
    for child in token.children:
        if child.dep_ in ("xcomp", "ccomp") and child.pos_ in VERBAL:
            out |= _events(child, depth + 1, tokens)
        elif child.dep_ in EVENT_DEPS:
            out |= _nominal_event(child, depth, tokens)
        elif child.dep_ == "prep":
            # "was behind the hack", "is in danger" name the event; "took notes
            # on X" does not, but "see evidence in the report that X" states X
            named = lemma in ("be", "’s", "'s")
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    out |= _nominal_event(pobj, depth, tokens, named=named)
    return out


def _lemma(token: Token) -> str:
    """The lemma, or the word where the lemmatiser broke a negated participle
    ("unmarked" -> "unmarke")."""
    lemma = token.lemma_.lower()
    word = token.lower_
    if lemma.startswith("un") and word.endswith("ed") and lemma != word:
        return word
    return lemma


def _nominal_event(token: Token, depth: int, tokens: list[Token], *,
                   named: bool = True) -> set[str]:
    """The event a light verb's object or complement names, and the clause it
    introduces ("is pleased that X is cooperating": *pleas*, *cooperat*)."""
    lemma = _lemma(token)
    out: set[str] = set()
    if named and ((token.pos_ == "NOUN" and lemma not in GENERIC_NOUNS) or (
            token.pos_ in ("ADJ", "VERB") and (token.tag_ == "VBN" or lemma.endswith("ed")))):
        tokens.append(token)
        out.add(event_stem(lemma))
    if depth < MAX_DEPTH:
        for child in token.children:
            if child.dep_ in ("ccomp", "acl") and child.pos_ in VERBAL and any(
                    c.dep_ == "mark" and c.lower_ == "that" for c in child.children):
                out |= _events(child, depth + 1, tokens)
    return out


def _entities(index: EntityIndex, start: int, end: int) -> set[str]:
    return {index.canonical(e) for e in index.within(start, end)}
