"""A claim dossier drawn as JSON, CSV or Markdown (pure functions of a
:class:`~factdesk.store.dossier.Dossier`).

- JSON: one object, ``format_version`` first; the schema only grows.
- CSV: one row per mention and per stance (``row`` says which), quoted by the
  :mod:`csv` module; a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a
  carriage return gets a leading ``'`` so a spreadsheet never runs it as a formula.
- Markdown: a fact-check write-up skeleton: the claim, who asserts, denies and
  hedges (with dates and article links), the quotes as blockquotes and the
  articles; text from the articles has its Markdown-special characters escaped.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from ..errors import InputError
from .dossier import Dossier

__all__ = ["DOSSIER_FORMATS", "FORMAT_VERSION", "CSV_COLUMNS", "JSON_SCHEMA", "dossier_csv", "dossier_dict",
           "dossier_json", "dossier_markdown", "render_dossier"]

FORMAT_VERSION = 1
DOSSIER_FORMATS = {"json": "application/json", "csv": "text/csv; charset=utf-8",
                   "md": "text/markdown; charset=utf-8"}
CSV_COLUMNS = ("row", "claim_id", "claim", "source", "stance", "text", "start", "end",
               "article_id", "article_title", "outlet", "published", "url")

_STR, _OPT = {"type": "string"}, {"type": ["string", "null"]}
_INT = {"type": "integer", "minimum": 0}


def _obj(**props: dict) -> dict[str, Any]:
    return {"type": "object", "required": sorted(props), "properties": props,
            "additionalProperties": False}


#: The JSON format's schema (JSON Schema 2020-12); a new version may only add fields.
JSON_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema", **_obj(
        format_version={"const": FORMAT_VERSION}, claim_id=_STR, title=_STR,
        check_worthiness={"type": ["number", "null"]},
        stories={"type": "array", "items": _STR}, sources={"type": "array", "items": _STR},
        mentions={"type": "array", "items": _obj(id=_STR, article_id=_STR, text=_STR,
                                                 start=_INT, end=_INT, stance=_STR,
                                                 source=_OPT)},
        stances={"type": "array", "items": _obj(
            source=_STR, stance=_STR, entity_id=_OPT, cue=_OPT,
            dates={"type": "array", "items": _STR},
            article_ids={"type": "array", "items": _STR})},
        quotes={"type": "array", "items": _obj(article_id=_STR, text=_STR, speaker=_OPT,
                                               start=_INT, end=_INT)},
        articles={"type": "array", "items": _obj(id=_STR, title=_STR, outlet=_STR,
                                                 published=_OPT, url=_OPT)})}

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~&=])")
_GROUPS = (("Asserts", ("asserts", "believes")), ("Denies", ("denies",)),
           ("Hedges", ("hedged", "does_not_deny")))


def dossier_dict(dossier: Dossier) -> dict[str, Any]:
    """The JSON-ready dict (see the module)."""
    return {
        "format_version": FORMAT_VERSION, "claim_id": dossier.claim_id, "title": dossier.title,
        "check_worthiness": dossier.check_worthiness, "stories": list(dossier.stories),
        "sources": list(dossier.sources),
        "mentions": [{"id": m.id, "article_id": m.article_id, "text": m.text,
                      "start": m.start, "end": m.end, "stance": m.stance, "source": m.source}
                     for m in dossier.mentions],
        "stances": [{"source": s.source, "stance": s.stance, "entity_id": s.entity_id,
                     "cue": s.cue, "dates": list(s.dates), "article_ids": list(s.article_ids)}
                    for s in dossier.stances],
        "quotes": [{"article_id": q.article_id, "text": q.text, "speaker": q.speaker,
                    "start": q.start, "end": q.end} for q in dossier.quotes],
        "articles": [{"id": a.id, "title": a.title, "outlet": a.outlet,
                      "published": a.published, "url": a.url} for a in dossier.articles],
    }


def dossier_json(dossier: Dossier) -> str:
    return json.dumps(dossier_dict(dossier), ensure_ascii=False, indent=2) + "\n"


def safe_cell(value: object) -> str:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv_rows(dossier: Dossier) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    for m in dossier.mentions:
        a = dossier.article(m.article_id)
        rows.append(("mention", dossier.claim_id, dossier.title, m.source, m.stance, m.text,
                     m.start, m.end, a.id, a.title, a.outlet, a.published, a.url))
    for s in dossier.stances:
        for aid in s.article_ids or ("",):
            a = dossier.article(aid) if aid else None
            rows.append(("stance", dossier.claim_id, dossier.title, s.source, s.stance,
                         s.cue, "", "", aid, a.title if a else "", a.outlet if a else "",
                         a.published if a else "", a.url if a else ""))
    return rows


def dossier_csv(dossier: Dossier) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows([safe_cell(v) for v in row] for row in _csv_rows(dossier))
    return out.getvalue()


def md_escape(text: str | None) -> str:
    """``text`` with Markdown-special characters backslash-escaped, on one line."""
    flat = " ".join((text or "").split())
    return _MD_SPECIAL.sub(r"\\\1", flat)


def _md_url(url: str | None) -> str:
    return (url or "").replace(" ", "%20").replace("<", "%3C").replace(">", "%3E") \
        .replace("(", "%28").replace(")", "%29")


def _md_article(dossier: Dossier, article_id: str) -> str:
    a = dossier.article(article_id)
    label = f"{md_escape(a.outlet)}, {(a.published or 'undated')[:10]}: {md_escape(a.title)}"
    return f"[{label}]({_md_url(a.url)})" if a.url else f"{label} (article {a.id})"


def _md_stances(dossier: Dossier) -> list[str]:
    lines: list[str] = []
    for heading, kinds in _GROUPS:
        chosen = [s for s in dossier.stances if s.stance in kinds]
        lines += ["", f"### {heading}", ""]
        lines += [f"- **{md_escape(s.source)}** ({md_escape(s.stance.replace('_', ' '))}; "
                  f"{', '.join(sorted({d[:10] for d in s.dates})) or 'undated'}): "
                  + "; ".join(_md_article(dossier, a) for a in s.article_ids)
                  for s in chosen] or ["- nobody found"]
    other = [s for s in dossier.stances if all(s.stance not in k for _, k in _GROUPS)]
    if other:
        lines += ["", "### Other", ""]
        lines += [f"- **{md_escape(s.source)}** ({md_escape(s.stance)})" for s in other]
    return lines


def dossier_markdown(dossier: Dossier) -> str:
    lines = [f"# Claim: {md_escape(dossier.title)}", "",
             f"Claim id: `{dossier.claim_id.replace('`', '')}` · mentions: "
             f"{len(dossier.mentions)} · articles: {len(dossier.articles)}", "",
             "## Verdict", "", "_To be written._", "", "## Who stands where"]
    lines += _md_stances(dossier)
    lines += ["", "## Quotes", ""]
    for q in dossier.quotes:
        lines += [f"> {md_escape(q.text)}", ">",
                  f"> — {md_escape(q.speaker or 'unattributed')}, "
                  f"{_md_article(dossier, q.article_id)}", ""]
    if not dossier.quotes:
        lines += ["No quotes contain a mention of this claim.", ""]
    lines += ["## Mentions", ""]
    lines += [f"- {md_escape(m.text)} ({md_escape(m.stance)}; {_md_article(dossier, m.article_id)}"
              f", chars {m.start}–{m.end})" for m in dossier.mentions]
    lines += ["", "## Articles", ""]
    lines += [f"- {_md_article(dossier, a.id)}" for a in dossier.articles]
    return "\n".join(lines) + "\n"


def render_dossier(dossier: Dossier, fmt: str) -> str:
    """``dossier`` in format ``fmt`` (a key of :data:`DOSSIER_FORMATS`)."""
    renderers = {"json": dossier_json, "csv": dossier_csv, "md": dossier_markdown}
    if fmt not in renderers:
        raise InputError(f"no dossier format {fmt!r}; choose from {', '.join(renderers)}")
    return renderers[fmt](dossier)
