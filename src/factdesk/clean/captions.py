"""Image captions and their credits.

:func:`caption_groups` finds the visible blocks that are captions: inside a
``<figcaption>``, or an element whose class or id names a caption, grouped by
their figure so a caption and its credit line become one caption.
:func:`split_credit` separates the credit a caption prints — ``(AFP/Getty
Images)``, ``Photo: Reuters``, ``Credit: ...``, ``© ...`` — from its text,
without rewriting either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from .assemble import CaptionDraft
from .html_blocks import Block

__all__ = ["CaptionGroup", "caption_groups", "split_credit"]

_AGENCIES = (r"AFP|Getty(?: Images)?|Reuters|AP|Associated Press|EPA|EPA-EFE|Shutterstock|PA|"
             r"PA Wire|Alamy|iStock(?:photo)?|Bloomberg|Xinhua|dpa|ANP|NurPhoto|SOPA|Sipa|Pool|"
             r"Rex|Wireimage|Corbis|NASA|ESA|Courtesy|File|Handout|Supplied")
_LABEL = (r"(?:photo(?:graph)?s?|photographer|image|picture|pic|credit|foto|source|"
          r"illustration|video)(?:\s+(?:credit|by|courtesy(?: of)?))?")
_NAME = r"[A-Z](?:[\w'&-]+|\.)"
_PATTERNS = (
    # "... (AFP/Getty Images)" or "... (Photo: Reuters)"
    re.compile(rf"\(\s*(?:{_LABEL}\s*[:：]?\s*)?(?P<credit>[^()]*?(?:\b(?:{_AGENCIES})\b|/)"
               r"[^()]*?)\s*\)\s*$", re.IGNORECASE),
    # "... Photo: Reuters", "Credit: Jane Doe/Bloomberg"
    re.compile(rf"(?:^|(?<=[\s.,;|–—-]))(?:{_LABEL})\s*[:：]\s*(?P<credit>.+?)\s*$", re.IGNORECASE),
    # "... © Jane Doe 2018"
    re.compile(r"(?:\bcopyright\s*)?©\s*(?P<credit>.+?)\s*$", re.IGNORECASE),
    # "... | Getty Images"
    re.compile(rf"[|]\s*(?P<credit>[^|]{{0,60}}\b(?:{_AGENCIES})\b[^|]{{0,40}}?)\s*$",
               re.IGNORECASE),
    # "... treatmentCredit: EPA" (label glued to the caption)
    re.compile(r"(?<=[a-z.)])(?:Credit|Photo|Picture|Image)s?\s?:\s*(?P<credit>.+?)\s*$"),
    # "... Image copyright Getty Images", "Photo courtesy of Jane Doe"
    re.compile(r"(?:^|(?<=[\s.]))(?:image|photo|picture)\s+(?:copyright|credit|via|courtesy of|by)"
               r"\s+(?P<credit>.+?)\s*$", re.IGNORECASE),
    # "... Jane Doe/Hindustan Times/Getty Images" (names joined by slashes, at the end)
    re.compile(rf"(?:^|(?<=[.!?\s]))(?P<credit>{_NAME}(?:\s{_NAME}){{0,3}}"
               rf"(?:\s?/\s?{_NAME}(?:\s{_NAME}){{0,3}})+(?:\s(?:file|handout|pool))?)\s*$"),
)
_CAPTION_CLASS = re.compile(r"caption|cutline|img-desc|image-desc|photo-desc|legend|media-desc",
                            re.IGNORECASE)
_CREDIT_ONLY = re.compile(rf"^\s*(?:{_LABEL}\s*[:：]?\s*|©\s*)?(?:[\w.'-]+\s){{0,4}}"
                          rf"(?:[\w.'-]+\s?/\s?)?(?:{_AGENCIES})(?:\s\w+)?\s*$", re.IGNORECASE)
_NOT_CAPTION = re.compile(
    r"^\W*(?:(?:caption|close|hide|show|expand|enlarge|toggle|image|photo|picture|slide|gallery|"
    r"advertisement|of|\d+)\W*)*$", re.IGNORECASE)
_STOP = frozenset({"article", "main", "body", "section", "html"})


def split_credit(line: str) -> CaptionDraft:
    """A caption draft for ``line`` with the printed credit, if any, split off."""
    for pattern in _PATTERNS:
        match = pattern.search(line)
        if match is None:
            continue
        credit = match.group("credit").strip(" .,;")
        text_end = len(line[: match.start()].rstrip(" ,;|–—-"))
        if not credit or len(credit) > 80 or len(credit.split()) > 10 \
                or (text_end == 0 and len(line) > 160):
            continue
        return CaptionDraft(line=line, text_end=text_end, credit=credit,
                            credit_start=line.find(credit, match.start()))
    if _CREDIT_ONLY.match(line):
        return CaptionDraft(line=line, text_end=0, credit=line.strip(), credit_start=0)
    return CaptionDraft(line=line)


@dataclass(frozen=True, slots=True, kw_only=True)
class CaptionGroup:
    """Consecutive caption blocks of one figure, joined into one caption line."""

    blocks: tuple[Block, ...]
    draft: CaptionDraft

    @property
    def index(self) -> int:
        return self.blocks[0].index


def _caption_box(element: etree._Element) -> etree._Element | None:
    """The figure or caption element a block belongs to, or ``None``."""
    box = None
    for depth, node in enumerate((element, *element.iterancestors())):
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _STOP or depth > 5:
            break
        if tag == "figure":
            return node
        if box is None and (tag == "figcaption" or _CAPTION_CLASS.search(
                f"{node.get('class', '')} {node.get('id', '')} {node.get('itemprop', '')}")):
            box = node
    return box


def caption_groups(blocks: list[Block]) -> list[CaptionGroup]:
    """The caption lines among ``blocks``, each with its credit split off."""
    groups: list[list[Block]] = []
    last_box = None
    for block in blocks:
        if len(block.text) > 600 or block.link_density > 0.6:
            last_box = None
            continue
        box = _caption_box(block.element)
        if box is None:
            last_box = None
            continue
        if box is last_box and groups and groups[-1][-1].index == block.index - 1:
            groups[-1].append(block)
        else:
            groups.append([block])
        last_box = box
    out = []
    for group in groups:
        line = " ".join(b.text for b in group)
        if _NOT_CAPTION.match(line):
            continue
        out.append(CaptionGroup(blocks=tuple(group), draft=split_credit(line)))
    return out
