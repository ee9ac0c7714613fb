"""The continuity block's medians (one integer sort per list of cells) equal NumPy's median of each
cell's days, counted independently: odd and even counts, negative spans, repeated days, empty cells."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from werkroute.monitoring.continuity import medians


def test_every_cell_has_the_median_of_its_own_days() -> None:
    rng = np.random.default_rng(18)
    layout = SimpleNamespace(n_municipalities=5, n_areas=5 + 2 + 1, n_cohorts=4, n_values=6)
    rows = 400
    area = rng.integers(0, 5, rows)
    region = area % 2
    cohort = rng.integers(0, 3, rows)
    # Column 0 is the total (one value for everyone); the others lie on their own positions.
    groups = np.stack(
        [np.zeros(rows, dtype=np.int64), 1 + rng.integers(0, 2, rows), 3 + rng.integers(0, 3, rows)], 1
    )
    days = rng.integers(-40, 90, rows)
    median, count = medians(layout, area, region, cohort, groups, days)

    checked = 0
    for level, where in (("municipality", area), ("region", 5 + region), ("national", np.full(rows, 7))):
        for which in (cohort, np.full(rows, 3)):
            for column in range(groups.shape[1]):
                for cell in set(zip(where.tolist(), which.tolist(), groups[:, column].tolist(), strict=True)):
                    mine = (where == cell[0]) & (which == cell[1]) & (groups[:, column] == cell[2])
                    assert count[cell[0], cell[1], 0, cell[2]] == mine.sum(), level
                    assert median[cell[0], cell[1], 0, cell[2]] == np.median(days[mine]), level
                    checked += 1
    assert checked > 100
    assert (count[median != 0] > 0).all(), "a cell without rows has no median"
