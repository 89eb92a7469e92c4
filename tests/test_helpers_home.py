"""The shared base helpers: union-find, boosted-tree inference, the clock."""

from __future__ import annotations

import math
from array import array
from datetime import UTC, datetime, timedelta

from factdesk.boosted_trees import leaf_node, sigmoid
from factdesk.clock import utc_now, utc_stamp
from factdesk.components import DisjointSets


def test_groups_are_transitive_and_named_by_their_smallest_member():
    sets = DisjointSets(6)
    assert sets.union(4, 2)
    assert sets.union(2, 5)
    assert not sets.union(5, 4)  # already together
    sets.union(3, 1)
    assert sets.roots() == [0, 1, 2, 1, 2, 2]
    assert sets.same(4, 5) and not sets.same(0, 4)


def test_an_array_of_parents_is_grouped_in_place():
    parent = array("q", range(4))
    sets = DisjointSets(parent=parent)
    sets.union(3, 0)
    assert parent[3] == 0 and sets.find(3) == 0


# A stump on feature 1 at 0.5 (nodes 0-2), then a second tree from node 3 on
# feature 0 at 10.0 whose missing values go left.
FEATURE = (1, -2, -2, 0, -2, -2)
THRESHOLD = (0.5, 0.0, 0.0, 10.0, 0.0, 0.0)
LEFT = (1, -1, -1, 1, -1, -1)
RIGHT = (2, -1, -1, 2, -1, -1)
MISSING = (False, False, False, True, False, False)


def test_a_row_goes_left_at_or_below_the_threshold():
    assert leaf_node([0.0, 0.5], FEATURE, THRESHOLD, LEFT, RIGHT) == 1
    assert leaf_node([0.0, 0.6], FEATURE, THRESHOLD, LEFT, RIGHT) == 2


def test_trees_sharing_arrays_start_at_their_offset_and_send_missing_values_as_told():
    kw = {"start": 3, "missing_left": MISSING}
    assert leaf_node([11.0, 0.0], FEATURE, THRESHOLD, LEFT, RIGHT, **kw) == 5
    assert leaf_node([math.nan, 0.0], FEATURE, THRESHOLD, LEFT, RIGHT, **kw) == 4
    # without missing_left a NaN fails the comparison and goes right
    assert leaf_node([math.nan, 0.0], FEATURE, THRESHOLD, LEFT, RIGHT, start=3) == 5


def test_sigmoid_is_symmetric_and_never_overflows():
    assert sigmoid(0.0) == 0.5
    assert math.isclose(sigmoid(2.0) + sigmoid(-2.0), 1.0)
    assert 0.0 < sigmoid(-1e6) < sigmoid(1e6) < 1.0


def test_the_clock_is_utc_and_the_stamp_sorts_as_time_does():
    now = utc_now()
    assert now.tzinfo is not None and now.utcoffset() == timedelta(0)
    moment = datetime(2024, 3, 14, 16, 20, 5, 999, tzinfo=UTC)
    assert utc_stamp(moment) == "2024-03-14T16:20:05+00:00"
    assert utc_stamp(moment) < utc_stamp(moment + timedelta(seconds=1))


def test_many_trees_are_walked_in_one_call_in_tree_order():
    from factdesk.boosted_trees import leaf_nodes

    assert leaf_nodes([11.0, 0.0], FEATURE, THRESHOLD, LEFT, RIGHT, (0, 3),
                      missing_left=MISSING) == [1, 5]
    assert leaf_nodes([0.0, 1.0], FEATURE, THRESHOLD, LEFT, RIGHT, (3, 0)) == [4, 2]
