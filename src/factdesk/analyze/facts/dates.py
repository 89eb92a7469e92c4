"""Dates: every date or period in an article, resolved against its publication.

Candidates are the parser's DATE entities.  Each is resolved by our own rules
first — weekdays ("Monday" in a Tuesday article is the day before), "last
week"/"this month"/"next year", "the last 18 months" (a period ending at
publication), years, decades, "24 April 2017", "April 2017" — and only the
remaining date-like spans that carry a digit or a month name go to
``dateparser``, which is slow on whole texts but fine on a few words.
Relative dates stay unresolved when the article has no publication time.

A date without a year resolves in the direction the text points: forward after
"will", "ahead of", "until", "upcoming", "next" or "is scheduled"; backward
after a verb in the past tense; to the nearest day when the date names an
event ("the Nov. 29 meeting", "Tuesday's debate") and nothing else tells; and
backward otherwise.  A weekday with a day and month ("Saturday 3 October") is
the year nearest publication in which that day falls on that weekday.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from ...model import DateMention
from ..parse.nlp import Parsed

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan

__all__ = ["ANALYZER", "direction", "find_dates", "resolve_date"]

ANALYZER = "dates.rules.v2"
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS |= {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
MONTHS["sept"] = 9
NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}
UNITS = {"day": "day", "days": "day", "week": "week", "weeks": "week", "month": "month",
         "months": "month", "year": "year", "years": "year", "decade": "decade",
         "decades": "decade"}
FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo"})
#: Words just before a date that point forward ("ahead of Tuesday's debate").
FUTURE_BEFORE = frozenset({"ahead", "until", "till", "upcoming", "coming", "next", "before"})
#: Words in a date that say its direction.
FUTURE_WORDS = frozenset({"next", "coming", "upcoming"})
PAST_WORDS = frozenset({"last", "past", "previous", "ago", "earlier"})
#: Past participles that, after "is" or "are", announce something to come.
PLANNED = frozenset({"schedule", "set", "slate", "plan", "expect", "due", "poise"})

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
    ("wdm", re.compile(r"(?P<weekday>" + "|".join(WEEKDAYS) + r"),?\s+(?:the\s+)?"
                       r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + "$")),
    ("wmd", re.compile(r"(?P<weekday>" + "|".join(WEEKDAYS) + r"),?\s+" + _MONTH
                       + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?$")),
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
            resolved = resolve_date(ent.text, anchor, future=direction(ent))
            if resolved is None:
                continue
            granularity, start, end = resolved
            out.append(DateMention(span=unit.span(ent.start_char, ent.end_char, text),
                                   granularity=granularity, start=start.isoformat(),
                                   end=end.isoformat(), analyzer=ANALYZER))
    return tuple(out)


def resolve_date(text: str, anchor: date | None,
                 future: bool | None = False) -> tuple[str, date, date] | None:
    """``(granularity, first day, last day)`` for a date expression, or ``None``.

    ``future`` says which way a date without a year points from ``anchor``:
    ``True`` forward, ``False`` backward, ``None`` (the text does not say) to
    the nearest such day.
    """
    clean = " ".join(text.replace("’", "'").split()).lower()
    clean = re.sub(r"^(?:" + "|".join(WEEKDAYS) + r"),?\s+(?=\S+\s+\S+,?\s+\d{4}$)", "", clean)
    clean = re.sub(r"^(?:the|on|in|since|by|during)\s+", "", clean)
    for name, pattern in _PATTERNS:
        match = pattern.match(clean)
        if match is not None:
            return _RESOLVERS[name](match.groupdict(), anchor, future)
    if anchor is not None and re.search(r"\d", clean) and re.search(r"[a-z]", clean):
        return _dateparser(text, anchor, future)
    return None


def direction(ent: SpacySpan) -> bool | None:
    """Which way a date points: ``True`` forward, ``False`` back, ``None`` unknown
    (a date naming an event, with no other cue)."""
    words = {t.lower_ for t in ent}
    if words & FUTURE_WORDS:
        return True
    if words & PAST_WORDS:
        return False
    doc = ent.doc
    before = {t.lower_ for t in doc[max(ent.sent.start, ent.start - 3):ent.start]}
    if before & FUTURE_BEFORE - {"before", "until", "till"}:
        return True
    verb = ent.root
    for _ in range(4):
        if verb.pos_ in ("VERB", "AUX") or verb.head is verb:
            break
        verb = verb.head
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    going = verb.head.lower_ == "going" and any(c.lower_ == "to" for c in verb.children)
    if aux & FUTURE_AUX or going or verb.lemma_ in PLANNED and aux & {"is", "are", "'s", "'re"}:
        return True
    past = verb.tag_ == "VBD" or verb.tag_ == "VBN" and bool(aux & {"has", "have", "had"})
    if before & {"until", "till", "before"} and not past:
        return True
    head = ent.root.head
    if (ent.root.dep_ in ("compound", "poss", "nmod", "amod", "det", "nummod")
            and head.pos_ == "NOUN" and not ent.start <= head.i < ent.end):
        return None  # "the Nov. 29 meeting": the event's own day
    return False


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
    if future is None:
        options = [_full(str(anchor.year + k), g["month"], g["day"]) for k in (-1, 0, 1)]
        return min((o for o in options if o), key=lambda o: abs((o[1] - anchor).days))
    if not future and day > anchor:
        return _full(str(anchor.year - 1), g["month"], g["day"])
    if future and day < anchor:
        return _full(str(anchor.year + 1), g["month"], g["day"])
    return resolved


def _weekday_dm(g, anchor, future):
    """The day and month in the year nearest ``anchor`` where it falls on the weekday."""
    if anchor is None:
        return None
    wanted = WEEKDAYS[g["weekday"]]
    options = [o for k in range(-7, 8)
               if (o := _full(str(anchor.year + k), g["month"], g["day"])) is not None
               and o[1].weekday() == wanted]
    if not options:
        return None
    return min(options, key=lambda o: abs((o[1] - anchor).days))


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
    if future is None:  # the nearest such day
        future = delta > 3
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


def _dateparser(text: str, anchor: date, future: bool | None = False
                ) -> tuple[str, date, date] | None:
    import dateparser

    base = datetime(anchor.year, anchor.month, anchor.day, 12)
    prefer = {True: "future", False: "past", None: "current_period"}[future]
    try:
        parsed = dateparser.parse(text, languages=["en"], settings={
            "RELATIVE_BASE": base, "PREFER_DATES_FROM": prefer, "REQUIRE_PARTS": ["month"]})
    except Exception:  # dateparser raises many types on odd input; unresolved is fine
        return None
    if parsed is None:
        return None
    day = parsed.date()
    return "day", day, day


_RESOLVERS = {"dmy": _dmy, "mdy": _dmy, "my": _my, "dm": _dm, "md": _dm, "year": _year,
              "decade": _decade, "wdm": _weekday_dm, "wmd": _weekday_dm, "weekday": _weekday, "relative": _relative,
              "earlier": _earlier, "period": _period_back, "dayword": _dayword}
