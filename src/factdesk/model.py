"""The data that flows between factdesk's stages.

Every domain object is a frozen, slotted, keyword-only dataclass; sequences are
tuples; enumerations are ``StrEnum`` so stored values stay readable; datetimes
are timezone-aware.  Offsets (:class:`Span`) index :attr:`Article.text` in Python
string indices, end exclusive, exactly as slicing does.

``to_dict`` / ``from_dict`` are the one serialisation pair used by JSON output,
the API and batch shard files.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import types
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Union, get_args, get_origin, get_type_hints

__all__ = [
    "Analysis",
    "Article",
    "Caption",
    "ChromeReason",
    "Claim",
    "ClaimMention",
    "DateMention",
    "Entity",
    "EntityType",
    "Fact",
    "Page",
    "Quote",
    "QuoteKind",
    "RejectReason",
    "Rejection",
    "RelatedLink",
    "Removed",
    "SourceStance",
    "Span",
    "Stance",
    "from_dict",
    "to_dict",
]

FROZEN = dict(frozen=True, slots=True, kw_only=True)


def content_id(*parts: str | bytes | None, length: int = 16) -> str:
    """A deterministic hex id from the given parts (sha256, truncated)."""
    digest = hashlib.sha256()
    for part in parts:
        if part is None:
            part = b"\x00"
        elif isinstance(part, str):
            part = part.encode("utf-8", "surrogatepass")
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()[:length]


class ChromeReason(StrEnum):
    """Why a line or block of a page was removed from the article."""

    NOTIFICATION_PROMPT = "notification_prompt"
    DONATION_APPEAL = "donation_appeal"
    SUBSCRIPTION_PROMPT = "subscription_prompt"
    NEWSLETTER_PROMPT = "newsletter_prompt"
    COMMENT_WIDGET = "comment_widget"
    LOGIN_NOTICE = "login_notice"
    COOKIE_NOTICE = "cookie_notice"
    SHARE_BUTTONS = "share_buttons"
    ADVERTISEMENT = "advertisement"
    RELATED_LINK = "related_link"
    DUPLICATE_CAPTION = "duplicate_caption"
    DUPLICATE_LINE = "duplicate_line"
    NAVIGATION = "navigation"
    FOOTER = "footer"
    SITE_REPEATED = "site_repeated"
    METADATA = "metadata"
    BOILERPLATE = "boilerplate"


class RejectReason(StrEnum):
    """Why a page produced no article at all."""

    EMPTY = "empty"
    BINARY = "binary"
    TOO_LARGE = "too_large"
    UNDECODABLE = "undecodable"
    NO_ARTICLE = "no_article"
    ALL_CHROME = "all_chrome"
    UNSUPPORTED_TYPE = "unsupported_type"
    INTERNAL_ERROR = "internal_error"


@dataclass(**FROZEN)
class Span:
    """A half-open range ``[start, end)`` of :attr:`Article.text` and its text."""

    start: int
    end: int
    text: str

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span [{self.start}, {self.end})")
        if len(self.text) != self.end - self.start:
            raise ValueError("span text length does not match its offsets")


@dataclass(**FROZEN)
class Page:
    """One fetched or read page, before cleaning.

    ``data`` holds the raw bytes when they are known; ``text`` the decoded text
    (set by decoding, or directly when the caller already has a ``str``).
    """

    source: str
    data: bytes | None = None
    text: str | None = None
    url: str | None = None
    content_type: str | None = None
    declared_encoding: str | None = None
    detected_encoding: str | None = None
    fetched: datetime | None = None
    site: str | None = None

    @property
    def id(self) -> str:
        body = self.data if self.data is not None else (self.text or "")
        return content_id(self.url or self.source, body)


@dataclass(**FROZEN)
class Caption:
    """An image caption: ``span`` is the caption text, ``credit`` its credit.

    ``line`` covers the whole caption line as it stands in ``Article.text``
    (caption plus credit, verbatim); ``credit_span`` is inside it when the
    credit is printed there.
    """

    span: Span
    credit: str | None = None
    credit_span: Span | None = None
    line: Span | None = None


@dataclass(**FROZEN)
class RelatedLink:
    """A link to another story, taken out of the body."""

    text: str
    url: str | None = None
    origin: int | None = None


@dataclass(**FROZEN)
class Removed:
    """A line or block removed from the page, and why.

    ``origin`` is the line number (0-based) in the decoded page text for text
    dumps, or ``None`` where the page was HTML.
    """

    text: str
    reason: ChromeReason
    origin: int | None = None


@dataclass(**FROZEN)
class Article:
    """A cleaned news article.

    ``text`` is the headline, standfirst, captions and body paragraphs joined by
    blank lines, each line verbatim from the page.  Every ``Span`` indexes it.
    """

    id: str
    text: str
    source: str = ""
    url: str | None = None
    site_name: str | None = None
    language: str | None = None
    headline: Span | None = None
    standfirst: Span | None = None
    bylines: tuple[str, ...] = ()
    published: datetime | None = None
    published_text: str | None = None
    captions: tuple[Caption, ...] = ()
    paragraphs: tuple[Span, ...] = ()
    related_links: tuple[RelatedLink, ...] = ()
    credits: tuple[str, ...] = ()
    removed: tuple[Removed, ...] = ()
    extractor: str = ""
    page_id: str | None = None

    def __post_init__(self) -> None:
        if self.published is not None and self.published.utcoffset() is None:
            raise ValueError("Article.published must be timezone-aware")

    @property
    def body(self) -> str:
        """The body paragraphs joined by blank lines."""
        return "\n\n".join(span.text for span in self.paragraphs)

    def spans(self) -> tuple[Span, ...]:
        """Every span this article holds, for offset checks."""
        out: list[Span] = [s for s in (self.headline, self.standfirst) if s]
        for caption in self.captions:
            out += [s for s in (caption.span, caption.credit_span, caption.line) if s]
        return (*out, *self.paragraphs)

    @classmethod
    def from_text(cls, text: str, *, source: str = "", url: str | None = None,
                  language: str | None = None) -> Article:
        """An article whose body is ``text`` verbatim, one paragraph per line.

        Offsets point into ``text`` unchanged, so later stages and benchmarks
        can analyze a given document and report offsets into it.
        """
        paragraphs = []
        pos = 0
        for line in text.splitlines(keepends=True):
            content = line.rstrip("\r\n")
            stripped = content.strip()
            if stripped:
                start = pos + (len(content) - len(content.lstrip()))
                paragraphs.append(Span(start=start, end=start + len(stripped), text=stripped))
            pos += len(line)
        return cls(
            id=content_id(url or source, text),
            text=text,
            source=source,
            url=url,
            language=language,
            paragraphs=tuple(paragraphs),
            extractor="from_text",
        )


@dataclass(**FROZEN)
class Rejection:
    """A page that produced no article: a normal outcome with a stable reason."""

    source: str
    reason: RejectReason
    message: str
    page_id: str | None = None


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
    mention at the cue, which may be a pronoun.  ``analyzer`` names the versioned
    rule set that produced it (``quotes.rules.v1``).
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
    ``noun`` ("US suggestions that ...") or ``report``.
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


# ---------------------------------------------------------------------------
# serialisation

_CLASSES: dict[str, type] = {
    cls.__name__: cls for cls in (Span, Page, Caption, RelatedLink, Removed, Article, Rejection,
                                Entity, Quote, ClaimMention, SourceStance, Claim, DateMention,
                                Fact, Analysis)
}


def to_dict(obj: Any) -> Any:
    """A JSON-ready structure for a model object (recursively).

    Bytes are left out (``data`` of a :class:`Page` becomes its length), datetimes
    become ISO 8601 strings, enums their values.
    """
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        out: dict[str, Any] = {"type": type(obj).__name__}
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            if isinstance(value, bytes):
                out[f.name + "_length"] = len(value)
                continue
            out[f.name] = to_dict(value)
        return out
    if isinstance(obj, StrEnum):
        return obj.value
    if isinstance(obj, datetime):
        return obj.isoformat()
    if isinstance(obj, (tuple, list)):
        return [to_dict(v) for v in obj]
    return obj


def from_dict(data: dict[str, Any]) -> Any:
    """Rebuild a model object written by :func:`to_dict`."""
    cls = _CLASSES[data["type"]]
    kwargs = {}
    for name, hint in _fields(cls):
        if name in data:
            kwargs[name] = _revive(hint, data[name])
    return cls(**kwargs)


@functools.cache
def _fields(cls: type) -> tuple[tuple[str, Any], ...]:
    """(name, resolved type) of each field; resolving hints is slow, so once per class."""
    hints = get_type_hints(cls)
    return tuple((f.name, hints[f.name]) for f in dataclasses.fields(cls))


def _revive(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(hint) if a is not type(None)]
        return _revive(args[0], value) if len(args) == 1 else value
    if origin is tuple:
        (item, *_rest) = get_args(hint)
        return tuple(_revive(item, v) for v in value)
    if isinstance(hint, type):
        if dataclasses.is_dataclass(hint):
            return from_dict(value)
        if issubclass(hint, StrEnum):
            return hint(value)
        if hint is datetime:
            return datetime.fromisoformat(value)
    return value

