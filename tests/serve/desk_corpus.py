"""A small store for the desk pages, built by hand (no spaCy), clustered by the real
claim linker and story grouper.

Two stories in three outlets:

- the Harlow dam (2025-06-02 .. 06-06): engineer Mara Quint says Harlow Water
  concealed cracks in the dam (Ridge Herald, then quoted again in the Basin
  Tribune); its spokesman Tomas Reyes denies it (Basin Tribune, 06-04), then
  declines to deny it (Coast Ledger, 06-06), where an unnamed source whose
  name is hostile markup also asserts it;
- library hours (2025-05-10 .. 05-12): the library union says Mayor Ines Varga
  cut the library's hours (Basin Tribune), the mayor denies it (Coast Ledger);
- one claim nobody disputes: the Coast Ledger's own report that the safety board
  began its inspection (06-06).
"""

from __future__ import annotations

from datetime import datetime

from factdesk.analyze import CLAIM_LINKER
from factdesk.clean import verbatim_article
from factdesk.model import (Analysis, Article, ClaimMention, Entity, EntityType, PageOutcome,
                            Span, Stance, content_id)
from factdesk.store import Store

HOSTILE_SOURCE = "<script>window.__pwned=9</script>"
DAM_LABEL = "Harlow Water concealed cracks in the Harlow dam"
HOURS_LABEL = "Mayor Ines Varga cut the hours of the city library"
BOARD_LABEL = "The regional safety board began its inspection of the concrete dam"

HERALD = ("Engineer says Harlow Water concealed cracks in the Harlow dam\n\n"
          "Mara Quint, a structural engineer who inspected the Harlow dam in April, said on "
          "Monday that Harlow Water concealed cracks in the Harlow dam from regulators.\n\n"
          "The reservoir behind the concrete dam supplies drinking water to the valley towns "
          "of Fenwick, Osler and Brae, and the spillway was rebuilt in 1998.\n\n"
          "Quint said the cracks run along the northern abutment and widened after the "
          "spring floods, and she urged the regional safety board to order repairs.")
TRIBUNE = ("Harlow Water denies hiding cracks in the Harlow dam\n\n"
           "Tomas Reyes, a spokesman for Harlow Water, denied on Wednesday that the utility "
           "concealed cracks in the Harlow dam, calling the engineer's report wrong.\n\n"
           "Mara Quint, the structural engineer, repeated that Harlow Water concealed cracks "
           "in the Harlow dam and said the northern abutment needs urgent repairs.\n\n"
           "The reservoir supplies drinking water to Fenwick, Osler and Brae; the regional "
           "safety board said it would inspect the concrete dam and its spillway after the "
           "spring floods.")
LEDGER = ("Harlow Water will not rule out cracks in the Harlow dam\n\n"
          "Tomas Reyes, the Harlow Water spokesman, declined to deny on Friday that the "
          "utility concealed cracks in the Harlow dam, two days after rejecting the claim.\n\n"
          f"{HOSTILE_SOURCE} said Harlow Water concealed cracks in the Harlow dam for years.\n\n"
          "The regional safety board began its inspection of the concrete dam, the northern "
          "abutment and the spillway, which hold back the reservoir that supplies Fenwick, "
          "Osler and Brae after the spring floods.")
UNION = ("Union says mayor cut library hours\n\n"
         "The library union said on Saturday that Mayor Ines Varga cut the hours of the city "
         "library to balance the budget, closing branches on Sundays and evenings.")
MAYOR = ("Mayor denies cutting library hours\n\n"
         "Mayor Ines Varga denied on Monday that she cut the hours of the city library, "
         "saying the branches keep their Sunday and evening opening.")

DAM = ("the Harlow dam", "fac:harlow-dam")
WATER = ("Harlow Water", "org:harlow-water")
LIBRARY = ("the city library", "org:city-library")


def _span(text: str, part: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return Span(start=start, end=start + len(part), text=part)


def _mention(text: str, aid: str, name: str, words: str, *, stance: Stance, source: str,
             source_id: str | None, cue: str, label: str, agent=WATER, predicate="conceal",
             patient=DAM, nth: int = 0) -> ClaimMention:
    span = _span(text, words, nth)
    sentence = next(p for p in text.split("\n\n") if words in p and (nth == 0 or source in p))
    return ClaimMention(id=content_id(aid, name), span=span, stance=stance, origin="quote",
                        evidence=_span(text, sentence), agent=agent[0], agent_id=agent[1],
                        predicate=predicate, patient=patient[0], patient_id=patient[1],
                        source=source, source_id=source_id, anonymous=source_id is None,
                        cue=_span(text, cue), cue_lemma=cue.split()[0], label=label,
                        check_worthiness=0.8, analyzer="claims.test")


def _entity(eid: str, name: str, text: str) -> Entity:
    kinds = {"person": EntityType.PERSON, "org": EntityType.ORG, "fac": EntityType.FAC}
    return Entity(id=eid, name=name, kind=kinds[eid.split(":")[0]],
                  mentions=(_span(text, name),))


def _record(text: str, host: str, site: str, day: str, mentions, entities) -> PageOutcome:
    url = f"https://{host}/{day}"
    base = verbatim_article(text, source=url, url=url)
    article = Article(**{**{f: getattr(base, f) for f in base.__slots__},
                         "headline": base.paragraphs[0], "site_name": site,
                         "published": datetime.fromisoformat(f"{day}T07:30:00+00:00"),
                         "page_id": content_id(url, text)})
    analysis = Analysis(article_id=article.id, entities=tuple(entities),
                        claim_mentions=tuple(m(article.id) for m in mentions),
                        analyzers=("claims.test",))
    return PageOutcome(source=url, page_id=article.page_id, key=url, url=url,
                       content_type="text/html", size=len(text), article=article,
                       analysis=analysis)


def herald() -> PageOutcome:
    t = HERALD
    return _record(t, "herald.example", "Ridge Herald", "2025-06-02", [
        lambda aid: _mention(t, aid, "quint", "Harlow Water concealed cracks in the Harlow dam",
                             stance=Stance.ASSERTS, source="Mara Quint",
                             source_id="person:mara-quint", cue="said", label=DAM_LABEL, nth=1),
    ], [_entity("person:mara-quint", "Mara Quint", t), _entity("org:harlow-water",
                                                               "Harlow Water", t),
        _entity("fac:harlow-dam", "Harlow dam", t)])


def tribune() -> PageOutcome:
    t = TRIBUNE
    return _record(t, "tribune.example", "Basin Tribune", "2025-06-04", [
        lambda aid: _mention(t, aid, "reyes", "the utility concealed cracks in the Harlow dam",
                             stance=Stance.DENIES, source="Tomas Reyes",
                             source_id="person:tomas-reyes", cue="denied", label=DAM_LABEL),
        lambda aid: _mention(t, aid, "quint", "Harlow Water concealed cracks in the Harlow dam",
                             stance=Stance.ASSERTS, source="Mara Quint",
                             source_id="person:mara-quint", cue="repeated", label=DAM_LABEL),
    ], [_entity("person:tomas-reyes", "Tomas Reyes", t),
        _entity("person:mara-quint", "Mara Quint", t)])


def ledger() -> PageOutcome:
    t = LEDGER
    return _record(t, "ledger.example", "Coast Ledger", "2025-06-06", [
        lambda aid: _mention(t, aid, "reyes", "the utility concealed cracks in the Harlow dam",
                             stance=Stance.DOES_NOT_DENY, source="Tomas Reyes",
                             source_id="person:tomas-reyes", cue="declined to deny",
                             label=DAM_LABEL),
        lambda aid: _mention(t, aid, "hostile", "Harlow Water concealed cracks in the Harlow "
                             "dam for years", stance=Stance.ASSERTS, source=HOSTILE_SOURCE,
                             source_id=None, cue="said", label=DAM_LABEL),
        lambda aid: _board(t, aid),
    ], [_entity("person:tomas-reyes", "Tomas Reyes", t)])


def _board(t: str, aid: str) -> ClaimMention:
    """The outlet's own reporting (no source): asserted only, so never contested."""
    words = "The regional safety board began its inspection of the concrete dam"
    return ClaimMention(id=content_id(aid, "board"), span=_span(t, words),
                        stance=Stance.ASSERTS, origin="report",
                        evidence=_span(t, t.split("\n\n")[3]),
                        agent="The regional safety board", agent_id="org:safety-board",
                        predicate="begin", patient="its inspection", label=BOARD_LABEL,
                        check_worthiness=0.5, analyzer="claims.test")


def union() -> PageOutcome:
    t = UNION
    return _record(t, "tribune.example", "Basin Tribune", "2025-05-10", [
        lambda aid: _mention(t, aid, "union", "Mayor Ines Varga cut the hours of the city "
                             "library", stance=Stance.ASSERTS, source="The library union",
                             source_id="org:library-union", cue="said", label=HOURS_LABEL,
                             agent=("Mayor Ines Varga", "person:ines-varga"), predicate="cut",
                             patient=LIBRARY),
    ], [_entity("person:ines-varga", "Ines Varga", t),
        _entity("org:library-union", "library union", t)])


def mayor() -> PageOutcome:
    t = MAYOR
    return _record(t, "ledger.example", "Coast Ledger", "2025-05-12", [
        lambda aid: _mention(t, aid, "mayor", "she cut the hours of the city library",
                             stance=Stance.DENIES, source="Mayor Ines Varga",
                             source_id="person:ines-varga", cue="denied", label=HOURS_LABEL,
                             agent=("she", "person:ines-varga"), predicate="cut",
                             patient=LIBRARY),
    ], [_entity("person:ines-varga", "Ines Varga", t)])


def union_again() -> PageOutcome:
    """A later article (not in :func:`desk_store`): the union repeats its claim in a
    third outlet."""
    t = ("Union repeats that the mayor cut library hours\n\n"
         "The library union repeated on Tuesday that Mayor Ines Varga cut the hours of the "
         "city library, and asked the council to restore them.")
    return _record(t, "herald.example", "Ridge Herald", "2025-05-13", [
        lambda aid: _mention(t, aid, "union", "Mayor Ines Varga cut the hours of the city "
                             "library", stance=Stance.ASSERTS, source="The library union",
                             source_id="org:library-union", cue="repeated",
                             label=HOURS_LABEL, agent=("Mayor Ines Varga",
                                                       "person:ines-varga"),
                             predicate="cut", patient=LIBRARY),
    ], [_entity("person:ines-varga", "Ines Varga", t),
        _entity("org:library-union", "library union", t)])


def desk_store(path=":memory:") -> Store:
    store = Store(path)
    store.write([herald(), tribune(), ledger(), union(), mayor()])
    store.recluster(CLAIM_LINKER)
    return store
