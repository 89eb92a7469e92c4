"""A claim's dossier: everything a fact-check write-up starts from.

:func:`claim_dossier` reads one claim with each of its mentions (text,
offsets in the cleaned article text, and the article's id, title, outlet,
date and URL), each source's stance with the dates it appeared on, the quotes
that contain a mention, and the claim's articles.  It is plain data; the
formats (JSON, CSV, Markdown) are drawn by :mod:`factdesk.store.dossier_formats`.
Nothing here writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .claim_queries import claim_detail
from .outlets import NO_HEADLINE, outlet_of

if TYPE_CHECKING:
    from .db import Store

__all__ = ["Dossier", "DossierArticle", "DossierMention", "DossierQuote", "DossierStance",
           "claim_dossier"]


@dataclass(frozen=True, slots=True, kw_only=True)
class DossierArticle:
    id: str
    title: str
    outlet: str
    published: str | None
    url: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class DossierMention:
    id: str
    article_id: str
    text: str
    start: int
    end: int
    stance: str
    source: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class DossierStance:
    source: str
    stance: str
    entity_id: str | None
    cue: str | None
    dates: tuple[str, ...]        # publication dates it appeared on, oldest first
    article_ids: tuple[str, ...]  # the articles it appeared in


@dataclass(frozen=True, slots=True, kw_only=True)
class DossierQuote:
    article_id: str
    text: str
    speaker: str | None
    start: int
    end: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Dossier:
    claim_id: str
    title: str
    check_worthiness: float | None
    stories: tuple[str, ...]
    mentions: tuple[DossierMention, ...]
    stances: tuple[DossierStance, ...]
    quotes: tuple[DossierQuote, ...]
    articles: tuple[DossierArticle, ...]

    @property
    def sources(self) -> tuple[str, ...]:
        """The sources that took a stance, by name, sorted."""
        return tuple(sorted({s.source for s in self.stances}))

    def article(self, article_id: str) -> DossierArticle:
        return next(a for a in self.articles if a.id == article_id)


def _articles(store: Store, ids: list[str]) -> tuple[DossierArticle, ...]:
    marks = ",".join("?" * len(ids))
    rows = store.conn.execute(
        f"SELECT id, headline, site_name, url, published FROM articles WHERE id IN ({marks}) "
        "ORDER BY published IS NULL, published, id", ids) if ids else []
    return tuple(DossierArticle(id=aid, title=headline or NO_HEADLINE,
                                outlet=outlet_of(site, url), published=published, url=url)
                 for aid, headline, site, url, published in rows)


def _mentions(store: Store, claim_id: str) -> tuple[DossierMention, ...]:
    return tuple(DossierMention(id=mid, article_id=aid, text=text, start=start, end=end,
                                stance=stance, source=source)
                 for mid, aid, text, start, end, stance, source in store.conn.execute(
                     "SELECT m.id, m.article_id, m.text, m.start, m.\"end\", m.stance, m.source "
                     "FROM claim_members cm JOIN claim_mentions m ON m.article_id = "
                     "cm.article_id AND m.id = cm.mention_id JOIN articles a ON a.id = "
                     "m.article_id WHERE cm.claim_id = ? "
                     "ORDER BY a.published, m.article_id, m.start", (claim_id,)))


def _quotes(store: Store, mentions: tuple[DossierMention, ...]) -> tuple[DossierQuote, ...]:
    """Quotes that overlap a mention of the claim, in article order."""
    found: dict[tuple[str, int, int], DossierQuote] = {}
    for m in mentions:
        for text, speaker, start, end in store.conn.execute(
                "SELECT text, speaker, start, \"end\" FROM quotes WHERE article_id = ? "
                "AND start < ? AND \"end\" > ? ORDER BY start", (m.article_id, m.end, m.start)):
            found.setdefault((m.article_id, start, end), DossierQuote(
                article_id=m.article_id, text=text, speaker=speaker, start=start, end=end))
    return tuple(found.values())


def claim_dossier(store: Store, claim_id: str) -> Dossier | None:
    """The dossier of claim ``claim_id``, or ``None`` when there is no such claim."""
    detail = claim_detail(store, claim_id)
    if detail is None:
        return None
    mentions = _mentions(store, claim_id)
    stances = tuple(DossierStance(
        source=s["source"], stance=s["stance"], entity_id=s["entity_id"], cue=s["cue"],
        dates=tuple(sorted({a["published"] for a in s["appearances"] if a["published"]})),
        article_ids=tuple(dict.fromkeys(a["article_id"] for a in s["appearances"])))
        for s in detail["stances"])
    return Dossier(claim_id=detail["id"], title=detail["label"] or detail["key"],
                   check_worthiness=detail["check_worthiness"],
                   stories=tuple(detail["stories"]), mentions=mentions, stances=stances,
                   quotes=_quotes(store, mentions),
                   articles=_articles(store, sorted({m.article_id for m in mentions})))
