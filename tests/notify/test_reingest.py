"""Through the real batch path: followers are told once about what an ingest
adds, and re-ingesting the same pages tells nobody anything again."""

from pathlib import Path

import pytest

from factdesk.store import Store
from factdesk.store.people.notifications import add_webhook

from .receivers import WebhookReceiver

STORY = Path(__file__).resolve().parents[1] / "fixtures" / "story"
PAGES = sorted(STORY.glob("*.html"))
SECRET = "a-webhook-secret-of-length"


@pytest.fixture(scope="module")
def settings():
    pytest.importorskip("spacy")
    from factdesk.analyze import load_pipeline
    from factdesk.settings import Settings

    settings = Settings(workers=1, allow_private_addresses=True, notify_backoff_s=0.0)
    try:
        load_pipeline(settings.spacy_model)
    except Exception as exc:
        pytest.skip(f"spaCy pipeline {settings.spacy_model} not installed: {exc}")
    return settings


def _counts(store: Store) -> tuple[int, int, int]:
    return tuple(store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                 for t in ("events", "notifications", "deliveries"))


def test_reingesting_the_same_pages_sends_nothing_twice(settings, tmp_path):
    from factdesk.scale.batch import run_batch

    with Store(tmp_path / "n.db") as store, WebhookReceiver(SECRET) as hook:
        with store.transaction() as conn:
            conn.execute("INSERT INTO users (name, email, password_hash, created, feed_token, "
                         "channels) VALUES ('ana', 'ana@example.org', 'x', '2026-01-01', 'tok',"
                         " '{\"webhook\": true}')")
            conn.execute("INSERT INTO follows (user_id, kind, target, created) "
                         "VALUES (1, 'search', 'Norland drones', '2026-01-01')")
            add_webhook(conn, 1, hook.url, SECRET)
        run_batch([str(PAGES[0])], settings, store, folder=tmp_path / "one")
        events, notes, deliveries = _counts(store)
        assert events and notes and deliveries == notes
        assert len(hook.received) == deliveries and not hook.errors
        # Follow the claim the first outlet reported; the other two outlets add stances.
        (claim_id,) = store.conn.execute(
            "SELECT claim_id FROM claim_members GROUP BY claim_id "
            "ORDER BY count(*) DESC, claim_id LIMIT 1").fetchone()
        with store.transaction() as conn:
            conn.execute("INSERT INTO follows (user_id, kind, target, created) "
                         "VALUES (1, 'claim', ?, '2026-01-01')", (claim_id,))
        run_batch([str(p) for p in PAGES], settings, store, folder=tmp_path / "all")
        after_all = _counts(store)
        reasons = [r for (r,) in store.conn.execute("SELECT reason FROM notifications")]
        assert any(r.startswith("claim:") for r in reasons), reasons
        assert len(hook.received) == after_all[2]
        # The same pages again, as one run and page by page: nothing new anywhere.
        run_batch([str(p) for p in PAGES], settings, store, folder=tmp_path / "again")
        for n, page in enumerate(PAGES):
            run_batch([str(page)], settings, store, folder=tmp_path / f"page-{n}")
        assert _counts(store) == after_all
        assert len(hook.received) == after_all[2]
        ids = [r.headers["x-factdesk-delivery"] for r in hook.received]
        assert len(ids) == len(set(ids))
