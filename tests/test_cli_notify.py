"""`factdesk notify` turns recorded events into notifications, once."""

import json

from click.testing import CliRunner

from factdesk.cli import main
from factdesk.store import Store
from factdesk.store.events import record_event


def test_notify_command_notifies_a_follower_once(tmp_path):
    db = tmp_path / "n.db"
    with Store(db) as store, store.transaction() as conn:
        conn.execute("INSERT INTO users (name, email, password_hash, created, feed_token) "
                     "VALUES ('ana', 'ana@example.org', 'x', '2026-01-01', 'tok')")
        conn.execute("INSERT INTO follows (user_id, kind, target, created) "
                     "VALUES (1, 'entity', 'person:kwame-mensah', '2026-01-01')")
        record_event(conn, key="quote:person:kwame-mensah:1", kind="quote",
                     subject="person:kwame-mensah", article_id="a1",
                     payload={"article_id": "a1", "speaker": "Kwame Mensah", "text": "Hello",
                              "headline": "A headline"})
    runner = CliRunner()
    first = runner.invoke(main, ["notify", "--db", str(db)])
    assert first.exit_code == 0, first.output
    assert json.loads(first.output.strip().splitlines()[-1])["notifications"] == 1
    again = runner.invoke(main, ["notify", "--db", str(db)])
    assert json.loads(again.output.strip().splitlines()[-1])["notifications"] == 0
    with Store(db) as store:
        assert store.conn.execute("SELECT count(*) FROM notifications").fetchone() == (1,)


def test_users_promote_gives_and_takes_the_admin_role(tmp_path):
    db = tmp_path / "u.db"
    with Store(db) as store, store.transaction() as conn:
        conn.execute("INSERT INTO users (name, email, password_hash, created, feed_token) "
                     "VALUES ('ana', 'ana@example.org', 'x', '2026-01-01', 'tok')")
    runner = CliRunner()
    result = runner.invoke(main, ["users", "promote", "ana", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"user": "ana", "role": "admin"}
    result = runner.invoke(main, ["users", "promote", "ana", "--db", str(db), "--role", "user"])
    assert json.loads(result.output)["role"] == "user"
    missing = runner.invoke(main, ["users", "promote", "bob", "--db", str(db)])
    assert missing.exit_code != 0 and "no user named" in missing.output
