"""The visible text blocks of a parsed HTML page, in reading order.

A browser starts a new line at each block element (``p``, ``div``, ``li``,
headings, table cells, ``figcaption`` ...) and at ``<br>``, and keeps inline
text (``a``, ``span``, ``em`` ...) on the same line.  :func:`visible_blocks`
does the same over an lxml tree, skipping what is never page text (``head``,
scripts, styles, forms' option lists, elements marked hidden), and records for
each line the block element it came from and how much of it is link text.

The HTML cleaner uses the blocks to place the headline, standfirst and
captions, and to list what the article left out.  One pass with
``lxml.etree.iterwalk`` keeps it cheap.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

__all__ = ["BLOCK_TAGS", "Block", "normalize", "visible_blocks"]

BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
    "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li",
    "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "ul",
})
SKIP_TAGS = frozenset({
    "head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object",
    "embed", "canvas", "video", "audio", "select", "datalist", "textarea", "title", "meta",
    "link",
})


@dataclass(frozen=True, slots=True, kw_only=True)
class Block:
    """One visible line of the page.

    ``element`` is the innermost block element the line started in;
    ``link_chars`` counts the characters of the line that sat inside ``<a>``.
    """

    index: int
    text: str
    element: etree._Element
    link_chars: int = 0

    @property
    def link_density(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0

    @property
    def tag(self) -> str:
        tag = self.element.tag
        return tag.lower() if isinstance(tag, str) else ""


def normalize(text: str) -> str:
    """Whitespace collapsed and case folded: the key used to match lines."""
    return " ".join(text.split()).casefold()


def _hidden(element: etree._Element) -> bool:
    if element.get("hidden") is not None:
        return True
    style = element.get("style")
    if not style:
        return False
    style = style.replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


class _Lines:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.parts: list[str] = []
        self.link_raw = 0
        self.raw = 0
        self.owner: etree._Element | None = None

    def add(self, text: str | None, owner: etree._Element, in_link: bool) -> None:
        if not text:
            return
        if self.owner is None:
            if text.isspace():
                return
            self.owner = owner
        self.parts.append(text)
        self.raw += len(text)
        if in_link:
            self.link_raw += len(text)

    def flush(self) -> None:
        if self.owner is not None:
            line = " ".join("".join(self.parts).split())
            if line:
                links = round(len(line) * self.link_raw / self.raw) if self.raw else 0
                self.blocks.append(Block(index=len(self.blocks), text=line,
                                         element=self.owner, link_chars=min(links, len(line))))
        self.parts.clear()
        self.link_raw = self.raw = 0
        self.owner = None


def visible_blocks(root: etree._Element) -> list[Block]:
    """The page's visible lines, in document order."""
    body = root.find(".//body") if root.tag != "body" else root
    start = body if body is not None else root
    lines = _Lines()
    owners: list[etree._Element] = [start]
    links = 0
    walker = etree.iterwalk(start, events=("start", "end"))
    for event, element in walker:
        tag = element.tag
        if not isinstance(tag, str):  # comments, processing instructions
            if event == "end":
                lines.add(element.tail, owners[-1], links > 0)
            continue
        tag = tag.lower()
        if event == "start":
            if tag in SKIP_TAGS or _hidden(element):
                walker.skip_subtree()
                # the skipped element still gets its "end" event (handled below)
                continue
            if tag in BLOCK_TAGS:
                lines.flush()
                owners.append(element)
            elif tag == "br":
                lines.flush()
            if tag == "a":
                links += 1
            lines.add(element.text, owners[-1], links > 0)
            continue
        # "end"
        skipped = tag in SKIP_TAGS or _hidden(element)
        if not skipped:
            if tag == "a":
                links -= 1
            if tag in BLOCK_TAGS:
                lines.flush()
                if len(owners) > 1:
                    owners.pop()
        if element is not start:
            lines.add(element.tail, owners[-1], links > 0)
    lines.flush()
    return lines.blocks
