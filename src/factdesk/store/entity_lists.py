"""An entity's articles and quotes as lists: filtered, sorted and paged.

The entity page lists the articles that name an entity (under any of its ids,
:mod:`factdesk.store.identity`) and the quotes it is the speaker of, a page at
a time, newest or oldest first, filtered as searches are
(:class:`~factdesk.store.search.Filters`: outlet, publication dates and, for
quotes, the stance of a claim made inside them).  ``speaker`` does not apply
to one entity's lists; giving it is a :class:`~factdesk.errors.BadParameter`
rather than a filter silently dropped.  Nothing here writes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import BadParameter
from .identity import entity_ids, resolve_entity
from .outlets import NO_HEADLINE, outlet_of
from .paging import Paging, ResultPage
from .search import Filters
from .search_sql import article_filters

if TYPE_CHECKING:
    from .db import Store

__all__ = ["ENTITY_LIST_SORTS", "entity_articles", "entity_quotes"]

#: How an entity's lists may be sorted (by the article's publication date).
ENTITY_LIST_SORTS = ("newest", "oldest")
_ORDER = {"newest": "a.published IS NULL, a.published DESC",
          "oldest": "a.published IS NULL, a.published"}


def _ids(store: Store, entity_id: str, filters: Filters, sort: str) -> list[str]:
    if filters.speaker:
        raise BadParameter("speaker: an entity's page lists its own quotes; drop the speaker "
                           "filter (or search for the speaker)")
    if sort not in _ORDER:
        raise BadParameter(f"sort: {sort!r} is not a sort of this list; choose from "
                           f"{', '.join(ENTITY_LIST_SORTS)}")
    return sorted(entity_ids(store.conn, resolve_entity(store.conn, entity_id)))


def entity_articles(store: Store, entity_id: str, filters: Filters = Filters(),
                    paging: Paging = Paging(), sort: str = "newest") -> ResultPage[dict]:
    """One page of the current articles that name the entity (any of its ids)."""
    ids = _ids(store, entity_id, filters, sort)
    where, args = article_filters(filters)
    where.append(f"a.id IN (SELECT ea.article_id FROM entity_articles ea WHERE ea.entity_id "
                 f"IN ({','.join('?' * len(ids))}))")
    args += ids
    if filters.stance:
        where.append("EXISTS (SELECT 1 FROM claim_mentions m WHERE m.article_id = a.id "
                     "AND m.stance = ?)")
        args.append(filters.stance)
    cond = " AND ".join(where)
    (total,) = store.conn.execute(f"SELECT count(*) FROM articles a WHERE {cond}",
                                  args).fetchone()
    rows = store.conn.execute(
        f"SELECT a.id, a.headline, a.site_name, a.url, a.published FROM articles a "
        f"WHERE {cond} ORDER BY {_ORDER[sort]}, a.id LIMIT ? OFFSET ?",
        [*args, paging.limit, paging.offset]).fetchall()
    items = tuple({"id": aid, "title": headline or NO_HEADLINE, "outlet": outlet_of(site, url),
                   "published": published} for aid, headline, site, url, published in rows)
    return ResultPage(items=items, total=total, paging=paging)


def entity_quotes(store: Store, entity_id: str, filters: Filters = Filters(),
                  paging: Paging = Paging(), sort: str = "newest") -> ResultPage[dict]:
    """One page of the listable quotes the entity (any of its ids) is the speaker of."""
    ids = _ids(store, entity_id, filters, sort)
    where, args = article_filters(filters)
    where += [f"q.speaker_id IN ({','.join('?' * len(ids))})", "q.listable = 1"]
    args += ids
    if filters.stance:
        where.append("EXISTS (SELECT 1 FROM claim_mentions m WHERE m.article_id = q.article_id"
                     " AND m.start >= q.start AND m.\"end\" <= q.\"end\" AND m.stance = ?)")
        args.append(filters.stance)
    cond = " AND ".join(where)
    frm = "quotes q JOIN articles a ON a.id = q.article_id"
    (total,) = store.conn.execute(f"SELECT count(*) FROM {frm} WHERE {cond}", args).fetchone()
    rows = store.conn.execute(
        f"SELECT q.id, q.article_id, q.text, q.cue_lemma, q.kind, a.headline, a.site_name, "
        f"a.url, a.published FROM {frm} WHERE {cond} ORDER BY {_ORDER[sort]}, q.seq "
        "LIMIT ? OFFSET ?", [*args, paging.limit, paging.offset]).fetchall()
    items: tuple[dict[str, Any], ...] = tuple(
        {"id": qid, "article_id": aid, "text": text, "cue": cue, "kind": kind,
         "title": headline or NO_HEADLINE, "outlet": outlet_of(site, url),
         "published": published}
        for qid, aid, text, cue, kind, headline, site, url, published in rows)
    return ResultPage(items=items, total=total, paging=paging)
