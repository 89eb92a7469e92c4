"""A text dump's outlet, as its own appeals name it."""

from __future__ import annotations

from factdesk.clean import clean_page
from factdesk.clean.outlet import outlet_from_chrome
from factdesk.model import ChromeReason, Page, Removed

STORY = ("The harbour council voted on Tuesday to keep the ferry running through the winter, "
         "ending forty years of seasonal closures on the estuary crossing, the council said.\n"
         "Councillors said a new electric boat had cut the cost of each trip by two thirds, "
         "and traders on both quays welcomed the decision on Wednesday morning.\n"
         "The first winter timetable starts in November, with a crossing every half hour "
         "from six in the morning until nine at night, The Daily Planet reported.\n")


def test_two_appeals_naming_the_outlet_name_it():
    text = ("Stay up to date with notifications from The\xa0Harbour Courier\n" + STORY +
            "Your support keeps The Harbour Courier independent. Please donate today.\n")
    article = clean_page(Page(source="dump.txt", text=text), kind="text")
    assert article.site_name == "The Harbour Courier"


def test_one_mention_or_the_body_is_not_enough():
    one = [Removed(text="Get notifications from The Harbour Courier",
                   reason=ChromeReason.NOTIFICATION_PROMPT)]
    assert outlet_from_chrome(one) is None
    footer = [Removed(text="© 2019 The Harbour Courier Ltd", reason=ChromeReason.FOOTER)] * 2
    assert outlet_from_chrome(footer) is None
    article = clean_page(Page(source="dump.txt", text=STORY), kind="text")
    assert article.site_name is None
