"""The morning digest: one e-mail per user of what moved in everything they follow,
an entry in their Atom feed, and nothing again when nothing new happened."""

from __future__ import annotations

import feedparser
import pytest

from factdesk.errors import DeliveryError
from factdesk.notify.atom import user_feed
from factdesk.notify.digest import send_digests
from tests.notify.receivers import SmtpSink


@pytest.fixture
def smtp():
    with SmtpSink() as sink:
        yield sink


@pytest.fixture
def msettings(nsettings, smtp):
    return nsettings.replace(smtp_host="127.0.0.1", smtp_port=smtp.port,
                             smtp_from="desk@desk.example")


def _moved(world):
    world.quote("person:peskov", "Dmitry Peskov", "Groundless.")
    world.stance("claim-1", "Harbour Post", "denies")
    world.article("art-9", "Pier closes for repairs", "The pier is shut for repairs.")


def test_one_email_per_user_with_what_moved_and_none_the_second_time(store, world, smtp,
                                                                     msettings):
    ana, ben = world.user("Ana", email=True), world.user("Ben", email=True)
    cat = world.user("Cat")  # e-mail off: her digest is in her feed only
    world.follow(ana, "entity", "person:peskov")
    world.follow(ana, "claim", "claim-1")
    world.follow(ana, "search", "pier")
    world.follow(ben, "entity", "person:nobody")
    world.follow(cat, "claim", "claim-1")
    _moved(world)
    stats = send_digests(store, msettings)
    assert stats.to_dict() == {"users": 3, "digests": 2, "emailed": 1, "failed": 0}
    [message] = smtp.messages
    assert message["To"] == "ana@example.org"
    assert message["Subject"] == "[factdesk] Morning digest: 3 updates"
    body = message.get_content()
    assert "Dmitry Peskov: “Groundless.”" in body
    assert "Harbour Post denies: Russia is arming the Taliban" in body
    assert "New article: Pier closes for repairs" in body
    assert "You follow the search “pier”:" in body
    assert "https://desk.example/articles/art-9" in body

    again = send_digests(store, msettings)
    assert again.to_dict() == {"users": 3, "digests": 0, "emailed": 0, "failed": 0}
    assert len(smtp.messages) == 1

    world.quote("person:peskov", "Dmitry Peskov", "Nonsense.")
    send_digests(store, msettings)
    assert len(smtp.messages) == 2
    later = smtp.messages[1].get_content()
    assert "Nonsense." in later and "Groundless." not in later and "art-9" not in later


def test_the_digest_is_an_entry_in_the_atom_feed(store, world, msettings):
    cat = world.user("Cat")
    world.follow(cat, "claim", "claim-1")
    _moved(world)
    send_digests(store, msettings)
    feed = feedparser.parse(store.read(user_feed, cat, "https://desk.example"))
    assert not feed.bozo
    digests = [e for e in feed.entries if e.tags[0].term == "digest"]
    assert [e.title for e in digests] == ["[factdesk] Morning digest: 1 update"]
    assert "Harbour Post" in digests[0].content[0].value


def test_a_failed_email_is_retried_on_the_next_run(store, world, msettings):
    ana = world.user("Ana", email=True)
    world.follow(ana, "entity", "person:peskov")
    _moved(world)
    sent = []

    def down(settings, to, subject, body):
        raise DeliveryError("the SMTP server is away")

    assert send_digests(store, msettings, send=down).to_dict()["failed"] == 1
    assert send_digests(store, msettings,
                        send=lambda *args: sent.append(args)).to_dict()["emailed"] == 1
    assert len(sent) == 1 and "Groundless." in sent[0][3]


def test_the_cli_sends_digests_once(tmp_path, smtp, msettings):
    from click.testing import CliRunner

    from factdesk.cli import main
    from factdesk.store import Store
    from tests.notify.conftest import World

    db = tmp_path / "news.db"
    with Store(str(db)) as store:
        world = World(store)
        ana = world.user("Ana", email=True)
        world.follow(ana, "entity", "person:peskov")
        _moved(world)
    args = ["--set", "smtp_host=127.0.0.1", "--set", f"smtp_port={smtp.port}",
            "--set", "base_url=https://desk.example", "notify", "--db", str(db), "--digest"]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0, first.output
    assert '"digests": 1' in first.output and len(smtp.messages) == 1
    second = CliRunner().invoke(main, args)
    assert '"digests": 0' in second.output and len(smtp.messages) == 1
