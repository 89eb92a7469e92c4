"""A claim id kept from before its cluster changed still names the claim."""

import pytest

from factdesk.store import Store
from factdesk.store.claim_identity import claim_ids, resolve_claim


@pytest.fixture
def conn():
    with Store(":memory:") as store:
        store.conn.executemany(
            "INSERT INTO claim_aliases (old_id, new_id, changed) VALUES (?, ?, '2024-01-01')",
            [("claim-a", "claim-b"), ("claim-b", "claim-c"), ("claim-x", "claim-c"),
             ("loop-1", "loop-2"), ("loop-2", "loop-1")])
        yield store.conn


def test_an_old_id_resolves_through_every_alias_to_the_current_one(conn):
    assert resolve_claim(conn, "claim-a") == "claim-c"
    assert resolve_claim(conn, "claim-c") == "claim-c"
    assert resolve_claim(conn, "unknown") == "unknown"
    assert resolve_claim(conn, "loop-1") in {"loop-1", "loop-2"}  # a cycle stops


def test_every_id_of_a_claim_gives_the_same_family(conn):
    family = {"claim-a", "claim-b", "claim-c", "claim-x"}
    assert claim_ids(conn, "claim-c") == family
    assert claim_ids(conn, "claim-a") == family
    assert claim_ids(conn, "claim-x") == family
    assert claim_ids(conn, "unknown") == {"unknown"}
