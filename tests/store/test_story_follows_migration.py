"""Migration 0024 rebuilds ``follows`` (to allow kind 'story') without losing a
follow, and adds ``digests``."""

from __future__ import annotations

import sqlite3

import pytest

from factdesk.errors import InputError
from factdesk.store import Store
from factdesk.store.people.follows import follow, follows_of

OLD_FOLLOWS = """
CREATE TABLE follows (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('entity', 'claim', 'search', 'user')),
    target TEXT NOT NULL,
    created TEXT NOT NULL,
    PRIMARY KEY (user_id, kind, target)
)"""


def test_an_older_database_keeps_its_follows_and_can_follow_stories(tmp_path):
    path = tmp_path / "old.db"
    with Store(str(path)) as store:
        with store.transaction() as conn:
            conn.execute("INSERT INTO users (id, name, email, password_hash, created, "
                         "feed_token) VALUES (1, 'ana', 'ana@example.org', 'x', 't', 'tok')")
    raw = sqlite3.connect(path)  # make it a database from before 0024
    with raw:
        raw.executescript("DROP TABLE digests; DROP TABLE follows;" + OLD_FOLLOWS + ";"
                          "CREATE INDEX follows_target ON follows(kind, target);"
                          "INSERT INTO follows VALUES (1, 'claim', 'claim-1', 't');"
                          "DELETE FROM migrations WHERE name = '0024_story_follows_digests';")
    raw.close()
    with Store(str(path)) as store:
        assert [(f.kind, f.target) for f in store.read(follows_of, 1)] == [("claim", "claim-1")]
        with pytest.raises(InputError, match="no story"), store.transaction() as conn:
            follow(conn, 1, "story", "no-such-story")
        assert store.conn.execute("SELECT count(*) FROM digests").fetchone() == (0,)
