"""The analyze stage's output: entities, quotes, claims and stances, facts, dates."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .page import FROZEN, Span

__all__ = ["Analysis", "Claim", "ClaimMention", "DateMention", "Entity", "EntityType", "Fact",
           "Quote", "QuoteKind", "SourceStance", "Stance"]


class EntityType(StrEnum):
    """The kind of thing an :class:`Entity` is (spaCy/OntoNotes labels)."""

    PERSON = "PERSON"
    ORG = "ORG"
    GPE = "GPE"
    NORP = "NORP"
    LOC = "LOC"
    FAC = "FAC"


class QuoteKind(StrEnum):
    """How much of a quote's content is inside quotation marks."""

    DIRECT = "direct"
    MIXED = "mixed"
    INDIRECT = "indirect"


@dataclass(**FROZEN)
class Entity:
    """Someone or something an article mentions, with its in-article aliases.

    ``id`` is a stable cross-document key built from the kind and canonical
    name (``person:james-mattis``); ``kind`` is its type (``type`` is taken by
    the serialised class tag).  ``mentions`` are every place it is named;
    ``metonym_of`` is the id of the entity a place name stands for when it is
    used for a state ("Moscow" for Russia).
    """

    id: str
    name: str
    kind: EntityType
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    mentions: tuple[Span, ...] = ()
    metonym_of: str | None = None


@dataclass(**FROZEN)
class Quote:
    """Who said what: one attribution, traced to offsets.

    ``span`` covers the whole content (both parts of a quote split around its
    attribution); ``parts`` are the content pieces without the attribution.
    ``speaker`` is the resolved name or, for an unnamed source, its description;
    ``speaker_id`` the :class:`Entity` id when there is one; ``speaker_span`` the
    mention at the cue, which may be a pronoun.  ``listable`` is false for a
    fragment or a scare quote: kept in the analysis (and highlighted), but not
    listed as a quote on its own (:mod:`factdesk.analyze.quotes.listing`).
    ``analyzer`` names the versioned rule set that produced it (``quotes.rules.v1``).
    """

    id: str
    kind: QuoteKind
    span: Span
    parts: tuple[Span, ...] = ()
    speaker: str | None = None
    speaker_id: str | None = None
    speaker_span: Span | None = None
    cue: Span | None = None
    cue_lemma: str | None = None
    addressee: str | None = None
    addressee_span: Span | None = None
    listable: bool = True
    analyzer: str = ""


class Stance(StrEnum):
    """Where a source stands on a claim."""

    ASSERTS = "asserts"              # says it is so
    HEDGED = "hedged"                # "suggest", "indicate", "may"
    DENIES = "denies"                # "denied", "rejected", or asserts its negation
    DOES_NOT_DENY = "does_not_deny"  # "not refuting", "would not dispute", "declined to deny"
    BELIEVES = "believes"            # "analysts believe", "think", "suspect"
    QUESTIONS = "questions"          # "questioned", "doubts", "asked whether"
    CONDITIONAL = "conditional"      # "any weapons ... would be a violation"


@dataclass(**FROZEN)
class ClaimMention:
    """One place where an article states or reports a proposition.

    ``span`` is the proposition's words (inside a quote's content, the headline,
    or a sentence of reporting); ``agent``/``predicate``/``patient`` its
    normalised form (who does what to whom, with entity ids where known);
    ``negated`` and ``modality`` describe the proposition itself.  ``source``
    is who puts it forward (a speaker, an unnamed source, or the outlet for
    the reporter's own assertions) and ``stance`` how they stand on it, judged
    from ``cue`` (the verb or noun that carries the stance) and ``evidence``
    (the sentence).  ``origin`` is ``quote``, ``headline``, ``standfirst``,
    ``noun`` ("US suggestions that ..."), ``report``, ``accusation`` ("accused
    X of doing Y") or ``anaphor`` (a stance's
    object that points back: "denied the charge", "They are all false").

    ``label`` is the proposition as a readable clause stated positively (the
    negation the stance already expresses is left out: a source saying "X is
    not true" denies "X is true"); ``check_worthiness`` in [0, 1] says how
    much it is a checkable statement rather than an opinion or a plan;
    ``refers_to`` is the id of the earlier mention this one points back to (an
    anaphor: "denied the charge") or restates (the same content words, inside
    one article); it belongs to that mention's claim.
    """

    id: str
    span: Span
    stance: Stance
    origin: str
    evidence: Span
    agent: str | None = None
    agent_id: str | None = None
    predicate: str = ""
    patient: str | None = None
    patient_id: str | None = None
    negated: bool = False
    modality: str | None = None
    source: str | None = None
    source_id: str | None = None
    source_span: Span | None = None
    anonymous: bool = False
    cue: Span | None = None
    cue_lemma: str | None = None
    quote_id: str | None = None
    label: str = ""
    check_worthiness: float = 0.0
    refers_to: str | None = None
    analyzer: str = ""


@dataclass(**FROZEN)
class SourceStance:
    """One source's stance on one claim, with the mentions that show it."""

    source: str
    stance: Stance
    mention_ids: tuple[str, ...]
    source_id: str | None = None
    anonymous: bool = False
    cue: str | None = None


@dataclass(**FROZEN)
class Claim:
    """Mentions of one proposition, clustered across wording (and articles).

    ``key`` is the normalised frame the cluster is filed under
    (``gpe:russia|supply|org:taliban``); ``id`` is derived from it, so it does
    not depend on the order in which mentions arrive.  ``label`` is the
    wording of a representative mention.
    """

    id: str
    key: str
    label: str
    mention_ids: tuple[str, ...]
    stances: tuple[SourceStance, ...] = ()
    article_ids: tuple[str, ...] = ()
    analyzer: str = ""


@dataclass(**FROZEN)
class DateMention:
    """A date or period in the text, resolved against the publication time.

    ``start``/``end`` are ISO dates (inclusive); ``granularity`` is ``day``,
    ``week``, ``month``, ``year``, ``decade``, ``century`` or ``duration``
    (a period ending or starting at the anchor: "the last 18 months").  Both
    are ``None`` when the text cannot be resolved.
    """

    span: Span
    granularity: str | None = None
    start: str | None = None
    end: str | None = None
    analyzer: str = ""


@dataclass(**FROZEN)
class Fact:
    """A quantity and what it counts, with where and when when the text says.

    ``value`` is the number (``140.0``), ``qualifier`` how it bounds the count
    (``more_than``, ``about``, ``at_least``, ``up_to``, ``less_than``, or
    ``exact``), ``unit`` a measure when there is one ("months", "percent"),
    ``counts`` the thing counted and what happened to it ("Afghan troops
    killed"), ``place``/``date`` the place and date of the event it belongs to.
    """

    span: Span
    value: float | None
    qualifier: str = "exact"
    unit: str | None = None
    counts: str | None = None
    counts_span: Span | None = None
    event: Span | None = None
    place: str | None = None
    place_id: str | None = None
    place_span: Span | None = None
    date: DateMention | None = None
    analyzer: str = ""


@dataclass(**FROZEN)
class Analysis:
    """What the analyze stage found in one article."""

    article_id: str
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    claim_mentions: tuple[ClaimMention, ...] = ()
    claims: tuple[Claim, ...] = ()
    facts: tuple[Fact, ...] = ()
    dates: tuple[DateMention, ...] = ()
    analyzers: tuple[str, ...] = ()
    #: Why nothing was looked for ("" when the article was analysed), e.g. an
    #: article written in a language the spaCy model does not read.
    skipped: str = ""
