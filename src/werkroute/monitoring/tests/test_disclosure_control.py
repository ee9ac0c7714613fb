"""Primary and secondary suppression on small hand-made tables."""

import numpy as np

from werkroute.monitoring import disclosure

SHARE = np.array(["share"])


def protect(numerator, denominator, relations):  # type: ignore[no-untyped-def]
    numerator = np.asarray(numerator, dtype=float)[:, None]
    denominator = np.asarray(denominator, dtype=float)[:, None]
    return disclosure.protect(numerator, denominator, SHARE, {0: relations})


def test_a_count_below_ten_is_hidden_with_its_complement_and_zero():
    hidden, _ = protect([5, 50, 95, 0], [100, 100, 100, 100], [])
    assert hidden[:, 0].tolist() == [True, False, True, True]


def test_a_small_group_hides_its_size_and_its_share():
    hidden_numerator, hidden_denominator = protect([3, 30], [6, 60], [])
    assert hidden_denominator[:, 0].tolist() == [True, False]
    assert hidden_numerator[:, 0].tolist() == [True, False]


def test_one_hidden_part_of_a_sum_hides_the_smallest_other_part_too():
    # total = position 0; parts 1..3. Part 1 is small, so part 2 (smaller than 3) is hidden as well.
    numerator = [150, 4, 40, 106]
    denominator = [400, 100, 100, 200]
    hidden, _ = protect(numerator, denominator, [(0, [1, 2, 3])])
    assert hidden[:, 0].tolist() == [False, True, True, False]


def test_with_no_other_part_to_hide_the_total_is_hidden():
    hidden, _ = protect([4, 4, 0], [100, 100, 0], [(0, [1, 2])])
    assert hidden[:, 0].tolist() == [True, True, False]


def test_hiding_continues_through_nested_sums_until_nothing_is_recoverable():
    # Position 0 = 1 + 2, position 2 = 3 + 4 (a region of two municipalities inside a total).
    numerator = np.array([200, 100, 100, 5, 95], dtype=float)[:, None]
    denominator = np.full((5, 1), 300.0)
    relations = {0: [(0, [1, 2]), (2, [3, 4])]}
    hidden, _ = disclosure.protect(numerator, denominator, SHARE, relations)
    assert disclosure.recoverable_cells(numerator, hidden, denominator > 0, relations) == 0
    assert (hidden[3, 0] and hidden[4, 0]) or hidden[2, 0]


def test_sums_counted_at_once_equal_sums_counted_one_by_one_and_only_where_that_holds():
    rng = np.random.default_rng(7)
    hidden = rng.random((4, 12, 3)) < 0.4
    # The value axis of the engine: the total at 0, each group's values a run of their own.
    groups = [(0, [1, 2, 3]), (0, [4, 5]), (0, [6, 7, 8, 9, 10, 11])]
    counted = disclosure._counted_at_once(hidden, 1, groups)
    assert counted is not None
    for count, (_, parts) in zip(counted, groups, strict=True):
        assert (count == hidden[:, parts, :].sum(axis=1)).all()
    # Areas: regions are parts of the country, so handling a region can change the country's count.
    nested = [(4, [0, 1]), (5, [2, 3]), (6, [4, 5])]
    assert disclosure._counted_at_once(np.zeros((7, 2), dtype=bool), 0, nested) is None
    assert disclosure._counted_at_once(hidden, 1, [(0, [1, 2, 3]), (0, [3, 4])]) is None
    assert disclosure._counted_at_once(hidden, 1, [(0, [1, 2, 3])]) is None
