"""The training labels of the text-dump line model (``bench/textdump_alignment.py``).

The aligner is training-only code, so it lives in ``bench/`` beside
``bench/train_textdump.py`` rather than in the package; these tests load it
from there.
"""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent.parent / "bench"
sys.path.insert(0, str(BENCH))

from textdump_alignment import body_labels  # noqa: E402


class TestAlignment:
    def test_lines_in_the_gold_are_body(self):
        lines = ["Menu", "The river rose two metres overnight in the valley town.",
                 "Comments", "Residents were moved to the school hall by boat."]
        gold = ("The river rose two metres overnight in the valley town.\n"
                "Residents were moved to the school hall by boat.")
        assert body_labels(lines, gold) == [False, True, False, True]

    def test_a_short_line_is_body_only_where_the_gold_has_it(self):
        lines = ["The vote was close in the end.", "RESULTS", "Ayes won by three votes today."]
        with_it = "The vote was close in the end.\nRESULTS\nAyes won by three votes today."
        without = "The vote was close in the end.\nAyes won by three votes today."
        assert body_labels(lines, with_it)[1] is True
        assert body_labels(lines, without)[1] is False
