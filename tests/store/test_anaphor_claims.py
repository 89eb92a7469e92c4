"""A denial whose object points back ("denied the charge") is stored on the
claim it answers: the store's clusters keep no refers_to edges, so the
anaphor's words (its antecedent's label) must link it there."""

ARTICLE = """Harbour board accused of hiding ferry safety reports

Holt said the reports described cracked hull plates on two of the four ferries.

The board's chairman, Anselm Ridley, denied the charge in a statement on Tuesday.

Ridley said every report had been sent to the inspectors within a week.
"""


def test_a_denial_of_the_charge_is_stored_on_the_claim_it_denies(settings, tmp_path):
    from factdesk.scale.batch import run_batch
    from factdesk.store import Store

    page = tmp_path / "harbour.txt"
    page.write_text(ARTICLE, encoding="utf-8")
    with Store(tmp_path / "s.db") as store:
        run_batch([str(page)], settings, store, folder=tmp_path / "run")
        rows = store.conn.execute("SELECT claim_id, source, stance FROM stances").fetchall()
    by_claim = {}
    for claim_id, source, stance in rows:
        by_claim.setdefault(claim_id, set()).add((source, stance))
    denied = [s for s in by_claim.values() if ("Anselm Ridley", "denies") in s]
    assert denied, rows
    assert any(("Holt", "asserts") in s for s in denied), by_claim
