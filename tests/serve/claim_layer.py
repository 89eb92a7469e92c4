"""A small store for the claim layer's pages and API, built by hand (no spaCy):
two outlets' articles on one story whose mentions are one claim (asserted by
inspectors, denied by the company, named differently in each outlet), and an
unrelated, less check-worthy claim in another story.  The denier is "Dana
Whitlock" in one outlet and "Dana J. Whitlock" in the other: one entity."""

from __future__ import annotations

from datetime import datetime

from factdesk.analyze import CLAIM_LINKER
from factdesk.model import (Analysis, Article, ClaimMention, Entity, EntityType, Span, Stance,
                            content_id)
from factdesk.model import PageOutcome
from factdesk.store import Store
from factdesk.clean import verbatim_article

LEDGER = ("Veltra Mining polluted the Orin River, inspectors say\n\n"
          "Inspectors of the regional water board said on Monday that Veltra Mining polluted "
          "the Orin River with tailings from its Kessel pit last autumn.\n\n"
          "It polluted the Orin River for weeks, one inspector said.\n\n"
          "Anglers along the Orin River reported dead fish in October. Dana Whitlock, a "
          "spokeswoman for Veltra, did not return calls.")
COURIER = ("Veltra denies polluting the Orin River\n\n"
           "Dana J. Whitlock, a Veltra spokeswoman, denied on Wednesday that the company "
           "polluted the Orin River, two days after inspectors of the regional water board "
           "blamed the Kessel pit.\n\n"
           "The company said its tailings dams had held since they were built.")
PARK = ("Council plans a park by the station\n\n"
        "The council will probably open a small park by the station next year, a council "
        "member said.")

ORIN = ("the Orin River", "loc:orin-river")


def _span(text: str, part: str) -> Span:
    start = text.index(part)
    return Span(start=start, end=start + len(part), text=part)


def _mention(text: str, mid: str, words: str, sentence: str, *, stance: Stance, source: str,
             source_id: str | None, agent: tuple[str, str], label: str, score: float,
             predicate: str = "pollute", patient=ORIN, refers_to: str | None = None,
             cue: str = "said") -> ClaimMention:
    return ClaimMention(id=mid, span=_span(text, words), stance=stance, origin="quote",
                        evidence=_span(text, sentence), agent=agent[0], agent_id=agent[1],
                        predicate=predicate, patient=patient[0], patient_id=patient[1],
                        source=source, source_id=source_id, cue=_span(text, cue),
                        cue_lemma=cue.rstrip("d").rstrip("ie") or cue, label=label,
                        check_worthiness=score, refers_to=refers_to, analyzer="claims.test")


def _record(text: str, host: str, site: str, day: str, mentions, entities) -> PageOutcome:
    base = verbatim_article(text, source=f"https://{host}/a", url=f"https://{host}/a")
    article = Article(**{**{f: getattr(base, f) for f in base.__slots__},
                         "headline": base.paragraphs[0], "site_name": site,
                         "published": datetime.fromisoformat(f"{day}T08:00:00+00:00"),
                         "page_id": content_id(host, text)})
    analysis = Analysis(article_id=article.id, entities=tuple(entities),
                        claim_mentions=tuple(m(article.id) for m in mentions),
                        analyzers=("claims.test",))
    return PageOutcome(source=article.url, page_id=article.page_id, key=article.url,
                      url=article.url, content_type="text/html", size=len(text),
                      article=article, analysis=analysis)


def _entity(eid: str, name: str, text: str, *names: str) -> Entity:
    kind = EntityType.ORG if eid.startswith("org:") else EntityType.PERSON
    return Entity(id=eid, name=name, kind=kind, mentions=tuple(_span(text, n) for n in names))


def ledger() -> PageOutcome:
    t = LEDGER
    veltra = ("Veltra Mining", "org:veltra-mining")
    board = "org:regional-water-board"
    return _record(t, "ledger.example", "Lakeside Ledger", "2025-02-03", [
        lambda aid: _mention(t, content_id(aid, "full"), "Veltra Mining polluted the Orin River "
                             "with tailings from its Kessel pit last autumn",
                             t.split("\n\n")[1], stance=Stance.ASSERTS,
                             source="the regional water board", source_id=board, agent=veltra,
                             label="Veltra Mining polluted the Orin River with tailings",
                             score=0.82),
        lambda aid: _mention(t, content_id(aid, "pronoun"), "It polluted the Orin River for weeks",
                             t.split("\n\n")[2], stance=Stance.ASSERTS, source="one inspector",
                             source_id=None, agent=veltra,
                             label="it polluted the Orin River for weeks", score=0.9),
    ], [_entity("org:veltra-mining", "Veltra Mining", t, "Veltra Mining"),
        _entity("person:dana-whitlock", "Dana Whitlock", t, "Dana Whitlock"),
        _entity(board, "regional water board", t, "regional water board")])


def courier() -> PageOutcome:
    t = COURIER
    return _record(t, "courier.example", "Valley Courier", "2025-02-05", [
        lambda aid: _mention(t, content_id(aid, "denial"), "the company polluted the Orin River",
                             t.split("\n\n")[1], stance=Stance.DENIES,
                             source="Dana J. Whitlock", source_id="person:dana-j-whitlock",
                             agent=("the company", "org:veltra-mining"),
                             label="the company polluted the Orin River", score=0.7,
                             cue="denied"),
    ], [_entity("person:dana-j-whitlock", "Dana J. Whitlock", t, "Dana J. Whitlock")])


def park() -> PageOutcome:
    t = PARK
    return _record(t, "courier.example/park", "Valley Courier", "2025-03-01", [
        lambda aid: _mention(t, content_id(aid, "park"), "The council will probably open a small "
                             "park by the station next year", t.split("\n\n")[1],
                             stance=Stance.HEDGED, source="a council member", source_id=None,
                             agent=("The council", "org:council"), predicate="open",
                             patient=("a small park", None),
                             label="The council will open a small park by the station",
                             score=0.2),
    ], [])


def claim_store(path=":memory:") -> Store:
    store = Store(path)
    store.write([ledger(), courier(), park()])
    store.recluster(CLAIM_LINKER)
    return store
