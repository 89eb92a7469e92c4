"""The stored claims keep the links an article's analysis made inside it (a
denial of "the charge" joined to the charge): whatever the order articles
arrive in, with other articles around, after a new version drops the link,
in an older database (migration 0025) and in follows' stance events."""

from __future__ import annotations

import json
import sqlite3

import pytest

from factdesk.analyze import CLAIM_LINKER, ClaimLinker, article_links, cluster_claims
from factdesk.model import ClaimMention, Span, Stance, from_dict, to_dict
from factdesk.store import Store
from factdesk.store.claims import add_claim_nodes
from factdesk.store.events import events_after


def _mention(mid: str, agent, predicate: str, patient, words: str, *,
             stance: Stance = Stance.ASSERTS, source: str = "Ledger") -> ClaimMention:
    text = " ".join(w for w in (agent[0], predicate, patient[0], words) if w)
    span = Span(start=0, end=len(text), text=text)
    return ClaimMention(id=mid, span=span, stance=stance, origin="report", evidence=span,
                        agent=agent[0], agent_id=agent[1], predicate=predicate,
                        patient=patient[0], patient_id=patient[1], source=source,
                        analyzer="t")


def charge(mid: str) -> ClaimMention:
    """The mayor diverted flood money to a harbour project."""
    return _mention(mid, ("The mayor", "person:mayor-vale"), "divert",
                    ("flood money", None), "harbour project")


def denial(mid: str) -> ClaimMention:
    """The council denied the charge: shares no key with the charge."""
    return _mention(mid, ("The council", "org:council"), "deny", ("the charge", None), "",
                    stance=Stance.DENIES, source="The council")


def _add(store: Store, article_id: str, mentions: list[ClaimMention],
         groups: list[list[str]] = ()) -> None:
    """An article, its claim mentions (graph nodes) and its analysis' own claims:
    ``groups`` are the mention ids each multi-mention claim of the analysis holds."""
    claims = [{"id": f"claim-{g[0]}", "mention_ids": g} for g in groups]
    claims += [{"id": f"claim-{m.id}", "mention_ids": [m.id]} for m in mentions
               if not any(m.id in g for g in groups)]
    with store.transaction() as conn:
        conn.execute("INSERT INTO articles (id, key, source, text, record) "
                     "VALUES (?, ?, 's', 't', '{}')", (article_id, article_id))
        conn.execute("INSERT INTO analyses (article_id, analyzers, analyzed, record) "
                     "VALUES (?, '[]', 't', ?)",
                     (article_id, json.dumps({"claims": claims,
                                              "claim_mentions": [to_dict(m) for m in mentions]})))
        for m in mentions:
            conn.execute('INSERT INTO claim_mentions (id, article_id, start, "end", text, '
                         "stance, origin, source, analyzer) "
                         "VALUES (?, ?, 0, 1, ?, ?, 'report', ?, 't')",
                         (m.id, article_id, m.span.text, m.stance.value, m.source))
        add_claim_nodes(conn, article_id, [to_dict(m) for m in mentions])


def _replace(store: Store, article_id: str) -> None:
    """What a new version of a page does to the old one's graph nodes."""
    with store.transaction() as conn:
        conn.execute("DELETE FROM claim_nodes WHERE article_id = ?", (article_id,))
        conn.execute("UPDATE articles SET current = 0 WHERE id = ?", (article_id,))


def _members(store: Store) -> list[list[str]]:
    found: dict[str, set] = {}
    for claim_id, mention_id in store.conn.execute("SELECT claim_id, mention_id "
                                                   "FROM claim_members"):
        found.setdefault(claim_id, set()).add(mention_id)
    return sorted(sorted(v) for v in found.values())


def _snapshot(store: Store) -> tuple:
    conn = store.conn
    return (sorted(conn.execute("SELECT id, key FROM claims")), _members(store),
            sorted(conn.execute("SELECT claim_id, source, stance FROM stances")))


def _checked(store: Store) -> tuple:
    """Recluster incrementally; the same as a full rebuild and as clustering in memory."""
    store.recluster(CLAIM_LINKER)
    step = _snapshot(store)
    store.recluster(CLAIM_LINKER, full=True)
    assert _snapshot(store) == step
    pairs = [(a, from_dict(json.loads(r))) for a, r in store.conn.execute(
        "SELECT article_id, record FROM claim_nodes")]
    groups = [c["mention_ids"] for (record,) in store.conn.execute(
        "SELECT a.record FROM analyses a JOIN articles r ON r.id = a.article_id "
        "WHERE r.current = 1") for c in json.loads(record)["claims"]]
    in_memory = cluster_claims(pairs, article_links(groups))
    assert sorted((c.id, c.key) for c in in_memory) == step[0]
    assert sorted(sorted(c.mention_ids) for c in in_memory) == step[1]
    return step


def test_a_denial_joined_in_its_article_is_one_stored_claim(tmp_path):
    with Store(tmp_path / "one.db") as store:
        _add(store, "a", [charge("a-1"), denial("a-2")], [["a-1", "a-2"]])
        claims, members, stances = _checked(store)
        assert members == [["a-1", "a-2"]]
        assert {(s, st) for _, s, st in stances} == {("Ledger", "asserts"),
                                                    ("The council", "denies")}


def test_without_the_analysis_link_the_two_stay_apart(tmp_path):
    with Store(tmp_path / "none.db") as store:
        _add(store, "a", [charge("a-1"), denial("a-2")])
        assert _checked(store)[1] == [["a-1"], ["a-2"]]


@pytest.mark.parametrize("order", ["other-first", "other-after"])
def test_the_link_holds_with_another_article_in_either_order(tmp_path, order):
    """Another outlet's charge joins the charge by its frame; the denial comes along."""
    results = []
    for name, first_other in (("x", order == "other-first"), ("y", order != "other-first")):
        with Store(tmp_path / f"{name}.db") as store:
            steps = [lambda: _add(store, "b", [charge("b-1")]),
                     lambda: _add(store, "a", [charge("a-1"), denial("a-2")], [["a-1", "a-2"]])]
            for step in (steps if first_other else steps[::-1]):
                step()
                _checked(store)
            results.append(_snapshot(store))
    assert results[0] == results[1]
    assert results[0][1] == [["a-1", "a-2", "b-1"]]


def test_a_new_version_without_the_link_splits_the_claim(tmp_path):
    with Store(tmp_path / "v.db") as store:
        _add(store, "b", [charge("b-1")])
        _add(store, "a", [charge("a-1"), denial("a-2")], [["a-1", "a-2"]])
        assert _checked(store)[1] == [["a-1", "a-2", "b-1"]]
        _replace(store, "a")
        _add(store, "a2", [charge("a2-1"), denial("a2-2")])  # re-analysed: no link now
        assert _checked(store)[1] == [["a2-1", "b-1"], ["a2-2"]]
        assert store.conn.execute("SELECT count(*) FROM claim_keys WHERE key LIKE 'i%'"
                                  ).fetchone() == (0,)


def test_an_older_database_gets_its_article_keys_on_the_next_recluster(tmp_path):
    path = tmp_path / "old.db"
    with Store(str(path)) as store:
        _add(store, "b", [charge("b-1")])
        _add(store, "a", [charge("a-1"), denial("a-2")], [["a-1", "a-2"]])
        _add(store, "c", [_mention("c-1", ("The port", "org:port"), "close",
                                   ("the quay", None), "storm")])
        store.recluster(CLAIM_LINKER)
        joined = _snapshot(store)
        assert joined[1] == [["a-1", "a-2", "b-1"], ["c-1"]]
    raw = sqlite3.connect(path)  # nodes keyed, no article keys: as the old code stored it
    with raw:
        raw.execute("DELETE FROM claim_keys WHERE key LIKE 'i%'")
    raw.close()
    with Store(str(path)) as store:
        store.recluster(CLAIM_LINKER, full=True)
        assert _members(store) == [["a-1", "b-1"], ["a-2"], ["c-1"]]
    raw = sqlite3.connect(path)  # a database from before 0025
    with raw:
        raw.executescript("DROP TABLE claim_rekey;"
                          "DELETE FROM migrations WHERE name = '0025_claim_article_keys';")
    raw.close()
    with Store(str(path)) as store:  # the migration lists a, b, c for article keys
        assert store.conn.execute("SELECT count(*) FROM claim_rekey").fetchone() == (3,)
        store.recluster(CLAIM_LINKER)
        assert _snapshot(store) == joined
        assert store.conn.execute("SELECT count(*) FROM claim_rekey").fetchone() == (0,)
        store.recluster(CLAIM_LINKER, full=True)
        assert _snapshot(store) == joined


def test_a_follower_of_the_claim_hears_the_joined_denial(tmp_path):
    with Store(tmp_path / "f.db") as store:
        _add(store, "b", [charge("b-1")])
        store.recluster(CLAIM_LINKER)
        (claim_id,) = store.conn.execute("SELECT claim_id FROM claim_members "
                                         "WHERE mention_id = 'b-1'").fetchone()
        with store.transaction() as conn:
            conn.execute("INSERT INTO users (name, email, password_hash, created, feed_token) "
                         "VALUES ('ana', 'ana@example.org', 'x', 't', 'tok')")
            conn.execute("INSERT INTO follows (user_id, kind, target, created) "
                         "VALUES (1, 'claim', ?, 't')", (claim_id,))
        _add(store, "a", [charge("a-1"), denial("a-2")], [["a-1", "a-2"]])
        store.recluster(CLAIM_LINKER)
        (now,) = store.conn.execute("SELECT claim_id FROM claim_members "
                                    "WHERE mention_id = 'b-1'").fetchone()
        assert store.conn.execute("SELECT claim_id FROM claim_members WHERE mention_id = 'a-2'"
                                  ).fetchone() == (now,)
        stances = [(e.subject, e.payload["source"], e.payload["stance"], e.payload["change"])
                   for e in events_after(store.conn, 0) if e.kind == "stance"]
        assert (now, "The council", "denies", True) in stances


class _OldLinker(ClaimLinker):
    """A linker whose pairwise test differs: it never links two articles' mentions."""

    def link_group(self, key, members, feats, joined):
        return [(i, j) for i, j in super().link_group(key, members, feats, joined)
                if feats(i)[4].article == feats(j)[4].article]

    def links(self, key, a, b):
        return a[4].article == b[4].article and super().links(key, a, b)


def test_migration_0026_makes_the_next_recluster_rebuild_every_claim(tmp_path):
    """The linker's pairwise test changed (the learned model): claims clustered by the
    old test are rebuilt by the next recluster, not only a changed region."""
    with Store(str(tmp_path / "new.db")) as store:
        _add(store, "a", [charge("a-1"), denial("a-2")], [["a-1", "a-2"]])
        _add(store, "b", [charge("b-1")])
        store.recluster(CLAIM_LINKER)
        fresh = _snapshot(store)
    path = tmp_path / "m.db"
    with Store(str(path)) as store:
        _add(store, "a", [charge("a-1"), denial("a-2")], [["a-1", "a-2"]])
        _add(store, "b", [charge("b-1")])
        store.recluster(_OldLinker())
        assert _members(store) == [["a-1", "a-2"], ["b-1"]]
        store.recluster(CLAIM_LINKER)  # nothing changed since: the old claims stay
        assert _members(store) == [["a-1", "a-2"], ["b-1"]]
    _forget_migration(path, "0026_claim_match_model")  # as if from before 0026
    with Store(str(path)) as store:
        store.recluster(CLAIM_LINKER)
        assert _snapshot(store) == fresh



def _forget_migration(path, name: str) -> None:
    """The database at ``path`` as if migration ``name`` had not run yet."""
    raw = sqlite3.connect(path)
    with raw:
        raw.execute("DELETE FROM migrations WHERE name = ?", (name,))
    raw.close()

def _keys(store: Store) -> list[tuple[str, str]]:
    return sorted(store.conn.execute(
        "SELECT k.key, n.mention_id FROM claim_keys k "
        "JOIN claim_nodes n ON n.node = k.node").fetchall())


def test_migration_0027_keys_every_stored_mention_again(tmp_path):
    """Match keys changed (a mention's 10 rarest words): nodes keyed before keep no old
    key set, so a candidate does not depend on which mention was stored first."""
    with Store(str(tmp_path / "new.db")) as store:
        _add(store, "a", [charge("a-1"), denial("a-2")], [["a-1", "a-2"]])
        _add(store, "b", [charge("b-1")])
        store.recluster(CLAIM_LINKER)
        fresh, fresh_keys = _snapshot(store), _keys(store)
    assert any(not key.startswith("i") for key, _ in fresh_keys)
    path = tmp_path / "m.db"
    with Store(str(path)) as store:
        _add(store, "a", [charge("a-1"), denial("a-2")], [["a-1", "a-2"]])
        _add(store, "b", [charge("b-1")])
        store.recluster(CLAIM_LINKER)
        with store.transaction() as conn:  # as if keyed by an older rule: other keys
            conn.execute("DELETE FROM claim_keys WHERE key NOT LIKE 'i%'")
        assert _keys(store) != fresh_keys
    _forget_migration(path, "0027_claim_match_keys")  # as if from before 0027
    with Store(str(path)) as store:
        store.recluster(CLAIM_LINKER)
        assert _keys(store) == fresh_keys
        assert _snapshot(store) == fresh
