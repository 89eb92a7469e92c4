"""The chrome lexicon names site furniture and leaves news sentences alone."""

from __future__ import annotations

import pytest

from factdesk.clean.chrome import chrome_reason
from factdesk.model import ChromeReason as R

CHROME = [
    ("Get breaking-news notifications in your browser", R.NOTIFICATION_PROMPT),
    ("Turn on desktop notifications", R.NOTIFICATION_PROMPT),
    ("Stay up to date with alerts from The Daily Lantern", R.NOTIFICATION_PROMPT),
    ("Your donation keeps our newsroom independent.", R.DONATION_APPEAL),
    ("Please donate today", R.DONATION_APPEAL),
    ("Support independent journalism", R.DONATION_APPEAL),
    ("We never put our reporting behind a paywall, so we rely on readers.", R.DONATION_APPEAL),
    ("Comments", R.COMMENT_WIDGET),
    ("12 Comments", R.COMMENT_WIDGET),
    ("Show comments", R.COMMENT_WIDGET),
    ("Join the conversation", R.COMMENT_WIDGET),
    ("Thanks for registering with the Lantern", R.LOGIN_NOTICE),
    ("Log in", R.LOGIN_NOTICE),
    ("Sign In / Register", R.LOGIN_NOTICE),
    ("This site uses cookies to improve your experience.", R.COOKIE_NOTICE),
    ("Accept all cookies", R.COOKIE_NOTICE),
    ("Sign up for our morning briefing newsletter", R.NEWSLETTER_PROMPT),
    ("The best stories, delivered to your inbox", R.NEWSLETTER_PROMPT),
    ("Subscribe now", R.SUBSCRIPTION_PROMPT),
    ("Get unlimited digital access for $1 a week", R.SUBSCRIPTION_PROMPT),
    ("Share this article", R.SHARE_BUTTONS),
    ("Facebook Twitter Email", R.SHARE_BUTTONS),
    ("Advertisement", R.ADVERTISEMENT),
    ("Story continues below advertisement", R.ADVERTISEMENT),
    ("© 2019 Lantern Media Group. All rights reserved.", R.FOOTER),
    ("Privacy Policy", R.FOOTER),
    ("Most Read", R.NAVIGATION),
    ("Menu", R.NAVIGATION),
    ("Read more: Council votes to reopen the harbour bridge", R.RELATED_LINK),
]

NEWS = [
    "The charity said the donation had arrived on Monday, two weeks late.",
    "Officials declined to comment on the report.",
    "The minister will share the findings with the committee next week.",
    "Regulators said the website used cookies to track children without consent.",
    "She subscribed to three newspapers and read them all before breakfast.",
    "Home prices rose 4% in the year to March, the bureau said.",
    "Comments made by the mayor on Friday drew criticism from both parties.",
    "The paywall debate has divided publishers for a decade.",
]


@pytest.mark.parametrize(("line", "reason"), CHROME, ids=[c[0][:32] for c in CHROME])
def test_chrome_lines_are_named(line, reason):
    assert chrome_reason(line) is reason


@pytest.mark.parametrize("line", NEWS, ids=[n[:32] for n in NEWS])
def test_news_sentences_are_not_chrome(line):
    assert chrome_reason(line) is None


def test_blank_line_is_not_chrome():
    assert chrome_reason("   ") is None
