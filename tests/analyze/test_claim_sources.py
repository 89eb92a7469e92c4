"""One source is one stance on a claim, though one mention names it with an
entity id and another (a headline's) only by name."""

from factdesk.analyze import cluster_claims
from factdesk.model import ClaimMention, Span, Stance

TEXT = "Ostravia denies rocket deliveries. Ostravia denied it supplied rockets to Delmar."


def _mention(mid, start, end, source_id, origin):
    span = Span(start=start, end=end, text=TEXT[start:end])
    return ClaimMention(id=mid, span=span, stance=Stance.DENIES, origin=origin, evidence=span,
                        agent="Ostravia", agent_id="gpe:ostravia", predicate="supply",
                        patient="rockets", source="Ostravia", source_id=source_id,
                        label="Ostravia supplied rockets to Delmar")


def test_a_source_named_without_an_id_is_the_source_with_that_name():
    headline = _mention("m1", 0, 33, None, "headline")
    body = _mention("m2", 35, len(TEXT), "gpe:ostravia", "quote")
    claims = cluster_claims([("a1", headline), ("a1", body)], [("m1", "m2")])
    claim = next(c for c in claims if "m1" in c.mention_ids)
    assert "m2" in claim.mention_ids
    denials = [s for s in claim.stances if s.stance is Stance.DENIES]
    assert len(denials) == 1
    assert denials[0].source_id == "gpe:ostravia"
    assert set(denials[0].mention_ids) == {"m1", "m2"}
