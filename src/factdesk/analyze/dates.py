"""Dates: every date or period in an article, resolved against its publication.

Candidates are the parser's DATE entities.  Each is resolved by our own rules
first — weekdays ("Monday" in a Tuesday article is the day before), "last
week"/"this month"/"next year", "the last 18 months" (a period ending at
publication), years, decades, "24 April 2017", "April 2017" — and only the
remaining date-like spans that carry a digit or a month name go to
``dateparser``, which is slow on whole texts but fine on a few words.
Relative dates stay unresolved when the article has no publication time.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from ..model import DateMention
from .nlp import Parsed

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan

__all__ = ["ANALYZER", "find_dates", "resolve_date"]

ANALYZER = "dates.rules.v1"
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS |= {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
MONTHS["sept"] = 9
NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}
UNITS = {"day": "day", "days": "day", "week": "week", "weeks": "week", "month": "month",
         "months": "month", "year": "year", "years": "year", "decade": "decade",
         "decades": "decade"}
FUTURE_AUX = frozenset({"will", "'ll", "shall"})

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_PATTERNS = [
    ("dmy", re.compile(r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH
                       + r",?\s+(?P<year>\d{4})$")),
    ("mdy", re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})$")),
    ("my", re.compile(_MONTH + r",?\s+(?P<year>\d{4})$")),
    ("dm", re.compile(r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + "$")),
    ("md", re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?$")),
    ("year", re.compile(r"(?:in\s+)?(?P<year>1[5-9]\d\d|20\d\d)$")),
    ("decade", re.compile(r"(?P<year>1[5-9]\d0|20\d0)'?s$")),
    ("weekday", re.compile(r"(?:on\s+)?(?P<weekday>" + "|".join(WEEKDAYS) + r")(?:'s|’s)?$")),
    ("relative", re.compile(r"(?P<which>last|this|next|past|previous|coming)\s+"
                            r"(?P<unit>week|month|year)$")),
    ("earlier", re.compile(r"earlier\s+this\s+(?P<unit>week|month|year)$")),
    ("period", re.compile(r"(?:the\s+)?(?:last|past|previous)\s+(?P<n>\d+|"
                          + "|".join(NUMBER_WORDS) + r")\s+(?P<unit>days|weeks|months|years|"
                          r"decades)$")),
    ("dayword", re.compile(r"(?P<word>today|yesterday|tomorrow|tonight)$")),
]


def find_dates(parsed: Parsed) -> tuple[DateMention, ...]:
    """Every resolvable date of the article, in text order."""
    published = parsed.article.published
    anchor = published.date() if published is not None else None
    text = parsed.article.text
    out = []
    for unit in parsed.units:
        for ent in unit.doc.ents:
            if ent.label_ != "DATE":
                continue
            resolved = resolve_date(ent.text, anchor, future=_future(ent))
            if resolved is None:
                continue
            granularity, start, end = resolved
            out.append(DateMention(span=unit.span(ent.start_char, ent.end_char, text),
                                   granularity=granularity, start=start.isoformat(),
                                   end=end.isoformat(), analyzer=ANALYZER))
    return tuple(out)


def resolve_date(text: str, anchor: date | None,
                 future: bool = False) -> tuple[str, date, date] | None:
    """``(granularity, first day, last day)`` for a date expression, or ``None``."""
    clean = " ".join(text.replace("’", "'").split()).lower()
    clean = re.sub(r"^(?:the|on|in|since|by|during)\s+", "", clean)
    for name, pattern in _PATTERNS:
        match = pattern.match(clean)
        if match is not None:
            return _RESOLVERS[name](match.groupdict(), anchor, future)
    if anchor is not None and re.search(r"\d", clean) and re.search(r"[a-z]", clean):
        return _dateparser(text, anchor)
    return None


def _future(ent: SpacySpan) -> bool:
    verb = ent.root
    for _ in range(3):
        if verb.pos_ in ("VERB", "AUX"):
            break
        verb = verb.head
    return any(c.lower_ in FUTURE_AUX for c in verb.children) or any(
        t.lower_ in ("next", "coming") for t in ent)


def _full(year: str, month: str, day: str) -> tuple[str, date, date] | None:
    try:
        day_ = date(int(year), MONTHS[month], int(day))
    except ValueError:
        return None
    return "day", day_, day_


def _month(year: int, month: int) -> tuple[str, date, date]:
    last = calendar.monthrange(year, month)[1]
    return "month", date(year, month, 1), date(year, month, last)


def _dmy(g, anchor, future):
    return _full(g["year"], g["month"], g["day"])


def _my(g, anchor, future):
    return _month(int(g["year"]), MONTHS[g["month"]])


def _dm(g, anchor, future):
    if anchor is None:
        return None
    resolved = _full(str(anchor.year), g["month"], g["day"])
    if resolved is None:
        return None
    day = resolved[1]
    if not future and day > anchor:
        return _full(str(anchor.year - 1), g["month"], g["day"])
    if future and day < anchor:
        return _full(str(anchor.year + 1), g["month"], g["day"])
    return resolved


def _year(g, anchor, future):
    year = int(g["year"])
    return "year", date(year, 1, 1), date(year, 12, 31)


def _decade(g, anchor, future):
    year = int(g["year"])
    return "decade", date(year, 1, 1), date(year + 9, 12, 31)


def _weekday(g, anchor, future):
    if anchor is None:
        return None
    delta = (anchor.weekday() - WEEKDAYS[g["weekday"]]) % 7
    day = anchor - timedelta(days=delta) if not future or delta == 0 else \
        anchor + timedelta(days=7 - delta)
    return "day", day, day


def _relative(g, anchor, future):
    if anchor is None:
        return None
    which, unit = g["which"], g["unit"]
    step = {"last": -1, "past": -1, "previous": -1, "this": 0, "next": 1, "coming": 1}[which]
    return _period(unit, anchor, step)


def _earlier(g, anchor, future):
    if anchor is None:
        return None
    granularity, start, _end = _period(g["unit"], anchor, 0)
    return granularity, start, anchor


def _period(unit: str, anchor: date, step: int) -> tuple[str, date, date]:
    if unit == "week":
        monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=step)
        return "week", monday, monday + timedelta(days=6)
    if unit == "month":
        year, month = divmod(anchor.year * 12 + anchor.month - 1 + step, 12)
        return _month(year, month + 1)
    year = anchor.year + step
    return "year", date(year, 1, 1), date(year, 12, 31)


def _back(anchor: date, n: int, unit: str) -> date:
    if unit in ("day", "week"):
        return anchor - timedelta(days=n * (7 if unit == "week" else 1))
    months = n * {"month": 1, "year": 12, "decade": 120}[unit]
    year, month = divmod(anchor.year * 12 + anchor.month - 1 - months, 12)
    day = min(anchor.day, calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day)


def _period_back(g, anchor, future):
    if anchor is None:
        return None
    n = int(g["n"]) if g["n"].isdigit() else NUMBER_WORDS[g["n"]]
    return "duration", _back(anchor, n, UNITS[g["unit"]]), anchor


def _dayword(g, anchor, future):
    if anchor is None:
        return None
    shift = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[g["word"]]
    day = anchor + timedelta(days=shift)
    return "day", day, day


def _dateparser(text: str, anchor: date) -> tuple[str, date, date] | None:
    import dateparser

    base = datetime(anchor.year, anchor.month, anchor.day, 12)
    try:
        parsed = dateparser.parse(text, languages=["en"], settings={
            "RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["month"]})
    except Exception:  # dateparser raises many types on odd input; unresolved is fine
        return None
    if parsed is None:
        return None
    day = parsed.date()
    return "day", day, day


_RESOLVERS = {"dmy": _dmy, "mdy": _dmy, "my": _my, "dm": _dm, "md": _dm, "year": _year,
              "decade": _decade, "weekday": _weekday, "relative": _relative,
              "earlier": _earlier, "period": _period_back, "dayword": _dayword}
