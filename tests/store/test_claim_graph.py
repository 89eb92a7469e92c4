"""Claim clusters kept in the store: the same claims whatever the arrival order,
the same as clustering every mention in memory, stance events only for what
is new, and aliases when a claim's id changes as it grows."""

from pathlib import Path


STORY = Path(__file__).resolve().parents[1] / "fixtures" / "story"
PAGES = sorted(STORY.glob("*.html"))


def _claims(store) -> set:
    rows = store.conn.execute("SELECT id, key, label FROM claims").fetchall()
    members = {}
    for claim_id, mention_id in store.conn.execute("SELECT claim_id, mention_id "
                                                   "FROM claim_members"):
        members.setdefault(claim_id, set()).add(mention_id)
    members = [(claim_id, tuple(sorted(ids))) for claim_id, ids in members.items()]
    stances = store.conn.execute(
        "SELECT claim_id, source, stance FROM stances ORDER BY 1, 2, 3").fetchall()
    return {*rows, *members, *stances}


def _ingest_each(paths, settings, store, tmp_path):
    from factdesk.scale.batch import run_batch

    for n, path in enumerate(paths):
        run_batch([str(path)], settings, store, folder=tmp_path / f"run-{n}")


def test_order_and_batching_do_not_change_the_claims(settings, tmp_path):
    from factdesk.analyze import CLAIM_LINKER, article_links, cluster_claims
    from factdesk.scale.batch import run_batch
    from factdesk.store import Store

    with Store(tmp_path / "all.db") as together:
        run_batch([str(STORY)], settings, together, folder=tmp_path / "run-all")
        expected = _claims(together)
        pairs = [(a.id, m) for a, an in together.articles() for m in an.claim_mentions]
        # each article's own claims: the links its analysis made inside it
        links = article_links(c.mention_ids for _, an in together.articles() for c in an.claims)
        contexts = {a.id: CLAIM_LINKER.context(a.text) for a, _ in together.articles()}
    with Store(tmp_path / "reverse.db") as one_by_one:
        _ingest_each(list(reversed(PAGES)), settings, one_by_one, tmp_path / "r")
        assert _claims(one_by_one) == expected
    in_memory = cluster_claims(pairs, links, contexts=contexts)
    # the stored title is the best mention label (store/claim_titles), so compare ids and keys
    assert {(c.id, c.key) for c in in_memory} == {
        row[:2] for row in expected if len(row) == 3 and row[1] and "|" in str(row[1])}
    story = [c for c in in_memory if len(c.article_ids) == 3]
    assert story, "the three outlets' claim is one claim"
    assert story[0].id in {row[0] for row in expected}


def _follow_everything(store):
    with store.transaction() as conn:
        conn.execute("INSERT INTO users (name, email, password_hash, created, feed_token) "
                     "VALUES ('ana', 'ana@example.org', 'x', '2026-01-01', 'tok')")
        conn.execute("INSERT INTO follows (user_id, kind, target, created) "
                     "VALUES (1, 'search', 'Russia', '2026-01-01')")


def test_stance_events_only_for_new_stances(settings, tmp_path):
    from factdesk.scale.batch import run_batch
    from factdesk.store import Store
    from factdesk.store.events import events_after

    with Store(tmp_path / "e.db") as store:
        _follow_everything(store)
        _ingest_each(PAGES[:2], settings, store, tmp_path / "a")
        first = events_after(store.conn, 0, limit=10_000)
        stance_keys = {e.key for e in first if e.kind == "stance"}
        assert stance_keys and {e.kind for e in first} >= {"article", "stance"}
        stances = {(e.subject, e.payload["source"], e.payload["stance"])
                   for e in first if e.kind == "stance"}
        stored = set(store.conn.execute("SELECT claim_id, source, stance FROM stances"))
        # Every event names a stance that was stored when it happened (a claim may
        # since have been renamed: then its alias leads to it).
        aliases = dict(store.conn.execute("SELECT old_id, new_id FROM claim_aliases"))
        for claim, source, stance in stances:
            assert (aliases.get(claim, claim), source, stance) in stored or claim in aliases
        # The same pages again: nothing new.
        run_batch([str(PAGES[0]), str(PAGES[1])], settings, store, folder=tmp_path / "again")
        assert events_after(store.conn, first[-1].seq) == []
        # The third outlet: only stances no earlier claim member held.
        _ingest_each(PAGES[2:], settings, store, tmp_path / "b")
        later = [e for e in events_after(store.conn, first[-1].seq) if e.kind == "stance"]
        for event in later:
            assert event.key not in stance_keys
            assert event.payload["stance"] in {"asserts", "hedged", "denies",
                                               "does_not_deny", "believes", "questions",
                                               "conditional"}
            if event.payload["change"]:
                assert event.payload["stance"] not in event.payload["previous"]


def test_a_claim_whose_id_changes_leaves_an_alias(tmp_path):
    """Synthetic mentions: one article's frame is outvoted by two later ones."""
    from factdesk.analyze import CLAIM_LINKER
    from factdesk.model import ClaimMention, Span, Stance, to_dict
    from factdesk.store import Store
    from factdesk.store.claims import add_claim_nodes

    def mention(mid, text, agent_id, predicate, patient_id):
        span = Span(start=0, end=len(text), text=text)
        return ClaimMention(id=mid, span=span, stance=Stance.ASSERTS, origin="report",
                            evidence=span, agent="Russia", agent_id=agent_id,
                            predicate=predicate, patient="the Taliban", patient_id=patient_id,
                            source="Ledger", analyzer="t")

    with Store(tmp_path / "a.db") as store:
        def add(article_id, *mentions):
            with store.transaction() as conn:
                conn.execute("INSERT INTO articles (id, key, source, text, record) "
                             "VALUES (?, ?, 's', 't', '{}')", (article_id, article_id))
                for m in mentions:
                    conn.execute(
                        'INSERT INTO claim_mentions (id, article_id, start, "end", text, '
                        "stance, origin, analyzer) VALUES (?, ?, 0, 1, ?, 'asserts', 'report',"
                        " 't')", (m.id, article_id, m.span.text))
                add_claim_nodes(conn, article_id, [to_dict(m) for m in mentions])
            store.recluster(CLAIM_LINKER)

        add("a1", mention("m1", "Russia arms the Taliban fighters", "gpe:russia", "arm",
                          "org:taliban"))
        (first,) = [r[0] for r in store.conn.execute("SELECT id FROM claims")]
        add("a2", mention("m2", "Russia supplies the Taliban fighters", "gpe:russia",
                          "supply", "org:taliban-movement"),
            mention("m3", "Russia ships weapons to Taliban fighters", "gpe:russia", "ship",
                    "org:taliban-movement"))
        ids = [r[0] for r in store.conn.execute("SELECT id FROM claims")]
        assert len(ids) == 1
        members = store.conn.execute("SELECT count(*) FROM claim_members").fetchone()[0]
        assert members == 3
        assert ids[0] != first  # the most common frame is now the movement's
        assert store.conn.execute("SELECT count(*) FROM claim_aliases WHERE old_id = new_id"
                                  ).fetchone() == (0,)
        assert store.conn.execute("SELECT new_id FROM claim_aliases WHERE old_id = ?",
                                      (first,)).fetchone() == (ids[0],)
        # An article leaving (a new version) takes its mentions out of the graph.
        with store.transaction() as conn:
            conn.execute("DELETE FROM claim_nodes WHERE article_id = 'a2'")
            conn.execute("DELETE FROM claim_mentions WHERE article_id = 'a2'")
        store.recluster(CLAIM_LINKER)
        assert [r[0] for r in store.conn.execute("SELECT id FROM claims")] == [first]
        assert store.conn.execute("SELECT count(*) FROM claim_aliases WHERE old_id = ?",
                                  (first,)).fetchone() == (0,)
