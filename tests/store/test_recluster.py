"""Reclustering only where the claim graph changed gives the very claims a full
rebuild gives, after any sequence of ingests and replaced articles, and a small
ingest rebuilds only the components it reaches."""

import json
import random

import pytest

from factdesk.analyze import CLAIM_LINKER, article_links, cluster_claims
from factdesk.model import ClaimMention, Span, Stance, from_dict, to_dict
from factdesk.store import Store
from factdesk.store.claims import add_claim_nodes

AGENTS = [("Russia", "gpe:russia"), ("the United States", "gpe:united-states"),
          ("NATO", "org:nato"), ("Kabul", None)]
PREDICATES = ["arm", "supply", "attack", "meet", "fund", "say"]
PATIENTS = [("the Taliban", "org:taliban"), ("Afghan forces", None),
            ("the government", "org:government"), ("militants", None)]
WORDS = ("weapons fighters border province talks peace aid training convoy airstrike "
         "village officials ministry envoy").split()


def _mention(mid: str, agent, predicate: str, patient, words: list[str],
             stance: Stance = Stance.ASSERTS, source: str = "Ledger") -> ClaimMention:
    text = " ".join(w for w in (agent[0], f"{predicate}s", patient[0], *words) if w)
    span = Span(start=0, end=len(text), text=text)
    return ClaimMention(id=mid, span=span, stance=stance, origin="report", evidence=span,
                        agent=agent[0], agent_id=agent[1], predicate=predicate,
                        patient=patient[0], patient_id=patient[1], source=source,
                        analyzer="t")


def _random_mention(rng: random.Random, mid: str) -> ClaimMention:
    return _mention(mid, rng.choice(AGENTS), rng.choice(PREDICATES), rng.choice(PATIENTS),
                    rng.sample(WORDS, rng.randint(0, 4)),
                    stance=rng.choice([Stance.ASSERTS, Stance.DENIES, Stance.HEDGED]),
                    source=rng.choice(["Ledger", "Courier", "an official"]))


def _add(store: Store, article_id: str, mentions: list[ClaimMention],
         group: list[str] = ()) -> None:
    """An article with its claim mentions; ``group``: mention ids its analysis put
    in one claim (an in-article link, kept by the article key)."""
    claims = [{"mention_ids": list(group)}] if group else []
    with store.transaction() as conn:
        conn.execute("INSERT INTO articles (id, key, source, text, record) "
                     "VALUES (?, ?, 's', 't', '{}')", (article_id, article_id))
        conn.execute("INSERT INTO analyses (article_id, analyzers, analyzed, record) "
                     "VALUES (?, '[]', 't', ?)", (article_id, json.dumps({"claims": claims})))
        for m in mentions:
            conn.execute('INSERT INTO claim_mentions (id, article_id, start, "end", text, '
                         "stance, origin, analyzer) VALUES (?, ?, 0, 1, ?, ?, 'report', 't')",
                         (m.id, article_id, m.span.text, m.stance.value))
        add_claim_nodes(conn, article_id, [to_dict(m) for m in mentions])


def _remove(store: Store, article_id: str) -> None:
    """What a new version of a page does to the old one's graph nodes."""
    with store.transaction() as conn:
        conn.execute("DELETE FROM claim_nodes WHERE article_id = ?", (article_id,))
        conn.execute("UPDATE articles SET current = 0 WHERE id = ?", (article_id,))


def _snapshot(store: Store) -> tuple:
    conn = store.conn
    claims = sorted(conn.execute("SELECT id, key, label FROM claims"))
    members: dict[str, set] = {}
    for claim_id, mention_id in conn.execute("SELECT claim_id, mention_id FROM claim_members"):
        members.setdefault(claim_id, set()).add(mention_id)
    stances = sorted(conn.execute("SELECT claim_id, source, stance, mention_ids FROM stances"))
    return claims, sorted((k, sorted(v)) for k, v in members.items()), stances


def _current_pairs(store: Store) -> list:
    return [(a, from_dict(json.loads(r))) for a, r in store.conn.execute(
        "SELECT article_id, record FROM claim_nodes")]


def _current_links(store: Store) -> list:
    """The in-article links of the current articles' analyses."""
    return article_links(c["mention_ids"] for (r,) in store.conn.execute(
        "SELECT a.record FROM analyses a JOIN articles r ON r.id = a.article_id "
        "WHERE r.current = 1") for c in json.loads(r)["claims"])


@pytest.mark.parametrize("seed", range(6), ids=lambda s: f"seed-{s}")
def test_incremental_reclusters_equal_a_full_rebuild_at_every_step(tmp_path, seed):
    rng = random.Random(seed)
    with Store(tmp_path / "inc.db") as store:
        articles: list[str] = []
        serial = 0
        for step in range(14):
            for _ in range(rng.randint(1, 4)):
                serial += 1
                aid = f"a{serial}"
                mentions = [_random_mention(rng, f"{aid}-m{k}") for k in range(rng.randint(1, 4))]
                linked = rng.sample([m.id for m in mentions], min(len(mentions), 2))
                _add(store, aid, mentions, linked if rng.random() < 0.5 else ())
                articles.append(aid)
            if step % 3 == 2 and len(articles) > 3:  # a page changed: its old nodes go
                _remove(store, articles.pop(rng.randrange(len(articles))))
            store.recluster(CLAIM_LINKER)
            incremental = _snapshot(store)
            store.recluster(CLAIM_LINKER, full=True)
            assert _snapshot(store) == incremental, f"step {step}"
        claims, _members, _stances = incremental
        assert any(len(m) > 1 for _, m in _members), "the corpus has multi-mention claims"
        in_memory = cluster_claims(_current_pairs(store), _current_links(store))
        # titles are the store's choice (store/claim_titles); ids and keys are the linker's
        assert sorted((c.id, c.key) for c in in_memory) == [c[:2] for c in claims]


def test_the_same_corpus_in_another_order_gives_the_same_claims(tmp_path):
    rng = random.Random(7)
    corpus = [(f"a{n}", [_random_mention(rng, f"a{n}-m{k}") for k in range(rng.randint(1, 3))])
              for n in range(40)]
    groups = {aid: [m.id for m in mentions[:2]] if n % 3 == 0 else ()
              for n, (aid, mentions) in enumerate(corpus)}
    snapshots = []
    for name, order in (("forward", corpus), ("shuffled", rng.sample(corpus, len(corpus)))):
        with Store(tmp_path / f"{name}.db") as store:
            for start in range(0, len(order), 5):
                for aid, mentions in order[start:start + 5]:
                    _add(store, aid, mentions, groups[aid])
                store.recluster(CLAIM_LINKER)
            snapshots.append(_snapshot(store))
    assert snapshots[0] == snapshots[1]


class CountingLinker:
    """The real linker, counting the claims it is asked to build."""

    def __init__(self) -> None:
        self.built = 0

    def __getattr__(self, name):
        return getattr(CLAIM_LINKER, name)

    def build(self, members):
        self.built += 1
        return CLAIM_LINKER.build(members)


def _separate(n: int) -> ClaimMention:
    """A mention that links to no other: its own agent, relation, patient and words."""
    code = "".join(chr(ord("a") + int(d)) for d in str(n))
    return _mention(f"s{n}-m", (f"Town{code}", f"gpe:town-{code}"), f"repair{code}",
                    (f"bridge{code}", f"fac:bridge-{code}"), [])


def test_a_small_ingest_rebuilds_only_the_components_it_reaches(tmp_path):
    with Store(tmp_path / "s.db") as store:
        for n in range(50):
            _add(store, f"s{n}", [_separate(n)])
        russia = [_mention("r1-m", AGENTS[0], "arm", PATIENTS[0], ["weapons"]),
                  _mention("r2-m", AGENTS[0], "supply", PATIENTS[0], ["fighters"])]
        _add(store, "r1", russia[:1])
        _add(store, "r2", russia[1:])
        counting = CountingLinker()
        store.recluster(counting)
        assert counting.built == 51  # first time: every component
        before = _snapshot(store)

        counting.built = 0
        _add(store, "r3", [_mention("r3-m", AGENTS[0], "provide", PATIENTS[0], ["border"],
                                    stance=Stance.DENIES, source="the Kremlin")])
        assert store.recluster(counting) == 51
        assert counting.built == 1  # the Russia claim grew; the 50 others were not touched
        claims, members, _ = _snapshot(store)
        assert [m for _, m in members if "r3-m" in m] == [["r1-m", "r2-m", "r3-m"]]
        assert set(claims) - set(before[0]) <= {c for c in claims if "russia" in c[1]}

        counting.built = 0
        assert store.recluster(counting) == 51  # nothing new: nothing rebuilt
        assert counting.built == 0


def test_a_key_shared_without_a_link_does_not_bring_a_component_in(tmp_path):
    """Fifty claims share a frame key on one common word with the new mention but
    none links to it (across articles a plain word needs a second shared one): a
    recluster builds the new claim alone, and still gives a full rebuild's claims."""
    with Store(tmp_path / "k.db") as store:
        for n in range(50):
            code = "".join(chr(ord("a") + int(d)) for d in str(n))
            _add(store, f"k{n}", [_mention(f"k{n}-m", AGENTS[0], "meet", (f"town{code}", None),
                                           ["envoy", f"port{code}"])])
        counting = CountingLinker()
        store.recluster(counting)
        assert counting.built == 50
        counting.built = 0
        _add(store, "new", [_mention("new-m", AGENTS[0], "meet", ("harbour", None),
                                     ["envoy", "quay"])])
        assert store.recluster(counting) == 51
        assert counting.built == 1
        (shared,) = store.conn.execute(
            "SELECT count(DISTINCT o.node) FROM claim_keys k JOIN claim_nodes n "
            "ON n.node = k.node JOIN claim_keys o ON o.key = k.key "
            "WHERE n.article_id = 'new' AND o.node != k.node").fetchone()
        assert shared == 50, "the new mention shares a key with every old one"
        incremental = _snapshot(store)
        store.recluster(CLAIM_LINKER, full=True)
        assert _snapshot(store) == incremental


def test_links_is_the_pairwise_test_behind_link_group():
    """``ClaimLinker.links`` (what the store asks of a new mention and an old one)
    says of every pair what ``link_group`` says of that pair alone."""
    rng = random.Random(11)
    mentions = [_random_mention(rng, f"p{n}-m") for n in range(60)]
    feats = [CLAIM_LINKER.features(m, f"art{n % 7}") for n, m in enumerate(mentions)]
    groups: dict[str, list[int]] = {}
    for i, f in enumerate(feats):
        for key in CLAIM_LINKER.keys(f):
            groups.setdefault(key, []).append(i)
    tried = linked = 0
    for key, members in groups.items():
        for a in members:
            for b in members:
                if a < b:
                    pair = list(CLAIM_LINKER.link_group(key, [a, b], feats.__getitem__,
                                                        lambda i, j: False))
                    assert CLAIM_LINKER.links(key, feats[a], feats[b]) == bool(pair), key
                    tried += 1
                    linked += bool(pair)
    assert tried > 100 and 0 < linked < tried


def test_removing_the_bridge_splits_a_claim(tmp_path):
    """Two mentions joined only through a third: when the third's article goes, the
    claim falls apart into two, as a full rebuild says."""
    with Store(tmp_path / "b.db") as store:
        left = _mention("l-m", AGENTS[0], "arm", PATIENTS[1], [])      # Afghan forces
        right = _mention("r-m", AGENTS[0], "arm", PATIENTS[3], [])     # militants
        bridge = _mention("b-m", AGENTS[0], "arm", PATIENTS[1], ["militants"])
        _add(store, "left", [left])
        _add(store, "right", [right])
        _add(store, "bridge", [bridge])
        store.recluster(CLAIM_LINKER)
        assert store.conn.execute("SELECT count(*) FROM claims").fetchone() == (1,)
        _remove(store, "bridge")
        store.recluster(CLAIM_LINKER)
        split = _snapshot(store)
        assert len(split[0]) == 2
        store.recluster(CLAIM_LINKER, full=True)
        assert _snapshot(store) == split


def test_claims_from_before_roots_existed_get_one_full_rebuild(tmp_path):
    with Store(tmp_path / "legacy.db") as store:
        _add(store, "a1", [_mention("a1-m", AGENTS[0], "arm", PATIENTS[0], [])])
        store.recluster(CLAIM_LINKER)
        store.conn.execute("UPDATE claims SET root = NULL")  # as a migrated database has them
        _add(store, "a2", [_separate(1)])
        counting = CountingLinker()
        store.recluster(counting)
        assert counting.built == 2  # everything, once
        counting.built = 0
        _add(store, "a3", [_separate(2)])
        store.recluster(counting)
        assert counting.built == 1
        assert store.conn.execute("SELECT count(*) FROM claims WHERE root IS NULL"
                                  ).fetchone() == (0,)


def test_claims_sharing_a_key_keep_distinct_ids_across_ingests(tmp_path):
    """Agentless mentions of one relation share a frame key without linking; the one
    with the smallest first mention gets the plain id, whenever it arrives."""
    def unlinked(mid: str, words: list[str]) -> ClaimMention:
        return _mention(mid, (None, None), "say", (None, None), words)

    later_first = [("z9", ["harvest", "record", "rainfall"]), ("m5", ["bridge", "toll", "ferry"]),
                   ("a1", ["school", "roof", "repair"])]
    with Store(tmp_path / "k.db") as store:
        for mid, words in later_first:
            _add(store, f"art-{mid}", [unlinked(mid, words)])
            store.recluster(CLAIM_LINKER)
            step = _snapshot(store)
            store.recluster(CLAIM_LINKER, full=True)
            assert _snapshot(store) == step
        claims = step[0]
        assert len(claims) == 3 and len({key for _, key, _ in claims}) == 1
        assert len({claim_id for claim_id, _, _ in claims}) == 3
