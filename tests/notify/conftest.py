"""Fixtures for the notify tests: a fresh store and a small world builder
that writes users, follows, articles and events the way the store and the
web app do (plain SQL and ``record_event``), so these tests depend on no
web code."""

from __future__ import annotations

import json
import secrets
from datetime import UTC, datetime

import pytest

from factdesk.settings import Settings
from factdesk.store import Store
from factdesk.store.events import record_event

BASE = "https://desk.example"


@pytest.fixture
def nsettings() -> Settings:
    """Loopback allowed (the tests' receivers live there), short timeouts."""
    return Settings(allow_private_addresses=True, base_url=BASE, fetch_timeout=5.0,
                    notify_backoff_s=60.0, notify_max_attempts=3)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class World:
    """Writes the rows notifications are made from."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def user(self, name: str, *, push: bool = False, webhook: bool = False,
             email: bool = False) -> int:
        with self.store.transaction() as conn:
            return conn.execute(
                "INSERT INTO users (name, email, password_hash, created, feed_token, channels) "
                "VALUES (?, ?, 'x', ?, ?, ?)",
                (name, f"{name.lower()}@example.org", _now(), secrets.token_urlsafe(16),
                 json.dumps({"push": push, "webhook": webhook, "email": email}))).lastrowid

    def follow(self, user_id: int, kind: str, target: str) -> None:
        with self.store.transaction() as conn:
            conn.execute("INSERT INTO follows (user_id, kind, target, created) VALUES (?,?,?,?)",
                         (user_id, kind, target, _now()))

    def alias(self, old_id: str, new_id: str) -> None:
        with self.store.transaction() as conn:
            conn.execute("INSERT INTO claim_aliases (old_id, new_id, changed) VALUES (?, ?, ?)",
                         (old_id, new_id, _now()))

    def stance(self, claim_id: str, source: str, stance: str, *, source_id: str | None = None,
               label: str = "Russia is arming the Taliban", change: bool = False,
               article_id: str = "art-1") -> bool:
        payload = {"claim_id": claim_id, "label": label, "source": source,
                   "source_id": source_id, "stance": stance, "article_id": article_id,
                   "previous": [], "change": change}
        with self.store.transaction() as conn:
            conn.execute("INSERT OR IGNORE INTO claims (id, key, label, analyzer) "
                         "VALUES (?, ?, ?, 'test')", (claim_id, claim_id, label))
            return record_event(conn, key=f"stance:{claim_id}:{source}:{stance}", kind="stance",
                                subject=claim_id, article_id=article_id, payload=payload)

    def quote(self, speaker_id: str, speaker: str, text: str, *, article_id: str = "art-1") -> bool:
        with self.store.transaction() as conn:
            return record_event(conn, key=f"quote:{article_id}:{speaker_id}:{text}", kind="quote",
                                subject=speaker_id, article_id=article_id,
                                payload={"article_id": article_id, "speaker": speaker,
                                         "text": text, "headline": "A headline"})

    def article(self, article_id: str, headline: str, text: str,
                entities: tuple[str, ...] = ()) -> bool:
        with self.store.transaction() as conn:
            conn.execute("INSERT INTO articles (id, key, source, url, headline, text, record) "
                         "VALUES (?, ?, ?, ?, ?, ?, '{}')",
                         (article_id, article_id, f"https://news.example/{article_id}",
                          f"https://news.example/{article_id}", headline, text))
            for entity in entities:
                conn.execute("INSERT OR IGNORE INTO entities (id, kind, name) VALUES (?, ?, ?)",
                             (entity, "PERSON", entity))
                conn.execute("INSERT INTO entity_articles (entity_id, article_id, name, aliases, "
                             "roles) VALUES (?, ?, ?, '[]', '[]')", (entity, article_id, entity))
            return record_event(conn, key=f"article:{article_id}", kind="article",
                                subject=article_id, article_id=article_id,
                                payload={"headline": headline, "url": "", "site": "news"})

    def comment(self, user_id: int, target_kind: str, target: str, body: str, *,
                parent_id: int | None = None) -> int:
        with self.store.transaction() as conn:
            name = conn.execute("SELECT name FROM users WHERE id = ?", (user_id,)).fetchone()[0]
            new_id = conn.execute(
                "INSERT INTO comments (user_id, target_kind, target, parent_id, body, created) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (user_id, target_kind, target, parent_id, body, _now())).lastrowid
            root = new_id
            while (up := conn.execute("SELECT parent_id FROM comments WHERE id = ?",
                                      (root,)).fetchone()[0]) is not None:
                root = up
            record_event(conn, key=f"comment:{new_id}", kind="comment", subject=str(new_id),
                         article_id=target if target_kind == "article" else None,
                         payload={"target_kind": target_kind, "target": target,
                                  "parent_id": parent_id, "root_id": root, "user_id": user_id,
                                  "user_name": name, "excerpt": body[:200]})
        return new_id


@pytest.fixture
def world(store) -> World:
    return World(store)
