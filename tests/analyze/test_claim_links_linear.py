"""Claim links inside one key group join the same mentions as every pair would, in
linear time when they all meet (issue 17 item 7).

``bench/fuzz.py`` found analysis growing faster than the page: a key shared
by many mentions listed every meeting pair, so a page repeating one claim a
thousand times cost a million tests (256 KB of repeated paragraphs: 1.35 s in
claim clustering, four times more each time the page doubled).
:meth:`ClaimLinker.link_group` now gives enough pairs to join what the links
join; the groups it makes must be exactly those of all meeting pairs.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from factdesk.analyze import ClaimLinker
from factdesk.analyze.corpus.matching import Matchable
from factdesk.components import DisjointSets

LINKER = ClaimLinker()
WORDS = ("ferry", "contract", "inquiry", "bidder", "council", "harbour")


def _feats(agent, parts, words, article):
    return (agent, "say", frozenset(parts), frozenset(words),
            Matchable(article=article, words=frozenset(words), context=frozenset()))


def _groups(pairs, n, prejoined=()):
    sets = DisjointSets(n)
    for i, j in (*prejoined, *pairs):
        sets.union(i, j)
    return sets.roots()


def _every_meeting_pair(key, feats, n, joined):
    """The specification: each pair tested on its own."""
    return [(i, j) for i in range(n) for j in range(i + 1, n)
            if LINKER.link_group(key, [i, j], feats.__getitem__, lambda a, b: False)
            and not joined(i, j)]


feature = st.builds(_feats, st.sampled_from([None, "gpe:kellin", "~gpe:kellin", "per:anand"]),
                    st.sets(st.sampled_from(WORDS), max_size=4),
                    st.sets(st.sampled_from(WORDS), max_size=6),
                    st.sampled_from(["a1", "a2", "a3"]))


@settings(max_examples=300, deadline=None)
@given(st.lists(feature, min_size=1, max_size=14), st.sampled_from(["p", "w"]),
       st.lists(st.tuples(st.integers(0, 13), st.integers(0, 13)), max_size=4))
def test_link_group_joins_what_every_meeting_pair_joins(feats, kind, prejoined):
    n = len(feats)
    prejoined = [(i, j) for i, j in prejoined if i < n and j < n]
    before = DisjointSets(n)
    for i, j in prejoined:
        before.union(i, j)
    key = f"{kind}\x1fkey"
    pairs = list(LINKER.link_group(key, list(range(n)), feats.__getitem__, before.same))
    assert all(i < j for i, j in pairs)
    expected = _every_meeting_pair(key, feats, n, before.same)
    assert _groups(pairs, n, prejoined) == _groups(expected, n, prejoined)


def test_a_claim_repeated_a_thousand_times_costs_a_test_per_mention():
    one = _feats("gpe:kellin", {"ferry", "contract"}, {"ferry", "contract", "inquiry"}, "a1")
    feats = [one] * 1000
    reads = []

    def read(i):
        reads.append(i)
        return feats[i]

    for kind in ("p", "w"):
        reads.clear()
        pairs = list(LINKER.link_group(f"{kind}\x1fkey", list(range(1000)), read,
                                       lambda a, b: False))
        assert len(pairs) == 999
        assert len(set(_groups(pairs, 1000))) == 1
        assert len(reads) <= 4 * 1000, (kind, len(reads))
