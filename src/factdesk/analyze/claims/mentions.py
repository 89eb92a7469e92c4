"""Claim mentions: every place an article states or passes on a proposition.

Three sources of mentions:

* **attributions** — each quote's content, sentence by sentence; the stance
  comes from the quote's cue and the stance words inside the content ("said he
  would not dispute claims that ..."), the source is the quote's speaker; a
  quote in the headline or standfirst is marked as such;
* **claim nouns** outside quotes — "the strongest US suggestions yet that
  Moscow is providing arms": the source is the noun's owner ("US"), the stance
  the noun's ("suggestion" hedges);
* **reporting** — a body sentence outside any quote whose subject is a named
  person, organisation or place: the outlet's own assertion about what others
  did ("The CIA provided arms to Afghans ...");
* **accusations** — "accused X of doing Y", "blamed X for doing Y": X doing
  Y, asserted by the accuser (:mod:`~factdesk.analyze.claims.accusations`);
* **anaphors** — the object of a stance verb that points back ("denied the
  charge", "declined to confirm the report", "denied wrongdoing") and
  counter-statements ("They are all false"): resolved to the mention they
  refer to by :mod:`~factdesk.analyze.claims.anaphora`, dropped when nothing fits.

Every mention gets a positive label and a check-worthiness score
(:mod:`~factdesk.analyze.claims.labels`).  A source that is not an agent (a correction notice,
"another thread") gives no mention.
"""

from __future__ import annotations

import bisect
import dataclasses
from typing import TYPE_CHECKING

from spacy.symbols import NOUN, PROPN, VERB

from ...model import Article, ClaimMention, EntityType, Quote, Span, Stance, content_id
from .anaphora import ANAPHOR_NOUNS, counter_kind, counter_stance, resolve
from .labels import check_worthiness, positive_label
from .accusations import accusation
from .headlines import headline_proposition
from .objects import Pending, object_anaphor_mentions, verb_source
from .sources import (ANALYZER, Source, anonymous, canonical_id, negated_cue,
                            token_source)
from ..speakers.descriptions import NOT_AGENTS
from ..entities.index import EntityIndex
from ..parse.nlp import Parsed, Unit
from .propositions import Proposition, noun_complement, proposition_in
from .stance_cues import CLAIM_NOUNS, Link, compose, link_kind, noun_stance

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span as SpacySpan, Token

    from ..speakers.resolve import SpeakerResolver

__all__ = ["ANALYZER", "find_claim_mentions"]

REPORTER = "the reporter"
NAMED_AGENTS = frozenset({EntityType.PERSON, EntityType.ORG, EntityType.GPE, EntityType.NORP})
MIN_PROPOSITION_CHARS = 12
_NOUN_POS = frozenset({NOUN, PROPN, VERB})


def find_claim_mentions(parsed: Parsed, quotes: tuple[Quote, ...], index: EntityIndex,
                        resolver: SpeakerResolver | None = None) -> tuple[ClaimMention, ...]:
    """Every claim mention of the article, in text order, without duplicates."""
    article = parsed.article
    out: dict[tuple, ClaimMention] = {}
    pending: Pending = []
    offsets = [u.offset for u in parsed.units]  # once: tens of thousands of units happen
    for quote in quotes:
        for mention in _from_quote(parsed, quote, index, pending, offsets):
            out.setdefault(_dedupe_key(mention), mention)
    taken = [(q.span.start, q.span.end) for q in quotes]
    taken += [(q.cue.start, q.cue.end) for q in quotes if q.cue]
    by_cue = {q.cue.start: q for q in quotes if q.cue is not None}
    body = frozenset(p.start for p in article.paragraphs)
    for unit in parsed.units:
        for mention in _outside_quotes(article, unit, index, taken, by_cue, resolver, body):
            out.setdefault(_dedupe_key(mention), mention)
    pending += object_anaphor_mentions(parsed, quotes, index, resolver)
    pending_ids = {m.id for m, *_ in pending}
    ordered = sorted((m for m in out.values() if m.id not in pending_ids),
                     key=lambda m: (m.span.start, m.span.end, m.id))
    for mention in resolve(pending, ordered):
        out[_dedupe_key(mention)] = mention
    for mention, *_ in pending:  # an anaphor with nothing to refer to is no mention
        if out.get(_dedupe_key(mention)) is mention:
            del out[_dedupe_key(mention)]
    # a words-only source ("concerns that ...") adds nothing where a source is known
    sourced = {(m.span.start, m.span.end) for m in out.values() if m.source}
    out = {k: m for k, m in out.items() if m.source or (m.span.start, m.span.end) not in sourced}
    return tuple(sorted(out.values(), key=lambda m: (m.span.start, m.span.end, m.id)))


def _outside_quotes(article: Article, unit: Unit, index: EntityIndex,
                    taken: list[tuple[int, int]], by_cue: dict[int, Quote],
                    resolver: SpeakerResolver | None,
                    body: frozenset[int]) -> list[ClaimMention]:
    """A unit's mentions from claim nouns, accusation frames and reporting
    (``body``: where the article's paragraphs start)."""
    found = _from_nouns(article, unit, index, taken)
    found += _from_accusations(article, unit, index, taken, by_cue, resolver)
    origin = _origin(article, unit.offset)
    if origin != "quote" or unit.offset in body:
        origin = "report" if origin == "quote" else origin
        found += _from_reporting(article, unit, index, taken, origin)
    return found


def _dedupe_key(mention: ClaimMention) -> tuple:
    return (mention.span.start, mention.span.end, mention.source_id or mention.source)


def _unit_at(parsed: Parsed, position: int, offsets: list[int]) -> Unit | None:
    """The unit holding ``position`` (units are in text order; ``offsets`` theirs)."""
    i = bisect.bisect_right(offsets, position) - 1
    if i < 0:
        return None
    unit = parsed.units[i]
    doc = unit.doc
    end = unit.offset + (doc[-1].idx + len(doc[-1].text) if len(doc) else 0)
    return unit if position < end else None


def _origin(article: Article, position: int) -> str:
    for name in ("headline", "standfirst"):
        span = getattr(article, name)
        if span is not None and span.start <= position < span.end:
            return name
    return "quote"


def _from_quote(parsed: Parsed, quote: Quote, index: EntityIndex,
                pending: Pending, offsets: list[int]) -> list[ClaimMention]:
    article = parsed.article
    said_by = quote.speaker or (quote.speaker_span.text if quote.speaker_span else "")
    if NOT_AGENTS.search(said_by):  # a correction notice is no source
        return []
    unit = _unit_at(parsed, quote.span.start, offsets)
    if unit is None:
        return []
    doc = unit.doc
    cue_link: Link | None = None
    cue_token = None
    if quote.cue is not None and quote.cue_lemma:
        cue_token = _token_at(unit, quote.cue.start)
        lemma = quote.cue_lemma
        if cue_token is not None and cue_token.pos_ in ("NOUN", "PROPN"):
            cue_link = Link(lemma, _noun_kind(lemma), False)
        else:
            negated = cue_token is not None and negated_cue(cue_token)
            cue_link = Link(lemma, link_kind(lemma) or "assert", negated)
    source = Source(name=quote.speaker, entity_id=canonical_id(quote.speaker_id, index),
                     span=quote.speaker_span,
                     anonymous=quote.speaker_id is None and anonymous(quote.speaker))
    origin = _origin(article, quote.span.start)
    out = []
    for part in quote.parts or (quote.span,):
        for sent_start, sent_end in _sentences(unit):
            lo = max(part.start - unit.offset, sent_start)
            hi = min(part.end - unit.offset, sent_end)
            if hi - lo < MIN_PROPOSITION_CHARS:
                continue
            prop = _quoted_proposition(doc, lo, hi, origin)
            if prop is None or (cue_token is not None and prop.head.i == cue_token.i):
                continue
            links = ([cue_link] if cue_link else []) + list(prop.links)
            mention = _mention(article, unit, prop, links, source, index, origin,
                               cue_span=quote.cue, cue_lemma=quote.cue_lemma,
                               quote_id=quote.id)
            counter = counter_kind(prop.head, prop.agent, prop.participants)
            if counter is not None:
                mention = dataclasses.replace(
                    mention, stance=counter_stance(mention.stance, counter))
                noun = prop.agent.lemma_.lower() if prop.agent is not None else ""
                pending.append((mention, "innocent" if counter == "innocent" else "counter",
                                noun if noun in ANAPHOR_NOUNS else "", None))
            out.append(mention)
    return out


def _sentences(unit: Unit) -> list[tuple[int, int]]:
    """Char ranges of the unit's sentences (``doc.sents`` is slow to walk again)."""
    cached = unit.doc.user_data.get("factdesk.sentences")
    if cached is None:
        cached = [(s.start_char, s.end_char) for s in unit.doc.sents]
        unit.doc.user_data["factdesk.sentences"] = cached
    return cached


def _from_nouns(article: Article, unit: Unit, index: EntityIndex,
                taken: list[tuple[int, int]]) -> list[ClaimMention]:
    out = []
    for noun in unit.doc:
        if noun.pos not in _NOUN_POS:  # an int test first: most tokens stop here
            continue
        lemma = noun.lemma_.lower()
        if lemma not in CLAIM_NOUNS:
            continue
        verb = noun_complement(noun)
        if verb is None:
            continue
        start = verb.left_edge.idx
        last = verb.right_edge
        end = last.idx + len(last.text)
        if _overlaps(start + unit.offset, end + unit.offset, taken):
            continue
        prop = proposition_in(unit.doc, start, end)
        if prop is None:
            continue
        owner = _noun_owner(noun)
        if owner is not None and owner.pos_ == "PRON":
            owner = None  # "his claims that ...": a bare pronoun is never a source
        source = token_source(article, unit, owner, index) if owner is not None else \
            Source(name=None, entity_id=None, span=None, anonymous=True)
        link = Link(lemma, _noun_kind(lemma), False)
        cue_span = unit.span(noun.idx, noun.idx + len(noun.text), article.text)
        out.append(_mention(article, unit, prop, [link, *prop.links], source, index, "noun",
                            cue_span=cue_span, cue_lemma=lemma, quote_id=None))
    return out


def _from_accusations(article: Article, unit: Unit, index: EntityIndex,
                      taken: list[tuple[int, int]], by_cue: dict[int, Quote],
                      resolver: SpeakerResolver | None) -> list[ClaimMention]:
    """"The report accused the agency of trying to cover up the hacks": the
    agency trying to cover up the hacks, asserted by the report."""
    out = []
    for verb in unit.doc:
        found = accusation(verb)
        if found is None:
            continue
        accused, gerund = found
        start, end = gerund.left_edge.idx, gerund.right_edge.idx + len(gerund.right_edge.text)
        own = by_cue.get(unit.offset + verb.idx)  # the quote finder's reading of this frame
        others = [r for r in taken if own is None or r not in (
            (own.span.start, own.span.end), (own.cue.start, own.cue.end))]
        if _overlaps(start + unit.offset, end + unit.offset, others):
            continue
        prop = proposition_in(unit.doc, start, end)
        source = verb_source(article, unit, verb, by_cue, index, resolver)
        if prop is None or source is None:
            continue
        lemma = verb.lemma_.lower()
        link = Link(lemma, link_kind(lemma) or "assert", negated_cue(verb))
        cue_span = unit.span(verb.idx, verb.idx + len(verb.text), article.text)
        mention = _mention(article, unit, prop, [link, *prop.links], source, index,
                           "accusation", cue_span=cue_span, cue_lemma=lemma, quote_id=None)
        agent, agent_id = _named(unit, accused, index) if accused.pos_ != "PRON" else (None, None)
        if agent is None:
            continue  # "accused him of ...": no accused named in reach
        label = positive_label(prop, drop_negation=False, agent=agent)
        out.append(dataclasses.replace(mention, agent=agent, agent_id=agent_id, label=label))
    return out


def _noun_owner(noun: Token) -> Token | None:
    """Who a claim noun belongs to: "by X" (on the noun or its participle),
    "X's"/"his", or a name in front of it ("US suggestions")."""
    holders = [noun, *(c for c in noun.children if c.dep_ == "acl" and c.tag_ == "VBN")]
    for holder in holders:
        for child in holder.children:
            if child.dep_ in ("agent", "prep") and child.lower_ == "by":
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
    for child in noun.children:
        if child.dep_ == "poss" or (child.dep_ in ("compound", "nmod", "amod")
                                    and child.pos_ == "PROPN" and child.i < noun.i):
            return child
    return None


def _from_reporting(article: Article, unit: Unit, index: EntityIndex,
                    taken: list[tuple[int, int]], origin: str) -> list[ClaimMention]:
    """The outlet's own statements: body sentences about named actors; the
    headline and standfirst whatever their subject."""
    out = []
    source = Source(name=article.site_name or REPORTER, entity_id=None, span=None,
                     anonymous=False)
    for sent in unit.doc.sents:
        start, end = sent.start_char + unit.offset, sent.end_char + unit.offset
        if _overlaps(start, end, taken) or any(t.is_quote for t in sent):
            continue
        prop = _stated(unit, sent, origin)
        if prop is None:
            continue
        agent = index.at(prop.agent.idx + unit.offset,
                         prop.agent.idx + unit.offset + len(prop.agent.text))
        if origin == "report" and (agent is None or agent.kind not in NAMED_AGENTS):
            continue
        out.append(_mention(article, unit, prop, [], source, index, origin, cue_span=None,
                            cue_lemma=None, quote_id=None))
    return out


def _quoted_proposition(doc: Doc, start: int, end: int, origin: str) -> Proposition | None:
    """The proposition of a stretch of quote content; in a headline or standfirst,
    in headlinese too ("X say [suspects caught at border]")."""
    prop = proposition_in(doc, start, end)
    if prop is None and origin in ("headline", "standfirst"):
        prop = headline_proposition(doc, start, end)
    return prop


def _stated(unit: Unit, sent: SpacySpan, origin: str) -> Proposition | None:
    """The proposition a sentence outside quotes states with a subject of its own
    and no stance verb above it; in a headline or standfirst, in headlinese too."""
    root = sent.root
    if root.pos_ in ("VERB", "AUX") and not link_kind(root.lemma_.lower()):
        prop = proposition_in(unit.doc, sent.start_char, sent.end_char)
        if prop is not None and prop.agent is not None and not prop.links:
            return prop
    if origin in ("headline", "standfirst"):
        return headline_proposition(unit.doc, sent.start_char, sent.end_char)
    return None


def _mention(article: Article, unit: Unit, prop: Proposition, links: list[Link],
             source: Source, index: EntityIndex, origin: str, *, cue_span: Span | None,
             cue_lemma: str | None, quote_id: str | None) -> ClaimMention:
    text = article.text
    span = unit.span(prop.start, prop.end, text)
    sent = prop.head.sent
    evidence = unit.span(sent.start_char, sent.end_char, text)
    stance = compose(links, negated=prop.negated, modality=prop.modality,
                     conditional=prop.conditional)
    positive = compose(links, modality=prop.modality, conditional=prop.conditional)
    agent_name, agent_id = _agent(unit, prop, source, index)
    patient_name, patient_id = _patient(unit, prop, index)
    label = positive_label(prop, drop_negation=prop.negated and stance is not positive,
                           agent=agent_name)
    worth = check_worthiness(prop, contested=stance is not Stance.ASSERTS,
                             has_entity=bool(agent_id or patient_id))
    return ClaimMention(
        id=content_id(article.id, str(span.start), str(span.end), source.name, ANALYZER),
        span=span, stance=stance, origin=origin, evidence=evidence,
        agent=agent_name, agent_id=agent_id, predicate=prop.predicate,
        patient=patient_name, patient_id=patient_id, negated=prop.negated,
        modality=prop.modality, source=source.name, source_id=source.entity_id,
        source_span=source.span, anonymous=source.anonymous, cue=cue_span, cue_lemma=cue_lemma,
        quote_id=quote_id, label=label, check_worthiness=worth, analyzer=ANALYZER)


def _agent(unit: Unit, prop: Proposition, source: Source,
           index: EntityIndex) -> tuple[str | None, str | None]:
    token = prop.agent
    if token is None:  # "denied providing aid": the source is the agent
        return source.name, source.entity_id
    if token.pos_ == "PRON" and token.lower_ in ("he", "she", "it", "they", "we", "i"):
        return source.name, source.entity_id  # "Russia says it maintains ties"
    return _named(unit, token, index)


def _patient(unit: Unit, prop: Proposition, index: EntityIndex) -> tuple[str | None, str | None]:
    for token in prop.participants:
        name, entity_id = _named(unit, token, index)
        if entity_id:
            return name, entity_id
    if prop.participants:
        token = prop.participants[0]
        return _phrase(token), None
    return None, None


def _named(unit: Unit, token: Token, index: EntityIndex) -> tuple[str | None, str | None]:
    start = token.left_edge.idx + unit.offset
    end = token.idx + len(token.text) + unit.offset
    entity = index.at(start, end) or index.at(token.idx + unit.offset,
                                              token.idx + unit.offset + len(token.text))
    if entity is not None:
        canonical = index.canonical(entity)
        target = index.by_id.get(canonical)
        return (target.name if target else entity.name), canonical
    return _phrase(token), None


def _phrase(token: Token) -> str:
    words = sorted((t for t in token.subtree if t.i <= token.i and t.dep_ not in ("det", "punct")),
                   key=lambda t: t.i)
    return " ".join(t.text for t in words) or token.text


def _noun_kind(lemma: str) -> str:
    return {Stance.HEDGED: "hedge", Stance.DENIES: "deny", Stance.BELIEVES: "believe",
            Stance.QUESTIONS: "question"}.get(noun_stance(lemma), "assert")


def _token_at(unit: Unit, position: int) -> Token | None:
    local = position - unit.offset
    span = unit.doc.char_span(local, local + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _overlaps(start: int, end: int, ranges: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in ranges)
