"""Through the real batch path and the merged claim code: a denial arriving in
another outlet's article is one "change of stance" notification on the followed
claim, and re-ingesting both pages sends nothing.

The two pages (tests/fixtures/denial) were written for this test: the Harbour
Herald reports that experts say Ostravia supplied rockets to militias in
Delmar; two days later the Coastal Times reports that Ostravia denied it."""

from pathlib import Path

import pytest

from factdesk.store import Store
from factdesk.store.people.notifications import inbox

PAGES = sorted((Path(__file__).resolve().parents[1] / "fixtures" / "denial").glob("*.html"))


@pytest.fixture(scope="module")
def settings():
    pytest.importorskip("spacy")
    from factdesk.analyze import load_pipeline
    from factdesk.settings import Settings

    settings = Settings(workers=1, notify_backoff_s=0.0)
    try:
        load_pipeline(settings.spacy_model)
    except Exception as exc:
        pytest.skip(f"spaCy pipeline {settings.spacy_model} not installed: {exc}")
    return settings


def _counts(store: Store) -> tuple[int, int]:
    return tuple(store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                 for t in ("events", "notifications"))


def test_a_denial_in_another_outlet_is_one_change_of_stance(settings, tmp_path):
    from factdesk.scale.batch import run_batch

    herald, coastal = PAGES
    with Store(tmp_path / "n.db") as store:
        with store.transaction() as conn:
            conn.execute("INSERT INTO users (name, email, password_hash, created, feed_token) "
                         "VALUES ('ana', 'ana@example.org', 'x', '2026-01-01', 'tok')")
        run_batch([str(herald)], settings, store, folder=tmp_path / "one")
        (claim_id, title), = store.conn.execute(
            "SELECT id, label FROM claims WHERE label LIKE '%supplied rockets%'").fetchall()
        assert title.startswith("Ostravia supplied rockets to the militias")
        assert {s for (s,) in store.conn.execute(
            "SELECT stance FROM stances WHERE claim_id = ?", (claim_id,))} == {"asserts"}
        with store.transaction() as conn:
            conn.execute("INSERT INTO follows (user_id, kind, target, created) "
                         "VALUES (1, 'claim', ?, '2026-01-02')", (claim_id,))

        run_batch([str(coastal)], settings, store, folder=tmp_path / "two")
        # the denial joined the followed claim: one claim across both outlets
        articles = {a for (a,) in store.conn.execute(
            "SELECT DISTINCT article_id FROM claim_members WHERE claim_id = ?", (claim_id,))}
        assert len(articles) == 2
        items = [i for i in inbox(store.conn, 1) if i.kind == "stance"]
        assert len(items) == 1, [i.title for i in items]
        (item,) = items
        assert item.payload["stance"] == "denies" and item.payload["change"] is True
        assert item.payload["previous"] == ["asserts"]
        assert item.reason == f"claim:{claim_id}"
        assert item.title == f"Change: Ostravia denies: {title}"
        after = _counts(store)

        run_batch([str(p) for p in PAGES], settings, store, folder=tmp_path / "again")
        run_batch([str(coastal)], settings, store, folder=tmp_path / "again-two")
        assert _counts(store) == after
        assert [i.title for i in inbox(store.conn, 1) if i.kind == "stance"] == [item.title]

