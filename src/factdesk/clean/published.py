"""Publication times: parse a printed date into an aware ``datetime``.

dateparser reads the many ways pages print dates; it does not know which zone
"BST" or "ET" means on a news page, so zone abbreviations are resolved here
from a small table, then attached.  A time printed with no zone gets the
``default_timezone`` setting if one is set, and is otherwise left out: a
guessed offset is worse than none.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import dateparser

__all__ = ["DATE_SHAPE", "ZONE_ABBREVIATIONS", "parse_published", "parse_published_day"]

# Abbreviation -> fixed offset (hours) or IANA zone name for "ET"-style names
# whose offset depends on the date.
ZONE_ABBREVIATIONS: dict[str, float | str] = {
    "UTC": 0, "GMT": 0, "Z": 0, "BST": 1, "IST": 5.5, "CET": 1, "CEST": 2,
    "EET": 2, "EEST": 3, "WET": 0, "WEST": 1, "MSK": 3,
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6,
    "PST": -8, "PDT": -7, "AKST": -9, "AKDT": -8, "HST": -10,
    "AEST": 10, "AEDT": 11, "ACST": 9.5, "ACDT": 10.5, "AWST": 8,
    "NZST": 12, "NZDT": 13, "JST": 9, "KST": 9, "HKT": 8, "SGT": 8, "PKT": 5,
    "ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver",
    "PT": "America/Los_Angeles", "UK": "Europe/London",
}

_ZONE = re.compile(
    r"(?<![\w])(" + "|".join(sorted(map(re.escape, ZONE_ABBREVIATIONS), key=len, reverse=True))
    + r")(?![\w])\.?")
_OFFSET = re.compile(r"(?:UTC|GMT)?\s*([+-])(\d{1,2}):?(\d{2})?\s*$")
_MONTHS = (r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
           r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
#: A line that looks like it prints a date (cheap test before dateparser runs).
DATE_SHAPE = re.compile(
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\.?\s+(?:{_MONTHS})\.?,?\s+\d{{4}}"
    rf"|(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}}"
    rf"|\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}})\b",
    re.IGNORECASE,
)
_SETTINGS = {"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False,
             "PARSERS": ["absolute-time"]}
_MONTH_NUMBERS = {name: number for number, names in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)
    for name in (names,)}
# English dates with a month name, the common case, read without dateparser.
_ENGLISH_DATE = re.compile(
    rf"\b(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?(?P<m1>{_MONTHS})\.?,?\s+(?P<y1>\d{{4}})"
    rf"|(?P<m2>{_MONTHS})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}}))\b",
    re.IGNORECASE)
_CLOCK = re.compile(r"\b(?P<h>\d{1,2})[:.](?P<m>\d{2})(?::(?P<s>\d{2}))?\s*(?P<ampm>[ap]\.?\s?m\b\.?)?",
                    re.IGNORECASE)
_ISO_LIKE = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}\S*(?:\s?(?:Z|[+-]\d{2}:?\d{2}))?")


def _zone(name: str) -> tzinfo | None:
    value = ZONE_ABBREVIATIONS.get(name.upper())
    if value is None:
        return None
    if isinstance(value, str):
        return ZoneInfo(value)
    return timezone(timedelta(hours=value))


def _default_zone(name: str) -> tzinfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _english(text: str) -> datetime | None:
    """A naive datetime for an English month-name date (and clock time), if printed."""
    date = _ENGLISH_DATE.search(text)
    if date is None:
        return None
    day = int(date.group("d1") or date.group("d2"))
    month = _MONTH_NUMBERS[(date.group("m1") or date.group("m2"))[:3].lower()]
    year = int(date.group("y1") or date.group("y2"))
    hour = minute = second = 0
    clock = _CLOCK.search(text, date.end()) or _CLOCK.search(text[: date.start()])
    if clock is not None:
        hour, minute = int(clock.group("h")), int(clock.group("m"))
        second = int(clock.group("s") or 0)
        ampm = (clock.group("ampm") or "").lower()
        if ampm.startswith("p") and hour < 12:
            hour += 12
        elif ampm.startswith("a") and hour == 12:
            hour = 0
    try:
        return datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None


def _iso(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def _split_zone(text: str) -> tuple[tzinfo | None, str]:
    """The zone name or UTC offset printed in ``text`` (``None`` if none or not a
    real one), and the text without it."""
    match = _ZONE.search(text)
    if match:
        return _zone(match.group(1)), (text[: match.start()] + text[match.end():]).strip(" ,|-")
    offset = _OFFSET.search(text)
    if not offset or not re.search(r"\d:\d\d", text[: offset.start()]):
        return None, text
    sign = -1 if offset.group(1) == "-" else 1
    hours, minutes = int(offset.group(2)), int(offset.group(3) or 0)
    zone = None
    if hours < 24 and minutes < 60:  # "+52:50" is no offset at all
        zone = timezone(sign * timedelta(hours=hours, minutes=minutes))
    return zone, text[: offset.start()].strip()


def parse_published(text: str, *, default_timezone: str = "") -> datetime | None:
    """The aware datetime printed in ``text``, or ``None``.

    Steps: (1) the whole text as ISO 8601; (2) a printed zone or offset taken
    out; (3) an ISO-like date inside the rest, which stands when it carries its
    own offset and none was printed; (4) else, with a zone printed or assumed,
    English day-month forms, then dateparser, read in that zone.

    >>> parse_published("Tuesday 25 April 2017 10:58 BST").isoformat()
    '2017-04-25T10:58:00+01:00'
    """
    text = " ".join(text.split())
    if not text or len(text) > 200:
        return None
    value = _iso(text)
    if value is not None:
        if value.tzinfo is None:
            zone = _default_zone(default_timezone)
            return value.replace(tzinfo=zone) if zone else None
        return value
    zone, text = _split_zone(text)
    iso = _ISO_LIKE.search(text)
    parsed = _iso(iso.group(0)) if iso is not None else None
    if parsed is not None and parsed.tzinfo is not None and zone is None:
        return parsed
    if zone is None:
        zone = _default_zone(default_timezone)
        if zone is None:
            return None  # no offset printed and none to assume: dateparser cannot help
    if parsed is None:
        parsed = _english(text)
    if parsed is None:
        parsed = dateparser.parse(text, languages=None, settings=_SETTINGS)
    if parsed is None:
        return None
    return parsed.replace(tzinfo=zone)


_ISO_DAY = re.compile(r"(?<![\d/.-])(?P<y>(?:19|20)\d\d)([-/.])(?P<m>\d{1,2})\2(?P<d>\d{1,2})"
                     r"(?![\d/.-])")


def parse_published_day(text: str) -> datetime | None:
    """The day printed in ``text`` when it gives no zone or offset, at 00:00 UTC.

    For a page that prints only its day ("March 18, 2015", ``2015-03-18``) or
    a time without a zone: the day is what the page says, and what relative
    dates ("yesterday") count from; the time is left out rather than guessed.
    A value with an offset or zone is :func:`parse_published`'s; an all-number
    date other than year-month-day ("03/04/2015") is ambiguous and skipped.

    >>> parse_published_day("March 18, 2015").isoformat()
    '2015-03-18T00:00:00+00:00'
    """
    text = " ".join(text.split())
    offset = _OFFSET.search(text)
    if not text or len(text) > 200 or _ZONE.search(text) or text.endswith("Z") or (
            offset and re.search(r"\d:\d\d", text[:offset.start()])):
        return None
    iso = _ISO_DAY.search(text)
    if iso is not None:
        try:
            day = datetime(int(iso.group("y")), int(iso.group("m")), int(iso.group("d")))
        except ValueError:
            return None
    else:
        day = _english(text)
        if day is None:
            return None
    return datetime(day.year, day.month, day.day, tzinfo=timezone.utc)
