"""Plain-text rendering of results for terminals (the CLI's ``text`` format)."""

from __future__ import annotations

import textwrap

from .model import Article

__all__ = ["render_article"]


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
    if article.published:
        out.append(f"published: {article.published.isoformat()}")
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
