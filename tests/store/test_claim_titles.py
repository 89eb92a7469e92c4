"""A claim's title is the best of its mentions' labels: a whole clause with a
name rather than a pronoun, the most check-worthy, never an internal key; its
check-worthiness is the highest of its mentions'."""

from factdesk.analyze import CLAIM_LINKER
from factdesk.model import ClaimMention, Span, Stance, to_dict
from factdesk.store import Store
from factdesk.store.claim_titles import best_title, is_internal_key
from factdesk.store.claims import add_claim_nodes


def test_a_name_beats_a_pronoun_and_a_key_is_never_a_title():
    title, score = best_title([
        ("it is arming the Taliban", "it is arming the Taliban", 0.9, None, "quote"),
        ("Russia is arming the Taliban", "Russia is arming them", 0.7, None, "quote"),
        ("gpe:russia|supply|org:taliban", "x", 1.0, None, "report"),
    ])
    assert title == "Russia is arming the Taliban"
    assert score == 1.0


def test_a_full_sentence_beats_a_headline_then_the_most_check_worthy_wins():
    assert best_title([("Norland arming rebels in Kestria", "", 0.95, None, "headline"),
                       ("Norland is supplying drones to the rebels", "", 0.8, None, "report"),
                       ("Norland has sent aid", "", 0.4, None, "quote")])[0] \
        == "Norland is supplying drones to the rebels"
    assert best_title([("Norland supplied drones to the rebels", "", 0.9, "m1", "report"),
                       ("Norland has sent aid", "", 0.9, None, "quote")])[0] \
        == "Norland has sent aid"  # at equal worth, not the restatement
    assert best_title([("it is true", "it is true", 0.2, "m1", "anaphor")]) == \
        ("it is true", 0.2)  # a pronoun only when nothing else is offered
    assert best_title([(None, "The mayor approved the budget", None, None, "report")]) == \
        ("The mayor approved the budget", None)
    assert best_title([("", "org:x|say|y", 0.5, None, "report")]) == (None, 0.5)
    assert is_internal_key("gpe:russia|supply|org:taliban") and not is_internal_key(
        "Russia: the facts")


def _mention(mid, text, label, score, agent=("Russia", "gpe:russia")):
    span = Span(start=0, end=len(text), text=text)
    return ClaimMention(id=mid, span=span, stance=Stance.ASSERTS, origin="report",
                        evidence=span, agent=agent[0], agent_id=agent[1], predicate="arm",
                        patient="the Taliban", patient_id="org:taliban", source="Ledger",
                        label=label, check_worthiness=score, analyzer="t")


def test_the_stored_claim_takes_the_best_label_in_any_order(tmp_path):
    mentions = [("a1", _mention("a1-m", "Russia is arming the Taliban, officials said",
                                "Russia is arming the Taliban", 0.6)),
                ("a2", _mention("a2-m", "it is arming the Taliban", "it is arming the Taliban",
                                0.8))]
    titles = []
    for name, order in (("forward", mentions), ("reverse", mentions[::-1])):
        with Store(tmp_path / f"{name}.db") as store:
            for aid, m in order:
                with store.transaction() as conn:
                    conn.execute("INSERT INTO articles (id, key, source, text, record) "
                                 "VALUES (?, ?, 's', 't', '{}')", (aid, aid))
                    conn.execute(
                        'INSERT INTO claim_mentions (id, article_id, start, "end", text, stance, '
                        "origin, analyzer, label, check_worthiness) "
                        "VALUES (?, ?, 0, 1, ?, 'asserts', 'report', 't', ?, ?)",
                        (m.id, aid, m.span.text, m.label, m.check_worthiness))
                    add_claim_nodes(conn, aid, [to_dict(m)])
                store.recluster(CLAIM_LINKER)
            titles.append(store.conn.execute(
                "SELECT label, check_worthiness, key FROM claims").fetchall())
    assert titles[0] == titles[1]
    assert [(label, score) for label, score, _ in titles[0]] == [
        ("Russia is arming the Taliban", 0.8)]


def test_a_headline_that_is_a_whole_clause_is_the_title():
    """The outlet's own summary wins over a body sentence when it keeps its verb."""
    assert best_title([("Norland is arming rebels in Kestria", "", 0.5, None, "headline"),
                       ("Norland sent rifles to the rebels last spring", "", 0.9, None,
                        "quote")]) == ("Norland is arming rebels in Kestria", 0.9)
