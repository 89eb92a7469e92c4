"""`factdesk users token NAME`: an API token for scripts, shown once, stored hashed."""

import json

from click.testing import CliRunner

from factdesk.cli import main
from factdesk.store import Store
from factdesk.store.people.tokens import user_by_api_token


def test_users_token_issues_a_hashed_token_and_revokes_it(tmp_path):
    db = tmp_path / "t.db"
    with Store(db) as store, store.transaction() as conn:
        conn.execute("INSERT INTO users (name, email, password_hash, created, feed_token) "
                     "VALUES ('bot', 'bot@example.org', 'x', '2026-01-01', 'tok')")
    runner = CliRunner()
    issued = runner.invoke(main, ["users", "token", "bot", "--label", "nightly", "--db", str(db)])
    assert issued.exit_code == 0, issued.output
    answer = json.loads(issued.output)
    assert answer["user"] == "bot" and answer["token"].startswith("fdk_")
    with Store(db) as store:
        assert user_by_api_token(store.conn, answer["token"]).name == "bot"
        assert user_by_api_token(store.conn, answer["token"] + "x") is None
        stored = store.conn.execute("SELECT digest, label FROM api_tokens").fetchall()
        assert len(stored) == 1 and stored[0][1] == "nightly"
        assert answer["token"] not in stored[0][0]
    revoked = runner.invoke(main, ["users", "token", "bot", "--revoke", "--db", str(db)])
    assert json.loads(revoked.output) == {"user": "bot", "revoked": 1}
    with Store(db) as store:
        assert user_by_api_token(store.conn, answer["token"]) is None
    missing = runner.invoke(main, ["users", "token", "nobody", "--db", str(db)])
    assert missing.exit_code == 1 and "no user 'nobody'" in missing.output
