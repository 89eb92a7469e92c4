"""A claim whose quoted words attack every export format: commas, double quotes,
a newline, a spreadsheet formula (``=cmd|``) and Markdown's ``*_[]#``.  Critics
assert it inside a quote; the mayor denies it two days later in another outlet."""

from __future__ import annotations

from factdesk.model import (Analysis, Article, Claim, ClaimMention, Quote, QuoteKind,
                            SourceStance, Stance, content_id)
from factdesk.model import PageOutcome

from .conftest import _record, _span

FORMULA = "=cmd|' /C calc'!A0"
QUOTED = f'{FORMULA} prices are *up*, "really" _up_\nand [rising](x) # fast'
ASSERTED = ('Prices are up, critics say\n\n'
            f'Critics said: "{QUOTED}" on Monday.')
DENIED = ('Mayor says prices are steady\n\n'
          f'Mayor Jo Park denied that {FORMULA} prices are *up*.')
CLAIM_ID = "claim-hostile"
TITLE = '@SUM(1+1) prices are *up*, "really"'


def _asserted() -> PageOutcome:
    def analysis_of(article: Article) -> Analysis:
        t = article.text
        quote = Quote(id=content_id(article.id, "q"), kind=QuoteKind.DIRECT,
                      span=_span(t, QUOTED), speaker="Critics", cue=_span(t, "said"),
                      cue_lemma="say", analyzer="quotes.rules.test")
        mention = ClaimMention(id=content_id(article.id, "m"), span=_span(t, QUOTED),
                               stance=Stance.ASSERTS, origin="quote",
                               evidence=_span(t, f'Critics said: "{QUOTED}" on Monday.'),
                               source="Critics", anonymous=True, cue=_span(t, "said"),
                               cue_lemma="say", analyzer="claims.test")
        claim = Claim(id=CLAIM_ID, key="prices|up", label=TITLE, mention_ids=(mention.id,),
                      stances=(SourceStance(source="Critics", stance=Stance.ASSERTS,
                                            mention_ids=(mention.id,), cue="say"),),
                      article_ids=(article.id,), analyzer="claims.test")
        return Analysis(article_id=article.id, quotes=(quote,), claim_mentions=(mention,),
                        claims=(claim,), analyzers=("quotes.rules.test", "claims.test"))

    return _record(ASSERTED, "https://ledger.example/prices", "Ledger, \"Daily\"",
                   "2024-06-03T09:00:00+00:00", analysis_of)


def _denied() -> PageOutcome:
    def analysis_of(article: Article) -> Analysis:
        t = article.text
        words = f"{FORMULA} prices are *up*"
        mention = ClaimMention(id=content_id(article.id, "m"), span=_span(t, words),
                               stance=Stance.DENIES, origin="report",
                               evidence=_span(t, f"Mayor Jo Park denied that {words}."),
                               source="Mayor Jo Park", cue=_span(t, "denied"),
                               cue_lemma="deny", analyzer="claims.test")
        claim = Claim(id=CLAIM_ID, key="prices|up", label=TITLE, mention_ids=(mention.id,),
                      stances=(SourceStance(source="Mayor Jo Park", stance=Stance.DENIES,
                                            mention_ids=(mention.id,), cue="deny"),),
                      article_ids=(article.id,), analyzer="claims.test")
        return Analysis(article_id=article.id, claim_mentions=(mention,), claims=(claim,),
                        analyzers=("claims.test",))

    return _record(DENIED, "https://courier.example/mayor", "Courier",
                   "2024-06-05T09:00:00+00:00", analysis_of)


def hostile_claim_records() -> list[PageOutcome]:
    return [_asserted(), _denied()]
