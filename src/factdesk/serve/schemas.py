"""Pydantic models of the API's requests and responses (the OpenAPI document's schemas).

Pydantic lives only here, at the HTTP edge; the queries return plain dicts
that these models validate on the way out.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

__all__ = ["ArticleDetail", "ArticleList", "ClaimDetail", "ClaimList", "ClaimSource", "EntityDetail",
           "EntityQuoteList",
           "ErrorResponse", "IngestJob", "IngestRequest", "Outlets", "SearchPage"]


class _Model(BaseModel):
    model_config = {"extra": "forbid"}


class ErrorDetail(_Model):
    status: int
    code: str
    message: str


class ErrorResponse(_Model):
    error: ErrorDetail


class Highlight(_Model):
    text: str
    match: bool


class StanceBrief(_Model):
    stance: str
    source: str


class SearchHit(_Model):
    kind: Literal["articles", "quotes", "claims", "entities"]
    id: str
    article_id: str | None
    title: str
    highlights: list[Highlight]
    outlet: str | None = None
    published: str | None = None
    speaker: str | None = None
    speaker_id: str | None = None
    cue: str | None = None
    quote_kind: str | None = None
    key: str | None = None
    mentions: int | None = None
    stances: list[StanceBrief] | None = None
    entity_kind: str | None = None
    articles: int | None = None


class _Paged(_Model):
    total: int
    total_capped: bool = Field(False, description="true when there are more than `total` "
                               "(a search stops counting at 1000)")
    limit: int
    offset: int
    next_offset: int | None


class FacetValue(_Model):
    label: str
    count: int
    filters: dict[str, str] = Field(description="the query parameters that narrow the "
                                    "search to this value (add them to the search's)")


class SearchFacets(_Model):
    outlet: list[FacetValue]
    date: list[FacetValue]
    speaker: list[FacetValue]
    stance: list[FacetValue]
    date_unit: Literal["month", "day"] = Field(description="day when every dated hit "
                                               "falls in one month")
    undated: int = Field(description="hits without a publication date")
    capped: bool = Field(description="true when the counts are of the first 1000 hits only")


class SearchPage(_Paged):
    kind: str
    query: str
    items: list[SearchHit]
    facets: SearchFacets = Field(description="the hits counted by outlet, date, speaker and "
                                 "stance, over the whole result set (empty for entities)")
    undated: int = Field(description="hits a date filter left out for having no "
                         "publication date")


class ArticleBrief(_Model):
    id: str
    title: str
    outlet: str
    published: str | None


class ArticleList(_Paged):
    items: list[ArticleBrief]


class EntityBrief(_Model):
    id: str
    name: str
    kind: str
    aliases: list[str]
    roles: list[str]
    mentions: int


class Removed(_Model):
    text: str
    reason: str
    origin: int | None


class DateOut(_Model):
    """A date in the text: ``start``/``end`` are its offsets in the article text,
    ``resolved_start``/``resolved_end`` the ISO days it covers (inclusive), ``None``
    when it could not be resolved against the publication date."""

    layer: Literal["date"] = "date"
    start: int
    end: int
    start_utf16: int | None = None
    end_utf16: int | None = None
    text: str
    granularity: str | None
    resolved_start: str | None
    resolved_end: str | None


class FactDate(_Model):
    start: int
    end: int
    text: str
    granularity: str | None
    resolved_start: str | None
    resolved_end: str | None


class FactOut(_Model):
    """A quantity and what it counts: ``start``/``end`` the quantity's offsets,
    ``counts_start``/``counts_end`` those of the thing counted, ``date`` the date of
    the event it belongs to."""

    layer: Literal["fact"] = "fact"
    start: int
    end: int
    start_utf16: int | None = None
    end_utf16: int | None = None
    text: str
    value: float | None
    qualifier: str = Field(description="exact, more_than, about, at_least, up_to or less_than")
    unit: str | None
    counts: str | None
    counts_start: int | None
    counts_end: int | None
    place: str | None
    place_id: str | None
    date: FactDate | None


class ArticleDetail(_Model):
    id: str
    current: bool
    headline: str | None
    outlet: str
    site_name: str | None
    url: str | None
    source: str
    published: str | None
    bylines: list[str]
    language: str | None
    extractor: str
    text: str
    annotations: list[dict[str, Any]] = Field(
        description="quote, speaker, cue, claim, entity, fact, date and headline spans; "
                    "start/end are Python offsets into text, start_utf16/end_utf16 the "
                    "browser's")
    facts: list[FactOut] = Field(
        default_factory=list, description="quantities with what they count (also annotations)")
    dates: list[DateOut] = Field(
        default_factory=list, description="dates, resolved (also annotations)")
    entities: list[EntityBrief]
    removed: list[Removed]
    analyzers: list[str]
    analysis_skipped: str = Field(
        "", description="why the article was not analysed (\"\" when it was), e.g. a "
                        "language outside the analyze_languages setting")
    story: str | None = Field(None, description="the story (same event) the article is in")
    story_articles: list[str] = Field(
        default_factory=list, description="the other current articles of its story (ids)")


class EntityQuote(_Model):
    id: str
    article_id: str
    text: str
    cue: str | None
    kind: str
    title: str
    published: str | None


class EntityStance(_Model):
    claim_id: str
    label: str
    stance: str
    cue: str | None
    source: str
    check_worthiness: float | None


class EntityQuoteItem(EntityQuote):
    outlet: str


class EntityQuoteList(_Paged):
    items: list[EntityQuoteItem]


class EntityDetail(_Model):
    id: str
    kind: str
    name: str
    article_count: int
    aliases: list[str]
    roles: list[str]
    quotes: list[EntityQuote]
    stances: list[EntityStance]
    articles: list[ArticleBrief]


class ClaimMentionOut(_Model):
    id: str
    article_id: str
    text: str
    stance: str
    origin: str
    source: str | None
    source_id: str | None
    predicate: str | None
    label: str | None
    check_worthiness: float | None
    refers_to: str | None
    title: str
    outlet: str
    published: str | None


class Appearance(_Model):
    published: str | None
    article_id: str
    outlet: str


class ClaimStance(_Model):
    source: str
    stance: str
    source_id: str | None
    entity_id: str | None = Field(description="the source's canonical entity id")
    anonymous: bool
    cue: str | None
    mention_ids: list[str]
    appearances: list[Appearance]


class ClaimDetail(_Model):
    id: str
    key: str
    label: str
    analyzer: str
    check_worthiness: float | None
    stories: list[str]
    mentions: list[ClaimMentionOut]
    stances: list[ClaimStance]
    outlets: list[str]


class ClaimSource(_Model):
    source: str
    stance: str
    entity_id: str | None = Field(description="the source's canonical entity id")


class ClaimBrief(_Model):
    id: str
    key: str
    label: str
    check_worthiness: float | None
    mentions: int
    latest: str | None = Field(description="publication date of its latest article")
    stories: list[str]
    sources: list[ClaimSource]


class ClaimList(_Paged):
    items: list[ClaimBrief]


class Outlets(_Model):
    items: list[str]


class IngestUrl(_Model):
    url: str = Field(max_length=4096, pattern=r"^https?://[^\s/?#@]+[^\x00-\x20\x7f]*$",
                     description="an http(s) URL to fetch (public addresses only)")


class IngestHtml(_Model):
    html: str = Field(min_length=1, pattern=r"\S", description="an HTML page")


class IngestText(_Model):
    text: str = Field(min_length=1, pattern=r"\S", description="a plain-text dump of a page")


#: ``POST /api/ingest`` takes exactly one of a URL, an HTML page or a text dump.
IngestRequest = IngestUrl | IngestHtml | IngestText


class IngestJob(_Model):
    """A web ingest: queued, running, done (``article_id``, or ``rejection`` and
    ``message`` when the page gave no article) or failed (``message``)."""

    id: str
    status: Literal["queued", "running", "done", "failed"]
    source: str
    created: str
    started: str | None
    finished: str | None
    article_id: str | None
    article_url: str | None
    rejection: str | None
    message: str | None
    poll_url: str
    page_url: str
