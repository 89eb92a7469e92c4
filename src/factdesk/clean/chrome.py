"""The chrome lexicon: recognise a line (or block) of site furniture by its words.

:func:`chrome_reason` looks at one line of text and says which kind of page
chrome it is — a notification prompt, a donation appeal, a comment widget, a
login notice, a cookie notice, share buttons, an advertisement label, a
newsletter or subscription prompt, navigation or footer text — or ``None``
when nothing in the lexicon fits.  Both the text-dump cleaner and the HTML
cleaner call it to name the reason a block was removed.

The patterns are deliberately narrow: a news story *about* donations or
cookies must not lose its sentences, so the appeals are matched by their
second-person voice ("your support", "support our journalism") and the short
widgets by their whole-line shape ("Comments", "Share this article").
"""

from __future__ import annotations

import re

from ..model import ChromeReason

__all__ = ["CHROME_PATTERNS", "chrome_reason"]


def _any(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


# Each entry: (reason, pattern, longest line the pattern may judge).  Long
# lines are only judged by patterns written in an unmistakable chrome voice.
CHROME_PATTERNS: tuple[tuple[ChromeReason, re.Pattern[str], int], ...] = (
    (ChromeReason.NOTIFICATION_PROMPT, _any(
        r"\bnotifications?\b.{0,60}\b(?:browser|turn on|enable|allow|manage|managed|settings|"
        r"preferences|stay up to date|from)\b",
        r"\b(?:turn on|enable|allow|get|receive)\b.{0,20}\b(?:push |desktop |browser )?"
        r"(?:notifications|alerts)\b",
        r"\bstay up to date with\b",
        r"\bbreaking news alerts?\b.{0,40}\b(?:sign up|get|receive)\b",
    ), 220),
    (ChromeReason.DONATION_APPEAL, _any(
        r"\byour (?:support|donation|contribution|gift)s?\b",
        r"\b(?:support|fund) (?:our|independent|quality|local|free|trusted) (?:journalism|reporting|"
        r"newsroom|work|mission)\b",
        r"\b(?:please donate|make a donation|one-off donation|monthly donation)\b",
        r"^\W*(?:donate|donate now|support us|contribute|become a (?:member|supporter|patron))\W*$",
        r"\bpaywalls?\b.{0,120}\b(?:we|our|us)\b|\b(?:we|our)\b.{0,120}\bpaywalls?\b",
        r"\breaders like you\b",
        r"\bbecome an? (?:member|supporter|patron)\b",
        r"\bchip in\b.{0,40}\b(?:\$|£|€)",
    ), 800),
    (ChromeReason.COMMENT_WIDGET, _any(
        r"^\W*(?:\d+\s+)?(?:comments?|reactions?|responses?|replies)(?:\s*\(\d+\))?\W*$",
        r"^\W*(?:show|view|hide|load|read|see|post|add|leave|write|join) (?:all |more |the |a |your )?"
        r"(?:\d+ )?(?:comments?|discussion|conversation|reply|replies)\b.{0,40}$",
        r"\bcommenting (?:forum|policy|guidelines|section)\b",
        r"\bjoin (?:the |our )?(?:thought-provoking |the )?(?:conversation|discussion|debate)s?\b",
        r"\b(?:comments? (?:are|is) (?:closed|moderated|disabled))\b",
        r"\b(?:be the first to comment|powered by disqus|disqus)\b",
        r"\bfollow other .{0,40} readers\b",
        r"\bcomments? (?:policy|guidelines)\b",
    ), 300),
    (ChromeReason.LOGIN_NOTICE, _any(
        r"\b(?:thank you|thanks) for (?:registering|signing up|logging in|subscribing)\b",
        r"\b(?:to be )?(?:automatically )?logged in\b",
        r"\b(?:refresh|reload) (?:the page|your browser)\b",
        r"^\W*(?:log ?in|sign ?in|sign ?out|log ?out|register|my account|create (?:an |a free )?"
        r"account|forgot (?:your )?password\??)(?:\s*(?:/|\||or|and)?\s*(?:log ?in|sign ?in|"
        r"register|sign ?up|subscribe))*\W*$",
        r"\balready (?:a subscriber|have an account|registered)\b",
        r"\b(?:please )?(?:log|sign) in to (?:continue|comment|read|view|access)\b",
    ), 300),
    (ChromeReason.COOKIE_NOTICE, _any(
        r"\b(?:we|this (?:site|website)) uses? cookies\b",
        r"\bcookies? (?:policy|settings|preferences|notice|consent)\b",
        r"\b(?:accept|allow|manage) (?:all )?cookies\b",
        r"\bby (?:continuing to (?:use|browse)|using) (?:this|our) (?:site|website)\b",
        r"\bdo not sell my (?:personal )?info",
    ), 500),
    (ChromeReason.NEWSLETTER_PROMPT, _any(
        r"\b(?:sign up|subscribe) (?:for|to) (?:our|the|a|free)?\s*(?:\w+\s){0,3}"
        r"(?:newsletters?|e-?mails?|daily|briefing|digest|updates)\b",
        r"\bnewsletters?\b.{0,60}\b(?:sign up|subscribe|inbox|delivered)\b",
        r"\b(?:sign up|subscribe)\b.{0,60}\bnewsletters?\b",
        r"\b(?:delivered|straight) (?:to|into) your inbox\b",
        r"\benter your e-?mail(?: address)?\b",
        r"^\W*(?:\w+\s){0,3}newsletters?\W*$",
        r"\binvalid e-?mail\b|\byou(?:'re| are) (?:now )?subscribed\b",
    ), 300),
    (ChromeReason.SUBSCRIPTION_PROMPT, _any(
        r"^\W*(?:subscribe|subscribe now|subscriptions?)\W*(?:sign ?in|log ?in)?\W*$",
        r"\bsubscribe (?:now|today)\b",
        r"\b(?:start|get) (?:your )?(?:free )?(?:trial|subscription)\b",
        r"\bsubscribers? (?:only|exclusive)\b|\bfor subscribers\b",
        r"\b(?:unlimited|full) (?:digital )?access\b",
        r"\b(?:already a subscriber|subscribe to continue|to continue reading)\b",
        r"\b(?:\$|£|€)\s?\d+(?:\.\d\d)?\s*(?:/|per|a)\s*(?:month|week|year)\b",
    ), 300),
    (ChromeReason.SHARE_BUTTONS, _any(
        r"^\W*(?:share|share this|share this (?:article|story|page|post)|share on \w+|"
        r"tweet|email|e-mail|print|pin|pin it|copy link|link copied|whatsapp|facebook|"
        r"twitter|linkedin|reddit|pinterest|flipboard|messenger|sms|more sharing options|"
        r"sharing options|share via \w+)(?:\s*(?:\||/|,)?\s*(?:share|tweet|email|e-mail|print|pin|"
        r"facebook|twitter|linkedin|reddit|pinterest|whatsapp|messenger|flipboard|sms|copy link|"
        r"comments?))*\W*$",
        r"^\W*(?:follow us|follow|like us) on\b.{0,60}$",
        r"^\W*(?:click|tap) (?:here )?to (?:share|tweet|email|print)\b.{0,60}$",
    ), 160),
    (ChromeReason.ADVERTISEMENT, _any(
        r"^\W*(?:advertisement|advertisements|advertising|ad|ads|sponsored|sponsored content|"
        r"sponsored links?|paid content|paid post|promoted|promoted (?:stories|links?|content)|"
        r"story continues below(?: advertisement)?|article continues below|continue reading below|"
        r"ad choices|adchoices|advertise with us|recommended by|by taboola|outbrain)\W*$",
        r"\b(?:by taboola|taboola feed|outbrain|sponsored links by)\b",
        r"\bstory continues (?:below|after)\b|\barticle continues (?:below|after)\b",
        r"\breport (?:this )?ad\b",
    ), 160),
    (ChromeReason.FOOTER, _any(
        r"(?:©|\(c\)|copyright\b).{0,80}\b(?:\d{4}|all rights reserved)\b",
        r"\ball rights reserved\b",
        r"^\W*(?:privacy(?: policy| notice)?|terms (?:of (?:use|service)|and conditions|"
        r"& conditions)|contact us|about us|careers|site ?map|site index|accessibility|"
        r"help|faq|imprint|impressum|corrections|masthead|rss|rss feeds?|back to top|"
        r"top of page|jump to|skip to (?:main )?content|your privacy rights?|"
        r"your california privacy rights)\W*$",
        r"\bmay not be (?:published|reproduced|redistributed|rewritten)\b",
    ), 300),
    (ChromeReason.NAVIGATION, _any(
        r"^\W*(?:home|menu|search|close|open|next|previous|prev|more|back|sections?|topics|"
        r"latest|latest news|trending|popular|most (?:read|popular|viewed|shared)|"
        r"read more|read next|see more|show more|load more|view all|see all|more stories|"
        r"more news|top stories|related(?: (?:stories|articles|content|coverage|topics|links))?|"
        r"you (?:may|might) (?:also )?like|recommended(?: for you)?|editor'?s picks|"
        r"what to read next|up next|watch|video|videos|photos|galleries|podcasts?|"
        r"×|•+|\|)\W*$",
    ), 60),
)

# A line that is only a reference to another story ("Read more: ...").
_RELATED = re.compile(
    r"^\W*(?:read more|related|see also|more|recommended|also read|read also|read next|"
    r"more on this|more from \w+|lesen sie auch|lire aussi|leggi anche|lee también)\s*[:|»>-]\s*\S",
    re.IGNORECASE)


def chrome_reason(line: str) -> ChromeReason | None:
    """Why ``line`` is site chrome according to the lexicon, or ``None``.

    >>> chrome_reason("Your support makes all the difference.")
    <ChromeReason.DONATION_APPEAL: 'donation_appeal'>
    >>> chrome_reason("The charity said the donation had arrived on Monday.") is None
    True
    """
    text = " ".join(line.split())
    if not text:
        return None
    if _RELATED.match(text) and len(text) < 200:
        return ChromeReason.RELATED_LINK
    for reason, pattern, longest in CHROME_PATTERNS:
        if len(text) <= longest and pattern.search(text):
            return reason
    return None
