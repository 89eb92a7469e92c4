"""Recognise the non-body parts of an article among a dump's lines.

Each function here looks at one line (sometimes with its neighbours) and says
whether it plays a role: an image caption with its credit, a byline, a
dateline, a credit line ("Agencies contributed to this report"), a headline
or a standfirst.  The cleaner decides *where* to look (before the body, inside
it); this module decides *what* a line looks like.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from ..assemble import CaptionDraft
from ..published import DATE_SHAPE, parse_published

__all__ = [
    "CaptionMatch",
    "byline_name",
    "is_duplicate_caption",
    "is_headline_shaped",
    "reads_as_lead_headline",
    "is_standfirst_shaped",
    "match_caption",
    "match_echo_caption",
    "published_in",
]

_AGENCIES = (r"Getty(?: Images)?|AFP|Reuters|AP(?: Photo)?|EPA(?:-EFE)?|PA(?: Wire| Media)?|"
             r"Shutterstock|Alamy|iStock(?:photo)?|Bloomberg|Xinhua|Anadolu|NurPhoto|SOPA|"
             r"Corbis|Rex|REX|dpa|ANSA|Sipa|WireImage|FilmMagic|Invision|NASA|Handout|"
             r"Courtesy|Pool|Twitter|Instagram|Facebook|YouTube")
_CREDIT_WORDS = (r"Photo(?:graph)?s?|Picture|Pic|Image|Credit|Foto|Bild|Crédit|Video|"
                 r"Illustration|Source")
# "(AFP/Getty Images )" or "[Photo: Jane Doe]" at the end of the line.
_PAREN_CREDIT = re.compile(
    rf"[(\[]\s*((?:[^()\[\]]*?(?:{_AGENCIES}|{_CREDIT_WORDS})[^()\[\]]*?))\s*[)\]]\s*$")
# "... Photo: Jane Doe/Reuters" or "... Photograph by Jane Doe" at the end.
_LABEL_CREDIT = re.compile(
    rf"(?:^|[\s.|—–-])((?:{_CREDIT_WORDS})(?: by|:| credit:|:?\s*©)\s*[^.!?]{{2,80}})$",
    re.IGNORECASE)
# "... | Getty Images", "... / AFP", "... © Jane Doe".
_TRAIL_CREDIT = re.compile(
    rf"(?:\s[|/]\s*|\s©\s*|\s(?=[\w.'’ -]{{1,40}}/))((?:[\w.'’ -]{{0,40}}/)?(?:{_AGENCIES})"
    rf"(?:\s*(?:/|via)\s*[\w.'’ -]{{1,40}})?)\s*$")

_BYLINE = re.compile(r"^(?:by|written by|words by|von|par|por|di|door)\s+(\S.{1,80})$",
                     re.IGNORECASE)
_LABELS = re.compile(r"^(?:published|updated|posted|last updated|modified|date|on)\s*[:\-]?\s*",
                     re.IGNORECASE)
_TIME = re.compile(r"\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,5})?|\d{1,2}\s*[ap]\.?m\.?",
                   re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?。]['\"”’)]*$")


@dataclass(frozen=True, slots=True, kw_only=True)
class CaptionMatch:
    """A caption line: where its text ends and the credit printed in it."""

    text_end: int
    credit: str
    credit_start: int

    def draft(self, line: str) -> CaptionDraft:
        return CaptionDraft(line=line, text_end=self.text_end, credit=self.credit,
                            credit_start=self.credit_start)


def match_caption(line: str) -> CaptionMatch | None:
    """The credit at the end of a caption line, or ``None`` for other lines."""
    if len(line) < 25 or len(line) > 600:
        return None
    for pattern in (_PAREN_CREDIT, _LABEL_CREDIT, _TRAIL_CREDIT):
        match = pattern.search(line)
        if match:
            credit = match.group(1).strip()
            if not credit or len(credit) > 90:
                continue
            text_end = match.start()
            caption = line[:text_end].rstrip(" |/-—–©")
            if len(caption.split()) < 4:
                continue
            return CaptionMatch(text_end=len(caption), credit=credit,
                                credit_start=line.index(credit, match.start()))
    return None


# What follows a caption's text when the page prints it again with its credit:
# "(Harbour Courier/Dan Reyes)", "[Jo Smith]", "| Jo Smith", "© Jo Smith".
_ECHO_CREDIT = re.compile(r"^\s*(?:[(\[]\s*([^()\[\]]{2,80}?)\s*[)\]]|(?:[|/©—–-]\s*)([^.!?]{2,80}))\s*$")


def match_echo_caption(line: str, bare: str) -> CaptionMatch | None:
    """``line`` as ``bare`` (a caption printed alone nearby) followed by a credit.

    Pages often print a caption twice, once bare and once with its credit; the
    copy with the credit is the caption, whatever the credit says.
    """
    bare = bare.strip()
    if len(bare) < 20 or len(bare.split()) < 4 or not line.startswith(bare):
        return None
    match = _ECHO_CREDIT.match(line[len(bare):])
    if match is None:
        return None
    credit = (match.group(1) or match.group(2)).strip()
    if not credit[:1].isalnum() or len(credit.split()) > 10:
        return None
    return CaptionMatch(text_end=len(bare), credit=credit,
                        credit_start=line.index(credit, len(bare)))


def is_duplicate_caption(line: str, caption_text: str) -> bool:
    """Whether ``line`` repeats a caption's text (its alt text, or a copy without credit)."""
    a, b = " ".join(line.split()), " ".join(caption_text.split())
    if len(a) < 20 or len(b) < 20:
        return False
    return a == b or (b.startswith(a[:-2]) and len(a) > 0.8 * len(b)) or (
        a.startswith(b[:-2]) and len(b) > 0.8 * len(a))



def byline_name(line: str) -> str | None:
    """The name in a byline ("By Jane Doe" -> "Jane Doe"), or ``None``."""
    match = _BYLINE.match(line.strip())
    if not match or _SENTENCE_END.search(line) and len(line.split()) > 8:
        return None
    name = match.group(1).strip(" ,|")
    if len(name.split()) > 10 or not name[:1].isupper():
        return None
    return name


def published_in(line: str, default_timezone: str) -> datetime | None:
    """The publication time printed in a short line, or ``None``."""
    if len(line) > 160:
        return None
    match = DATE_SHAPE.search(line)
    if not match:
        return None
    candidates = [line, _LABELS.sub("", line)]
    tail = line[match.start():]
    candidates.append(tail)
    time = _TIME.search(line, match.end())
    stop = time.end() if time and time.start() - match.end() < 12 else match.end()
    candidates.append(line[match.start():stop])
    before = _TIME.search(line[:match.start()])
    if before:
        candidates.append(line[before.start():match.end()])
    for text in candidates:
        value = parse_published(text.strip(" ,|-—–"), default_timezone=default_timezone)
        if value is not None:
            return value
    return None


def is_headline_shaped(line: str) -> bool:
    """Short, no closing full stop, starts like a title."""
    words = line.split()
    if not 3 <= len(words) <= 24 or len(line) > 220:
        return False
    core = line.rstrip("\"”’'»)] ")
    if core.endswith((".", ":", ",", ";")) and not core.endswith("..."):
        return False
    if DATE_SHAPE.search(line) and len(words) < 8:
        return False
    return line[:1].isupper() or line[:1].isdigit() or line[:1] in "\"“‘'"


_INNER_STOP = re.compile(r"[a-z]{2}\.['\"”’)]*\s+[A-Z“\"‘]")
_SMALL_WORDS = frozenset("a an and as at but by for from in into is of on or the to vs with".split())


def reads_as_lead_headline(line: str, following: str) -> bool:
    """Whether a dump's first line is its headline: a title over a longer paragraph.

    Plain-text articles often open with the headline as a line of its own, full
    stop included ("Council approves ferry budget.").  Such a line is short,
    one sentence, starts like a title and is followed by a longer paragraph;
    a full stop is accepted when the line is title-cased or at most 14 words,
    so an opening paragraph of one short sentence is not taken for a title
    unless it reads like one.
    """
    words = line.split()
    if not 3 <= len(words) <= 24 or len(line) > 200 or len(following) <= len(line):
        return False
    if not (line[:1].isupper() or line[:1].isdigit() or line[:1] in "\"“‘'"):
        return False
    core = line.rstrip("\"”’'») ;")
    if core.endswith((":", ",")) or _INNER_STOP.search(core):
        return False
    if DATE_SHAPE.search(line) and len(words) < 8:
        return False
    if not core.endswith(".") or core.endswith("..."):
        return True
    long_words = [w for w in words if w.lower() not in _SMALL_WORDS and w[:1].isalpha()]
    capitalised = sum(w[:1].isupper() for w in long_words)
    return len(words) <= 14 or capitalised >= 0.6 * max(1, len(long_words))


def is_standfirst_shaped(line: str) -> bool:
    """A sentence or two summing up the story: longer than a headline, shorter than a page."""
    words = line.split()
    return 8 <= len(words) <= 80 and not line.endswith(":") and (
        line[:1].isupper() or line[:1] in "\"“‘'")
