"""A plain-text document taken as it is: no chrome removed, nothing moved.

Benchmarks and tests analyze given documents and report offsets into them, so
they need an :class:`~factdesk.model.Article` whose text *is* the document:
:func:`verbatim_article` makes one, a paragraph per non-blank line.
"""

from __future__ import annotations

from ..model import Article, Span, content_id

__all__ = ["EXTRACTOR", "verbatim_article"]

#: What :attr:`Article.extractor` says of an article made here.
EXTRACTOR = "from_text"


def verbatim_article(text: str, *, source: str = "", url: str | None = None,
                     language: str | None = None) -> Article:
    """An article whose body is ``text`` verbatim, one paragraph per non-blank line
    (stripped); offsets point into ``text`` unchanged."""
    paragraphs = []
    pos = 0
    for line in text.splitlines(keepends=True):
        content = line.rstrip("\r\n")
        stripped = content.strip()
        if stripped:
            start = pos + (len(content) - len(content.lstrip()))
            paragraphs.append(Span(start=start, end=start + len(stripped), text=stripped))
        pos += len(line)
    return Article(id=content_id(url or source, text), text=text, source=source, url=url,
                   language=language, paragraphs=tuple(paragraphs), extractor=EXTRACTOR)
