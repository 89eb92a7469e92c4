"""What a page says about itself: ``<meta>`` tags, JSON-LD, canonical link, lang.

:func:`read_meta` reads them in one pass over the few elements that carry
them and returns a :class:`PageMeta`.  Nothing here judges the visible text;
the HTML cleaner weighs these values against it.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

__all__ = ["PageMeta", "read_meta"]

log = logging.getLogger(__name__)

_ARTICLE_TYPES = ("article", "posting", "report", "blog")
# <meta> names that carry a publication time, best first.
PUBLISHED_META = (
    "article:published_time", "og:published_time", "og:article:published_time",
    "datepublished", "published_time", "article.published", "pubdate", "publishdate",
    "publish-date", "publish_date", "parsely-pub-date", "sailthru.date", "dc.date.issued",
    "dcterms.created", "date", "dc.date", "article_date_original", "cxenseparse:recs:publishtime",
)

# Other <meta> names that say "published" in a site's own words ("sn-post-date").
_PUBLISHED_KEY = re.compile(r"publish|pubdate|post[-_.]?date|date[-_.]?posted|release[-_.]?date")
_NOT_PUBLISHED_KEY = re.compile(r"modif|updat|expir|edit|publisher")


@dataclass(frozen=True, slots=True, kw_only=True)
class PageMeta:
    """Self-description of a page; every field may be missing."""

    lang: str | None = None
    url: str | None = None
    title: str | None = None
    description: str | None = None
    site_name: str | None = None
    headline: str | None = None
    authors: tuple[str, ...] = ()
    published: tuple[str, ...] = ()
    """Machine-readable publication times, best source first."""


def _jsonld_objects(text: str) -> Iterator[dict[str, Any]]:
    try:
        data = json.loads(text, strict=False)  # raw newlines in strings are common
    except ValueError:
        return
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            yield item
            graph = item.get("@graph")
            if isinstance(graph, list):
                stack.extend(reversed(graph))


def _types(obj: dict[str, Any]) -> str:
    kind = obj.get("@type", "")
    if isinstance(kind, list):
        kind = " ".join(str(k) for k in kind)
    return str(kind).lower()


def _names(value: Any) -> list[str]:
    """Person names from a JSON-LD ``author`` value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        name = value.get("name")
        return [name] if isinstance(name, str) else []
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    return []


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        value = " ".join(value.split())
        return value or None
    if isinstance(value, list) and value:
        return _text(value[0])
    return None


def _published_of(obj: dict[str, Any]) -> list[str]:
    values = (obj.get("datePublished"), obj.get("dateCreated"))
    return [v.strip() for v in values if isinstance(v, str) and v.strip()]


def _article_object(objects: list[dict[str, Any]]) -> dict[str, Any] | None:
    for obj in objects:
        if any(word in _types(obj) for word in _ARTICLE_TYPES):
            return obj
    for obj in objects:
        if "datePublished" in obj or "headline" in obj:
            return obj
    return None


@dataclass(slots=True)
class _Tags:
    """What the self-describing elements hold, first occurrence of each kind kept."""

    metas: dict[str, str] = field(default_factory=dict)
    canonical: str | None = None
    objects: list[dict[str, Any]] = field(default_factory=list)
    title: str | None = None


def _meta(element: etree._Element, metas: dict[str, str]) -> None:
    """Record a ``<meta>``'s value under its lower-cased key (the first one wins)."""
    key = (element.get("property") or element.get("name") or element.get("itemprop")
           or element.get("http-equiv") or "").strip().lower()
    value = element.get("content")
    if value is None and key == "datepublished":
        value = element.get("datetime")
    if key and value and value.strip() and key not in metas:
        metas[key] = value.strip()


def _scan(root: etree._Element) -> _Tags:
    """Step 1: one pass over ``<meta>``, ``<link>``, ``<script>`` and ``<title>``."""
    tags = _Tags()
    for element in root.iter("meta", "link", "script", "title"):
        tag = element.tag
        if tag == "meta":
            _meta(element, tags.metas)
        elif tag == "link":
            if tags.canonical is None and "canonical" in (element.get("rel") or "").lower().split():
                tags.canonical = (element.get("href") or "").strip() or None
        elif tag == "script":
            if "ld+json" in (element.get("type") or "").lower() and element.text:
                tags.objects.extend(_jsonld_objects(element.text))
        elif tags.title is None and element.text:
            tags.title = " ".join(element.text.split()) or None
    return tags


def _published(article: dict[str, Any], objects: list[dict[str, Any]],
               metas: dict[str, str]) -> list[str]:
    """Step 3: publication times, best source first: the article's JSON-LD (and
    other article-typed blocks), the known ``<meta>`` names, web-page blocks,
    then other ``<meta>`` names that say "published"."""
    published: list[str] = []
    typed = [o for o in objects if o is not article and any(w in _types(o) for w in _ARTICLE_TYPES)]
    pages = [o for o in objects if o is not article and "webpage" in _types(o)]
    for obj in (article, *typed):  # a page may describe itself in several blocks
        published += _published_of(obj)
    published += [metas[k] for k in PUBLISHED_META if k in metas]
    for obj in pages:
        published += _published_of(obj)
    published += [v for k, v in metas.items() if k not in PUBLISHED_META and _PUBLISHED_KEY.search(k)
                  and not _NOT_PUBLISHED_KEY.search(k)]
    return published


def _authors(article: dict[str, Any], metas: dict[str, str]) -> tuple[str, ...]:
    """Step 4: the article's JSON-LD authors, else an ``author`` meta that is not a URL."""
    authors = [" ".join(n.split()) for n in _names(article.get("author"))]
    if not authors and metas.get("author") and "://" not in metas["author"]:
        authors = [metas["author"]]
    return tuple(dict.fromkeys(a for a in authors if a))


def _lang(root: etree._Element, metas: dict[str, str]) -> str | None:
    lang = (root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
            or metas.get("content-language") or metas.get("og:locale") or metas.get("language"))
    return lang.strip() if lang else None


def _url(tags: _Tags) -> str | None:
    """The canonical link or ``og:url``, when it is an absolute http(s) URL."""
    url = tags.canonical or tags.metas.get("og:url")
    if url and not url.startswith(("http://", "https://")):
        return None
    return url


def read_meta(root: etree._Element) -> PageMeta:
    """Read ``<meta>``, ``<link rel=canonical>``, JSON-LD and ``lang`` from a page, in
    steps: (1) scan the elements; (2) pick the JSON-LD object describing the
    article; (3) publication times; (4) authors; (5) the other fields, each
    from its best source."""
    tags = _scan(root)
    metas = tags.metas
    article = _article_object(tags.objects) or {}
    publisher = article.get("publisher")
    publisher_name = _text(publisher.get("name")) if isinstance(publisher, dict) else None
    return PageMeta(
        lang=_lang(root, metas),
        url=_url(tags),
        title=tags.title,
        description=metas.get("og:description") or metas.get("description")
        or metas.get("twitter:description") or _text(article.get("description")),
        site_name=metas.get("og:site_name") or publisher_name or metas.get("application-name"),
        headline=_text(article.get("headline")) or metas.get("og:title"),
        authors=_authors(article, metas),
        published=tuple(dict.fromkeys(_published(article, tags.objects, metas))),
    )
