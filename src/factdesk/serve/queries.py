"""Search hits as the API and the pages show them.

The store answers searches (:func:`factdesk.store.search`); this module only
shapes a :class:`~factdesk.store.SearchHit` into the JSON the API returns and
the search page renders: an article without headline gets a placeholder title,
a snippet becomes ``{"text", "match"}`` segments (never markup), and an
entity's name has the query's words marked.
"""

from __future__ import annotations

from typing import Any

from ..errors import QuerySyntaxError
from ..store.marks import mark_words, segments
from ..store.outlets import NO_HEADLINE
from ..store.query_syntax import parse_query
from ..store.search import SearchHit, SearchKind

__all__ = ["hit_view"]


def hit_view(hit: SearchHit, query: str) -> dict[str, Any]:
    """One hit of a search for ``query``, JSON-ready (``schemas.SearchHit``)."""
    if hit.kind == SearchKind.ARTICLES:
        return {"kind": hit.kind.value, "id": hit.id, "article_id": hit.article_id,
                "title": hit.title or NO_HEADLINE, "outlet": hit.outlet,
                "published": hit.published, "highlights": segments(hit.snippet)}
    if hit.kind == SearchKind.QUOTES:
        return {"kind": hit.kind.value, "id": hit.id, "article_id": hit.article_id,
                "title": hit.title or NO_HEADLINE, "speaker": hit.speaker,
                "speaker_id": hit.speaker_id, "cue": hit.cue, "quote_kind": hit.quote_kind,
                "outlet": hit.outlet, "published": hit.published,
                "highlights": segments(hit.snippet)}
    if hit.kind == SearchKind.CLAIMS:
        return {"kind": hit.kind.value, "id": hit.id, "article_id": None, "title": hit.title,
                "key": hit.key, "mentions": hit.mentions,
                "stances": [{"stance": st, "source": src} for st, src in hit.stances],
                "highlights": segments(hit.snippet)}
    return {"kind": hit.kind.value, "id": hit.id, "article_id": None, "title": hit.title,
            "entity_kind": hit.entity_kind, "articles": hit.articles,
            "highlights": segments(mark_words(hit.title or "", _name_words(query)))}


def _name_words(query: str) -> str:
    """The words of ``query`` an entity's name was matched by (not those left out, nor
    a field's name)."""
    try:
        groups = parse_query(query).name_groups
    except QuerySyntaxError:
        return ""
    return " ".join(word for group in groups for word in group)
