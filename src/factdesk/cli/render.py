"""Plain-text rendering of results for terminals (the CLI's ``text`` format)."""

from __future__ import annotations

import textwrap

from ..model import Analysis, Article

__all__ = ["render_analysis", "render_article"]


def render_article(article: Article, *, width: int = 88) -> str:
    """A readable report of one cleaned article."""
    rule = "=" * min(width, 72)
    out = [rule, f"source:    {article.source}"]
    if article.headline:
        out.append(f"headline:  {article.headline.text}")
    if article.standfirst:
        out.append(f"standfirst: {article.standfirst.text}")
    if article.bylines:
        out.append(f"byline:    {'; '.join(article.bylines)}")
    if article.site_name:
        out.append(f"outlet:    {article.site_name}")
    if article.published:
        out.append(f"published: {article.published.isoformat()}")
    if article.dateline:
        credit = f" ({article.dateline.credit.text})" if article.dateline.credit else ""
        out.append(f"dateline:  {article.dateline.place.text}{credit}")
    if article.language:
        out.append(f"language:  {article.language}")
    for caption in article.captions:
        credit = f"  [credit: {caption.credit}]" if caption.credit else ""
        out.append(f"caption:   {caption.span.text}{credit}")
    out.append("")
    for paragraph in article.paragraphs:
        out.append(textwrap.fill(paragraph.text, width=width))
        out.append("")
    for credit in article.credits:
        out.append(f"credit:    {credit}")
    for link in article.related_links:
        out.append(f"related:   {link.text}" + (f" <{link.url}>" if link.url else ""))
    if article.removed:
        out.append(f"removed {len(article.removed)} chrome lines:")
        for item in article.removed:
            out.append(f"  - [{item.reason.value}] {textwrap.shorten(item.text, width - 20)}")
    return "\n".join(out)


def render_analysis(article: Article, analysis: Analysis, *, width: int = 88) -> str:
    """Who is in the article and who said what, grouped by speaker."""
    out = [render_article(article, width=width), "", "entities:"]
    for entity in analysis.entities:
        extra = []
        if entity.aliases:
            extra.append("also " + ", ".join(entity.aliases))
        if entity.roles:
            extra.append("role: " + "; ".join(entity.roles))
        suffix = f"  ({' | '.join(extra)})" if extra else ""
        out.append(f"  {entity.kind.value:<7} {entity.name}{suffix}")
    by_speaker: dict[str, list] = {}
    for quote in analysis.quotes:
        by_speaker.setdefault(quote.speaker or "(no speaker)", []).append(quote)
    out += ["", "who said what:"]
    for speaker, quotes in by_speaker.items():
        out.append(f"  {speaker}")
        for quote in quotes:
            cue = quote.cue_lemma or "?"
            to = f" to {quote.addressee}" if quote.addressee else ""
            text = textwrap.shorten(quote.span.text, width - 24)
            out.append(f"    [{quote.kind.value}, {cue}{to}] {text}")
    out += _claims(analysis, width)
    return "\n".join(out)


def _claims(analysis: Analysis, width: int) -> list[str]:
    """Claims with their sources' stances (claims with several sources first),
    then facts and dates."""
    out = ["", "claims:"]
    worth = {m.id: m.check_worthiness for m in analysis.claim_mentions}
    ranked = sorted(analysis.claims, key=lambda c: (-len(c.stances), -len(c.mention_ids)))
    for claim in ranked:
        score = max((worth.get(i, 0.0) for i in claim.mention_ids), default=0.0)
        out.append(f"  {textwrap.shorten(claim.label, width - 24)}  [check-worthiness {score:.2f}]")
        for stance in claim.stances:
            cue = f" ({stance.cue})" if stance.cue else ""
            who = stance.source + (" [unnamed]" if stance.anonymous else "")
            out.append(f"    {stance.stance.value:<14} {who}{cue}")
    if analysis.facts:
        out += ["", "facts:"]
        for fact in analysis.facts:
            where = f" in {fact.place}" if fact.place else ""
            when = f" ({fact.date.span.text}: {fact.date.start})" if fact.date else ""
            out.append(f"  {fact.span.text}: {fact.counts or '?'}{where}{when}")
    if analysis.dates:
        out += ["", "dates:"]
        for date in analysis.dates:
            period = date.start if date.start == date.end else f"{date.start}..{date.end}"
            out.append(f"  {date.span.text:<24} {date.granularity:<9} {period}")
    return out
