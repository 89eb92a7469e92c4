"""An article as the article page and ``/api/articles/{id}`` show it.

The store reads the article (:func:`factdesk.store.queries.article_detail`);
this module only shapes it.

The clean text is cut into *segments* at every boundary of a quote, speaker,
cue, claim mention, entity mention, fact (a quantity and what it counts) or
date; each segment lists the annotations that cover it, so overlapping layers
(an entity inside a claim inside a quote) render as one flat run of ``<span>``
elements with several classes, and every character of the text appears
exactly once, escaped.  A segment where a highlight begins is its ``focus``:
the one keyboard stop of that highlight (not one per word-piece).

Offsets are Python string indices; the API adds UTF-16 offsets (what a
browser's ``String`` indexes) computed by :func:`utf16_offsets`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..model import Analysis, Article, DateMention, Fact, Span
from ..store.queries import MentionClaim, StoredArticle

#: Other articles of its story an article's view lists.
STORY_ARTICLES = 50

__all__ = ["article_view", "utf16_offsets"]


def utf16_offsets(text: str) -> list[int]:
    """``out[i]`` is the UTF-16 offset of Python index ``i`` (``len(text) + 1`` entries)."""
    out = [0] * (len(text) + 1)
    pos = 0
    for i, char in enumerate(text):
        out[i] = pos
        pos += 2 if ord(char) > 0xFFFF else 1
    out[len(text)] = pos
    return out


def _span(span: Span | None) -> dict[str, Any] | None:
    return None if span is None else {"start": span.start, "end": span.end, "text": span.text}


def _annotations(article: Article, analysis: Analysis | None,
                 claims: Mapping[str, MentionClaim]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    if article.headline is not None:
        out.append({"layer": "headline", "start": article.headline.start,
                    "end": article.headline.end})
    if analysis is None:
        return out
    names = {e.id: e.name for e in analysis.entities}
    for quote in analysis.quotes:
        out.append({"layer": "quote", "start": quote.span.start, "end": quote.span.end,
                    "id": quote.id, "kind": quote.kind.value, "speaker": quote.speaker,
                    "speaker_id": quote.speaker_id, "cue": quote.cue.text if quote.cue else None,
                    "cue_lemma": quote.cue_lemma, "addressee": quote.addressee,
                    "listable": quote.listable})
        if quote.speaker_span is not None:
            out.append({"layer": "speaker", "start": quote.speaker_span.start,
                        "end": quote.speaker_span.end, "speaker": quote.speaker,
                        "speaker_id": quote.speaker_id, "quote_id": quote.id})
        if quote.cue is not None:
            out.append({"layer": "cue", "start": quote.cue.start, "end": quote.cue.end,
                        "cue_lemma": quote.cue_lemma, "quote_id": quote.id})
    for mention in analysis.claim_mentions:
        out.append({"layer": "claim", "start": mention.span.start, "end": mention.span.end,
                    "id": mention.id, "claim_id": _claim_id(claims.get(mention.id)),
                    "stance": mention.stance.value, "source": mention.source,
                    "source_id": mention.source_id, "anonymous": mention.anonymous,
                    "cue": mention.cue.text if mention.cue else None,
                    "cue_lemma": mention.cue_lemma, "origin": mention.origin,
                    "label": mention.label or None, "refers_to": mention.refers_to})
    for entity in analysis.entities:
        for span in entity.mentions:
            out.append({"layer": "entity", "start": span.start, "end": span.end,
                        "id": entity.id, "name": names[entity.id], "entity_kind":
                        entity.kind.value, "roles": list(entity.roles)})
    out.extend(_fact(fact) for fact in analysis.facts)
    out.extend({"layer": "date", **_date(date)} for date in analysis.dates)
    return [a for a in out if 0 <= a["start"] < a["end"] <= len(article.text)]


def _date(date: DateMention) -> dict[str, Any]:
    """A date as written and as resolved (``resolved_start``/``resolved_end``, ISO
    days, inclusive; ``None`` when the text could not be resolved)."""
    return {"start": date.span.start, "end": date.span.end, "text": date.span.text,
            "granularity": date.granularity, "resolved_start": date.start,
            "resolved_end": date.end}


def _fact(fact: Fact) -> dict[str, Any]:
    counts = fact.counts_span
    return {"layer": "fact", "start": fact.span.start, "end": fact.span.end,
            "text": fact.span.text, "value": fact.value, "qualifier": fact.qualifier,
            "unit": fact.unit, "counts": fact.counts,
            "counts_start": counts.start if counts else None,
            "counts_end": counts.end if counts else None,
            "place": fact.place, "place_id": fact.place_id,
            "date": _date(fact.date) if fact.date is not None else None}


def _claim_id(claim: MentionClaim | None) -> str | None:
    return claim.claim_id if claim else None


def _segments(text: str, annotations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    cuts = sorted({0, len(text), *(a["start"] for a in annotations),
                   *(a["end"] for a in annotations)})
    starts: dict[int, list[int]] = {}
    for n, a in enumerate(annotations):
        starts.setdefault(a["start"], []).append(n)
    active: set[int] = set()
    out = []
    for left, right in zip(cuts, cuts[1:]):
        active = {n for n in active if annotations[n]["end"] > left}
        active |= set(starts.get(left, ()))
        ids = sorted(active)
        out.append({"text": text[left:right], "start": left, "annotations": ids,
                    "focus": any(annotations[n]["start"] == left
                                 and annotations[n]["layer"] != "headline" for n in ids),
                    "layers": sorted({annotations[n]["layer"] for n in ids}),
                    "stances": sorted({annotations[n]["stance"] for n in ids
                                       if annotations[n]["layer"] == "claim"}),
                    "title": "; ".join(_describe(annotations[n]) for n in ids
                                       if annotations[n]["layer"] != "headline")})
    return out


def _describe(a: dict[str, Any]) -> str:
    layer = a["layer"]
    if layer == "quote":
        return (f"quote ({a['kind']}) by {a['speaker'] or 'unknown speaker'}"
                f", cue: {a['cue'] or '-'}")
    if layer == "speaker":
        return f"speaker: {a['speaker'] or '-'}"
    if layer == "cue":
        return f"cue: {a['cue_lemma'] or '-'}"
    if layer == "claim":
        what = a.get("claim_label") or a.get("label")
        return (f"claim: {a['source'] or 'unknown source'} {a['stance']}"
                + (f" \u201c{what}\u201d" if what else "") + f" (cue: {a['cue'] or '-'})")
    if layer == "fact":
        return f"fact: {_amount(a)}" + (f" {a['counts']}" if a["counts"] else "")
    if layer == "date":
        return f"date ({a['granularity'] or 'unresolved'}): {_resolved(a)}"
    return f"{a['entity_kind']}: {a['name']}"


def _amount(a: dict[str, Any]) -> str:
    words = {"more_than": "more than ", "about": "about ", "at_least": "at least ",
             "up_to": "up to ", "less_than": "less than "}.get(a["qualifier"], "")
    value = a["value"]
    if value is None:
        number = a["text"]
    else:
        number = f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}".rstrip("0")
    return words + number + (f" {a['unit']}" if a["unit"] else "")


def _resolved(a: dict[str, Any]) -> str:
    start, end = a["resolved_start"], a["resolved_end"]
    if start is None:
        return "not resolved"
    return start if start == end else f"{start} to {end}"


def article_view(stored: StoredArticle | None, *, utf16: bool = False) -> dict[str, Any] | None:
    """Everything the article page shows, or ``None`` for an unknown article."""
    if stored is None:
        return None
    article, analysis = stored.article, stored.analysis
    annotations = _annotations(article, analysis, stored.claims)
    for a in annotations:  # each claim shown by its title, as the claim page shows it
        if a["layer"] == "claim":
            claim = stored.claims.get(a["id"])
            a["claim_label"] = claim.label if claim else None
            a["check_worthiness"] = claim.check_worthiness if claim else None
    if utf16:
        units = utf16_offsets(article.text)
        for a in annotations:
            a["start_utf16"], a["end_utf16"] = units[a["start"]], units[a["end"]]
    entities = []
    if analysis is not None:
        for e in sorted(analysis.entities, key=lambda e: (-len(e.mentions), e.name)):
            entities.append({"id": e.id, "name": e.name, "kind": e.kind.value,
                             "aliases": list(e.aliases), "roles": list(e.roles),
                             "mentions": len(e.mentions)})
    return {
        "id": article.id, "current": stored.current,
        "headline": article.headline.text if article.headline else None,
        "outlet": stored.outlet, "site_name": article.site_name,
        "url": article.url, "source": article.source,
        "published": article.published.isoformat() if article.published else None,
        "bylines": list(article.bylines), "language": article.language,
        "extractor": article.extractor, "text": article.text,
        "annotations": annotations,
        "segments": _segments(article.text, annotations),
        "entities": entities,
        "quotes": [a for a in annotations if a["layer"] == "quote"],
        "claims": [a for a in annotations if a["layer"] == "claim"],
        "facts": [a for a in annotations if a["layer"] == "fact"],
        "dates": [a for a in annotations if a["layer"] == "date"],
        "removed": [{"text": r.text, "reason": r.reason.value, "origin": r.origin}
                    for r in article.removed],
        "analyzers": list(analysis.analyzers) if analysis else [],
        "analysis_skipped": analysis.skipped if analysis else "",
        "story": stored.story,
        "story_articles": [a for a in stored.story_articles if a != article.id][:STORY_ARTICLES],
    }
