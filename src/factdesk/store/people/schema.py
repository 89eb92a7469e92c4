"""Migrations for the people side of factdesk: events, accounts, follows,
threads, notifications and their deliveries.

``events`` is written by the store itself whenever an ingest or a comment
adds something that can be followed; each event has a deterministic ``key``
(``stance:<claim>:<source>:<stance>``, ``quote:<article key>:<quote id>``,
``article:<article key>``, ``comment:<id>``), so re-ingesting the same pages
adds no event and so no notification.
"""

from __future__ import annotations

__all__ = ["SOCIAL_MIGRATIONS", "STORY_FOLLOWS_DIGESTS"]

_EVENTS = """
CREATE TABLE events (
    seq INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    article_id TEXT,
    payload TEXT NOT NULL,
    created TEXT NOT NULL
);
CREATE INDEX events_subject ON events(kind, subject);
CREATE TABLE claim_aliases (
    old_id TEXT PRIMARY KEY,
    new_id TEXT NOT NULL,
    changed TEXT NOT NULL
);
"""

_ACCOUNTS = """
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin')),
    created TEXT NOT NULL,
    feed_token TEXT NOT NULL UNIQUE,
    channels TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf TEXT NOT NULL,
    created TEXT NOT NULL,
    expires TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    expires TEXT NOT NULL,
    used INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE rate_events (
    key TEXT NOT NULL,
    at REAL NOT NULL
);
CREATE INDEX rate_events_key ON rate_events(key, at);
"""

_FOLLOWS_THREADS = """
CREATE TABLE follows (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('entity', 'claim', 'search', 'user')),
    target TEXT NOT NULL,
    created TEXT NOT NULL,
    PRIMARY KEY (user_id, kind, target)
);
CREATE INDEX follows_target ON follows(kind, target);
CREATE TABLE comments (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    target_kind TEXT NOT NULL CHECK (target_kind IN ('article', 'claim')),
    target TEXT NOT NULL,
    parent_id INTEGER REFERENCES comments(id),
    body TEXT NOT NULL,
    created TEXT NOT NULL,
    edited TEXT,
    deleted INTEGER NOT NULL DEFAULT 0,
    hidden INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX comments_target ON comments(target_kind, target);
CREATE INDEX comments_user ON comments(user_id);
"""

_NOTIFICATIONS = """
CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    event_seq INTEGER NOT NULL REFERENCES events(seq),
    reason TEXT NOT NULL,
    created TEXT NOT NULL,
    read INTEGER NOT NULL DEFAULT 0,
    UNIQUE (user_id, event_seq)
);
CREATE TABLE push_subscriptions (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    endpoint TEXT NOT NULL UNIQUE,
    p256dh TEXT NOT NULL,
    auth TEXT NOT NULL,
    created TEXT NOT NULL
);
CREATE TABLE webhooks (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    created TEXT NOT NULL,
    UNIQUE (user_id, url)
);
CREATE TABLE deliveries (
    id INTEGER PRIMARY KEY,
    notification_id INTEGER NOT NULL REFERENCES notifications(id) ON DELETE CASCADE,
    channel TEXT NOT NULL CHECK (channel IN ('push', 'webhook', 'email')),
    target TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_at TEXT,
    last_error TEXT,
    sent_at TEXT,
    UNIQUE (notification_id, channel, target)
);
CREATE INDEX deliveries_due ON deliveries(status, next_at);
CREATE TABLE notify_state (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""

# a story can be followed (SQLite cannot alter a CHECK: the table is rebuilt), and each
# user's morning digests are kept (the last event seq each covered, when, what it said);
# applied with the core migrations after 0023 (store/schema.py)
STORY_FOLLOWS_DIGESTS = """
CREATE TABLE follows_new (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('entity', 'claim', 'search', 'user', 'story')),
    target TEXT NOT NULL,
    created TEXT NOT NULL,
    PRIMARY KEY (user_id, kind, target)
);
INSERT INTO follows_new (user_id, kind, target, created)
    SELECT user_id, kind, target, created FROM follows;
DROP TABLE follows;
ALTER TABLE follows_new RENAME TO follows;
CREATE INDEX follows_target ON follows(kind, target);
CREATE TABLE digests (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    last_seq INTEGER NOT NULL,
    sent TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX digests_user ON digests(user_id, last_seq);
"""

#: Applied after the core migrations, in this order.
SOCIAL_MIGRATIONS: tuple[tuple[str, str], ...] = (
    ("0010_events", _EVENTS),
    ("0011_accounts", _ACCOUNTS),
    ("0012_follows_threads", _FOLLOWS_THREADS),
    ("0013_notifications", _NOTIFICATIONS),
)
