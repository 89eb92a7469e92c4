"""Stance verbs whose object points back, as pending claim mentions.

"Holloway has denied the charge", "declined to confirm the report", "denied
any wrongdoing": the object (:func:`~.claim_anaphora.object_anaphor`) is no
clause, so the mention waits, as ``(mention, kind, noun)``, until
:func:`~.claim_anaphora.resolve` finds what it refers to.  The source is the
speaker of the quote at the verb when the quote finder took it as a cue, else
the verb's subject resolved as speakers are (a correction notice is none).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...model import Article, ClaimMention, Quote, content_id
from .anaphora import object_anaphor
from .sources import ANALYZER, Source, anonymous, canonical_id, negated_cue, token_source
from ..speakers.descriptions import NOT_AGENTS
from ..entities.index import EntityIndex
from ..parse.nlp import Parsed, Unit
from .stance_cues import Link, compose, link_kind

if TYPE_CHECKING:
    from spacy.tokens import Token

    from ..speakers.resolve import SpeakerResolver

__all__ = ["OBJECT_STANCE_ASSERTS", "Owner", "Pending", "object_anaphor_mentions", "verb_source"]

# Stance verbs that take an anaphoric object ("denied the charge", "confirmed
# the report"); deny, question and refuse verbs all do.
OBJECT_STANCE_ASSERTS = frozenset({"confirm", "acknowledge", "admit", "concede"})
#: Whose words a possessed claim noun names ("Trump's remarks", "his
#: accusation"): ``(entity id, name)``, or ``None`` when the noun has no owner.
Owner = tuple[str | None, str] | None
#: Mentions waiting for their antecedent: ``(mention, kind, noun lemma, owner)``.
Pending = list[tuple[ClaimMention, str, str, Owner]]


def object_anaphor_mentions(parsed: Parsed, quotes: tuple[Quote, ...], index: EntityIndex,
                            resolver: SpeakerResolver | None) -> Pending:
    """Stance verbs whose object points back: "denied the charge", "declined to
    confirm the report", "denied any wrongdoing"."""
    article = parsed.article
    by_cue = {q.cue.start: q for q in quotes if q.cue is not None}
    found: Pending = []
    for unit in parsed.units:
        for verb in unit.doc:
            lemma = verb.lemma_.lower()
            kind = link_kind(lemma)
            if verb.pos_ not in ("VERB", "AUX") or not (
                    kind in ("deny", "question") or lemma in OBJECT_STANCE_ASSERTS):
                continue
            target = object_anaphor(verb)
            if target is None:
                continue
            token, anaphor_kind = target
            links = [Link(lemma, kind or "assert", negated_cue(verb))]
            outer = verb
            if verb.dep_ == "xcomp" and link_kind(verb.head.lemma_.lower()) == "refuse":
                outer = verb.head
                links.insert(0, Link(outer.lemma_.lower(), "refuse", negated_cue(outer)))
            source = verb_source(article, unit, outer, by_cue, index, resolver)
            if source is None:
                continue
            mention = _anaphor_mention(article, unit, verb, token, links, source)
            noun = token.lemma_.lower() if anaphor_kind == "noun" else ""
            owner = _owner(article, unit, token, index, resolver) if noun else None
            found.append((mention, anaphor_kind, noun, owner))
    return found


def _owner(article: Article, unit: Unit, noun: Token, index: EntityIndex,
           resolver: SpeakerResolver | None) -> Owner:
    """Whose claim a possessed claim noun is: the possessor of "Trump's remarks",
    "his accusation" (a pronoun resolved as speakers are), else ``None``."""
    poss = next((c for c in noun.children if c.dep_ == "poss"), None)
    if poss is None:
        return None
    if resolver is not None:
        speaker = resolver.resolve(unit, poss)
        if speaker.name is None:
            return None
        return canonical_id(speaker.entity_id, index), speaker.name
    if poss.pos_ == "PRON":
        return None
    source = token_source(article, unit, poss, index)
    return source.entity_id, source.name


def verb_source(article: Article, unit: Unit, verb: Token, by_cue: dict[int, Quote],
                index: EntityIndex, resolver: SpeakerResolver | None) -> Source | None:
    """Who takes the stance of ``verb``: the speaker of the quote it cues, else
    its subject (a conjoined or participial verb's is its head's: "...,
    accusing the agency of ..."), resolved as speakers are; ``None`` when
    there is none or it is no agent."""
    quote = by_cue.get(unit.offset + verb.idx)
    if quote is not None and quote.speaker:
        return Source(name=quote.speaker, entity_id=canonical_id(quote.speaker_id, index),
                       span=quote.speaker_span,
                       anonymous=quote.speaker_id is None and anonymous(quote.speaker))
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None and verb.dep_ in ("conj", "advcl"):
        subject = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.lower_ in ("who", "which", "that"):
        return None
    if resolver is not None:
        speaker = resolver.resolve(unit, subject)
        if speaker.name is None or NOT_AGENTS.search(speaker.name):
            return None
        return Source(name=speaker.name, entity_id=canonical_id(speaker.entity_id, index),
                       span=speaker.span,
                       anonymous=speaker.entity_id is None and anonymous(speaker.name))
    if subject.pos_ == "PRON":
        return None
    return token_source(article, unit, subject, index)


def _anaphor_mention(article: Article, unit: Unit, verb: Token, token: Token,
                     links: list[Link], source: Source) -> ClaimMention:
    first = token.left_edge
    last = token.right_edge if token.right_edge.i - first.i <= 12 else token
    span = unit.span(first.idx, last.idx + len(last.text), article.text)
    sent = verb.sent
    evidence = unit.span(sent.start_char, sent.end_char, article.text)
    cue = unit.span(verb.idx, verb.idx + len(verb.text), article.text)
    return ClaimMention(
        id=content_id(article.id, str(span.start), str(span.end), source.name, ANALYZER),
        span=span, stance=compose(links), origin="anaphor", evidence=evidence,
        source=source.name, source_id=source.entity_id, source_span=source.span,
        anonymous=source.anonymous, cue=cue, cue_lemma=verb.lemma_.lower(),
        label=span.text, analyzer=ANALYZER)
