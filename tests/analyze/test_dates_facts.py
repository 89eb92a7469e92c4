"""Dates resolved against a publication day, and quantities with what they count."""

from datetime import date, datetime, timedelta, timezone

import pytest

from factdesk.analyze import analyze
from factdesk.analyze.facts.dates import resolve_date
from factdesk.clean import verbatim_article

TUESDAY = date(2017, 4, 25)


@pytest.mark.parametrize(("text", "expected"), [
    ("Monday", ("day", "2017-04-24", "2017-04-24")),
    ("on Tuesday", ("day", "2017-04-25", "2017-04-25")),
    ("Friday", ("day", "2017-04-21", "2017-04-21")),
    ("last week", ("week", "2017-04-17", "2017-04-23")),
    ("this week", ("week", "2017-04-24", "2017-04-30")),
    ("next month", ("month", "2017-05-01", "2017-05-31")),
    ("last year", ("year", "2016-01-01", "2016-12-31")),
    ("yesterday", ("day", "2017-04-24", "2017-04-24")),
    ("2001", ("year", "2001-01-01", "2001-12-31")),
    ("the 1980s", ("decade", "1980-01-01", "1989-12-31")),
    ("24 April 2017", ("day", "2017-04-24", "2017-04-24")),
    ("April 24, 2017", ("day", "2017-04-24", "2017-04-24")),
    ("March 2016", ("month", "2016-03-01", "2016-03-31")),
    ("12 May", ("day", "2016-05-12", "2016-05-12")),          # past by default
    ("the last 18 months", ("duration", "2015-10-25", "2017-04-25")),
    ("the past two years", ("duration", "2015-04-25", "2017-04-25")),
    ("earlier this month", ("month", "2017-04-01", "2017-04-25")),
])
def test_resolve(text, expected):
    granularity, start, end = resolve_date(text, TUESDAY)
    assert (granularity, start.isoformat(), end.isoformat()) == expected


def test_future_weekday():
    assert resolve_date("Friday", TUESDAY, future=True)[1] == date(2017, 4, 28)


def test_relative_dates_need_a_publication_time():
    assert resolve_date("Monday", None) is None
    assert resolve_date("2001", None)[0] == "year"
    assert resolve_date("the years of war", TUESDAY) is None


def _article(text, published=None):
    article = verbatim_article(text)
    if published is None:
        return article
    from dataclasses import replace
    return replace(article, published=published)


def test_dates_in_an_article(analysis_settings):
    published = datetime(2017, 4, 25, 10, 58, tzinfo=timezone(timedelta(hours=1)))
    article = _article("The minister spoke on Monday about the attack last week.", published)
    dates = {d.span.text: d for d in analyze(article, analysis_settings).dates}
    assert dates["Monday"].start == "2017-04-24"
    assert (dates["last week"].start, dates["last week"].end) == ("2017-04-17", "2017-04-23")


def test_quantities(analysis_settings):
    article = _article("More than 300 workers were laid off at the plant in Dunmore.\n"
                       "The company employs about 2,500 people in Kestria.\n"
                       "Like the one we saw, it was a few more thousand.")
    facts = analyze(article, analysis_settings).facts
    by_value = {f.value: f for f in facts}
    assert by_value[300].qualifier == "more_than"
    assert "workers" in by_value[300].counts
    assert by_value[2500].qualifier == "about" and "people" in by_value[2500].counts
    assert by_value[2500].place == "Kestria"
    assert 1.0 not in by_value and 1000.0 not in by_value  # "the one", "a few more thousand"


def test_no_sentences_no_facts(analysis_settings):
    analysis = analyze(_article("### *** ###\n\u202e\u05e9\u05dc\u05d5\u05dd 🙂"),
                       analysis_settings)
    assert analysis.facts == () and analysis.claims == ()


@pytest.mark.parametrize(("text", "anchor", "future", "expected"), [
    ("12 May", date(2017, 4, 25), None, "2017-05-12"),              # nearest: this year
    ("Nov. 29", date(2016, 11, 7), None, "2016-11-29"),
    ("Jan. 3", date(2016, 12, 20), None, "2017-01-03"),             # nearest: next year
    ("Dec. 28", date(2017, 1, 4), None, "2016-12-28"),              # nearest: last year
    ("Tuesday", date(2016, 10, 10), None, "2016-10-11"),            # a Monday: tomorrow
    ("Friday", date(2016, 10, 10), None, "2016-10-07"),             # three days back
    ("Saturday 3 October", date(2015, 9, 20), False, "2015-10-03"),  # the weekday fixes the year
    ("Saturday, October 3", date(2016, 9, 20), None, "2015-10-03"),
    ("Saturday 3 October", date(2020, 1, 10), True, "2020-10-03"),
    ("Saturday, October 3, 2015", date(2017, 1, 1), False, "2015-10-03"),
], ids=["dm-nearest-ahead", "md-abbrev-nearest", "across-new-year-ahead",
        "across-new-year-back", "weekday-nearest-ahead", "weekday-nearest-back",
        "weekday-day-month", "weekday-month-day", "weekday-day-month-forward",
        "weekday-and-full-date"])
def test_resolve_in_a_direction(text, anchor, future, expected):
    granularity, start, end = resolve_date(text, anchor, future=future)
    assert (granularity, start.isoformat(), end.isoformat()) == ("day", expected, expected)


@pytest.mark.parametrize(("sentence", "published", "date_text", "expected"), [
    ("Both candidates rested on Monday ahead of Tuesday's debate in the capital.",
     datetime(2016, 10, 10, 9, tzinfo=timezone.utc), "Tuesday", "2016-10-11"),
    ("The board will vote on the plan on Thursday, the chairman said.",
     datetime(2016, 10, 10, 9, tzinfo=timezone.utc), "Thursday", "2016-10-13"),
    ("The mayor said the bridge would stay closed until Friday.",
     datetime(2016, 10, 10, 9, tzinfo=timezone.utc), "Friday", "2016-10-14"),
    ("Officials prepared the agenda for the Nov. 29 meeting of the harbour board.",
     datetime(2016, 11, 7, 9, tzinfo=timezone.utc), "Nov. 29", "2016-11-29"),
    ("The council met on Dec. 2 to discuss the budget.",
     datetime(2016, 11, 20, 9, tzinfo=timezone.utc), "Dec. 2", "2015-12-02"),
    ("The hearing is scheduled for Dec. 2 in the county court.",
     datetime(2016, 11, 20, 9, tzinfo=timezone.utc), "Dec. 2", "2016-12-02"),
    ("The ferry sank on Friday, the coastguard said.",
     datetime(2016, 10, 10, 9, tzinfo=timezone.utc), "Friday", "2016-10-07"),
    ("The race was run on Saturday 3 October under heavy rain.",
     datetime(2015, 10, 5, 9, tzinfo=timezone.utc), "Saturday 3 October", "2015-10-03"),
], ids=["ahead-of", "will", "until", "event-noun", "past-tense", "scheduled", "past-weekday",
        "weekday-day-month"])
def test_dates_point_the_way_the_text_does(analysis_settings, sentence, published, date_text,
                                           expected):
    dates = [d for d in analyze(_article(sentence, published), analysis_settings).dates
             if date_text in d.span.text]
    assert len(dates) == 1
    assert dates[0].start == expected
