"""Pydantic models of the desk API's responses: contested claims, stories, outlet tables.

As in :mod:`factdesk.serve.schemas`, pydantic stays at the HTTP edge: the
store's desk queries return plain dicts these models validate on the way out.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from .schemas import Appearance

__all__ = ["ClaimOutlets", "ContestedList", "StoryDetail", "StoryList", "StoryOutlets"]


class _Model(BaseModel):
    model_config = {"extra": "forbid"}


class _Paged(_Model):
    total: int
    limit: int
    offset: int
    next_offset: int | None


class ClaimLabel(_Model):
    id: str
    label: str
    check_worthiness: float | None
    mentions: int


class SideSource(_Model):
    source: str
    entity_id: str | None = Field(description="the source's canonical entity id")
    outlets: list[str] = Field(description="the outlets that carried this position")


class ContestedClaim(ClaimLabel):
    latest: str | None = Field(description="publication date of its latest article")
    outlets: list[str]
    source_count: int
    asserts: list[SideSource] = Field(description="sources that assert or believe it")
    denies: list[SideSource]
    hedged: list[SideSource]
    does_not_deny: list[SideSource]
    other: list[SideSource] = Field(description="sources that question it or make it "
                                    "conditional")


class ContestedList(_Paged):
    items: list[ContestedClaim]


class StoryBrief(_Model):
    id: str
    title: str
    articles: int
    outlets: list[str]
    first: str | None
    latest: str | None
    claims: int


class StoryList(_Paged):
    items: list[StoryBrief]


class StoryArticle(_Model):
    id: str
    headline: str | None
    title: str = Field(description="the headline, else the first words of the text")
    outlet: str
    published: str | None


class OutletArticles(_Model):
    outlet: str
    articles: list[StoryArticle]


class StoryClaim(ClaimLabel):
    story_mentions: int
    first: str | None
    latest: str | None
    contested: bool
    sides: dict[str, list[str]] = Field(description="source names by side (asserts, "
                                        "denies, hedged, does_not_deny, other)")


class StoryStance(_Model):
    source: str
    stance: str
    entity_id: str | None
    claim_id: str
    cue: str
    appearances: list[Appearance]


class StoryMove(_Model):
    source: str
    entity_id: str | None
    claim_id: str
    label: str
    before: list[str] = Field(description="its stances before the day")
    after: list[str] = Field(description="its stances on the day or later")
    kind: str = Field(description="changed (it stood otherwise before) or new")


class StoryChanges(_Model):
    since: str
    articles: list[StoryArticle]
    claims: list[ClaimLabel]
    moves: list[StoryMove]
    undated_articles: int


class StoryDetail(_Model):
    id: str
    title: str
    articles: list[StoryArticle]
    by_outlet: list[OutletArticles]
    outlets: list[str]
    first: str | None
    latest: str | None
    claims: list[StoryClaim]
    stances: list[StoryStance]
    changes: StoryChanges | None = Field(description="what changed since `since` (null "
                                         "without it)")


class StanceCount(_Model):
    stance: str
    articles: int


class OutletCell(_Model):
    source_key: str
    stances: list[StanceCount]


class OutletRow(_Model):
    outlet: str
    articles: int
    cells: list[OutletCell]


class OutletSource(_Model):
    key: str
    source: str
    entity_id: str | None


class _OutletTable(_Model):
    outlets: list[str]
    sources: list[OutletSource]
    rows: list[OutletRow]


class ClaimOutlets(_OutletTable):
    claim: ClaimLabel


class StoryRef(_Model):
    id: str
    title: str


class OutletCount(_Model):
    outlet: str
    articles: int


class StoryOutlets(_Model):
    story: StoryRef
    outlets: list[OutletCount]
    claims: list[ClaimOutlets]
