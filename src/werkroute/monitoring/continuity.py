"""The continuity indicators: does guidance keep going, or does a client fall out of sight?

Counted like the process indicators (:func:`werkroute.monitoring.engine.process_block`): now, where the
client lives now, from registration on, by cohort and group. ``docs/monitoring.md`` has the definitions
in words:

- ``open_signal_over_4_weeks``: a continuity signal open on the reference date, raised more than four
  weeks before it; of all clients counted.
- ``early_stop``: of the clients with an activity that began, those whose guidance stopped early: the
  activity that ended last (completed or stopped early; on a tie, any of them) was stopped early,
  nothing is planned or running, nothing began on or after its end, and they neither work nor study.
- ``days_to_intake_median``, ``days_intake_to_pip_median``: the median days from registration to the
  first intake, and from the first intake to the first PIP (clients with both).
- ``after_care_retention_6m``, ``_12m``: after-care starts with paid work; of the clients whose first
  paid work began at least 6 (12) months before the reference date, those in paid work 6 (12) months
  after that start.

Medians do not add up, so they are computed per cell of every area level and of all cohorts, not summed
from the municipalities like the counts. Pure NumPy; no Django.
"""

from __future__ import annotations

import numpy as np

from werkroute.monitoring.engine import (
    ACTIVITY_STATUSES,
    CONTINUITY_INDICATORS,
    DAYS_PER_MONTH,
    EPISODE_KINDS,
    MEDIAN,
    NO_DATE,
    OPEN_END,
    CaseData,
    Dense,
    Layout,
    _aggregate,
    _cohort_index,
    _first_per_client,
    day_number,
    group_codes,
    in_paid_work,
)

SIGNAL_AGE_DAYS = 28  # "older than four weeks"
RETENTION_MONTHS = (6, 12)
_STATUS = {name: ACTIVITY_STATUSES.index(name) for name in ACTIVITY_STATUSES}
_ON_THEIR_WAY = [EPISODE_KINDS.index(kind) for kind in ("paid_work", "self_employment", "education")]


def _any_per_client(n: int, client: np.ndarray, mask: np.ndarray) -> np.ndarray:
    result = np.zeros(n, dtype=bool)
    result[client[mask]] = True
    return result


def early_stops(data: CaseData) -> np.ndarray:
    """Per client: guidance stopped early and nothing came after (see the module's definition)."""
    n, as_of = len(data), day_number(data.as_of)
    client, status = data.activity_client, data.activity_status
    closed = (status == _STATUS["completed"]) | (status == _STATUS["stopped_early"])
    last_end = np.full(n, NO_DATE, dtype=np.int64)
    np.maximum.at(last_end, client[closed], data.activity_end[closed])
    ends_last = closed & (data.activity_end == last_end[client])
    stopped_last = _any_per_client(
        n, client, ends_last & (status == _STATUS["stopped_early"]) & ~data.activity_after_care
    )
    pending = _any_per_client(n, client, (status == _STATUS["planned"]) | (status == _STATUS["active"]))
    began_after = _any_per_client(n, client, ~ends_last & (data.activity_start >= last_end[client]))
    on_their_way = _any_per_client(
        n,
        data.episode_client,
        np.isin(data.episode_kind, _ON_THEIR_WAY)
        & (data.episode_start <= as_of)
        & (data.episode_end >= as_of),
    )
    return stopped_last & ~pending & ~began_after & ~on_their_way


def medians(
    layout: Layout,
    area: np.ndarray,
    region: np.ndarray,
    cohort: np.ndarray,
    groups: np.ndarray,
    days: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """``[area, cohort, 1, value]`` median of ``days`` and the number of clients it is the median of.

    ``area`` is each row's position on the area axis, ``region`` its region's index, ``groups`` the
    ``[row, group]`` positions on the value axis (:func:`~werkroute.monitoring.engine.group_codes`).
    """
    n_cohorts, n_values = layout.n_cohorts, layout.n_values
    size = layout.n_areas * n_cohorts * n_values
    median = np.zeros(size)
    # Every row appears once per list of cells; the total (column 0) counts each client once per cell.
    count = np.zeros(size)
    shape = (layout.n_areas, n_cohorts, 1, n_values)
    if not len(days):
        return median.reshape(shape), count.reshape(shape)
    # The rows are sorted by day once. Each list of cells (an area level, a cohort or all cohorts, one
    # group) puts every row in one cell, and the lists' cells are disjoint, so each cell's median comes
    # from one list: a stable sort of the day-ordered rows by their cell in that list orders each cell's
    # days, and its median is read at the middle position. Numbered within the list, the cells fit in
    # 16 bits, which NumPy sorts stably by radix in linear time (84 sorts of all rows by cell and day
    # were most of a national refresh's continuity block).
    by_day = np.argsort(days)
    days = np.asarray(days, dtype=np.int64)[by_day]
    n_regions = layout.n_areas - layout.n_municipalities - 1
    nobody = np.zeros(len(days), dtype=np.int64)
    levels = (
        (np.asarray(area)[by_day], 0, layout.n_municipalities),
        (np.asarray(region)[by_day], layout.n_municipalities, n_regions),
        (nobody, layout.n_areas - 1, 1),
    )
    cohort = np.asarray(cohort)[by_day]
    cohort_lists = ((cohort, 0, n_cohorts - 1), (nobody, n_cohorts - 1, 1))
    columns = []
    for column in range(groups.shape[1]):
        values = np.asarray(groups[:, column], dtype=np.int64)[by_day]
        low = int(values.min())
        columns.append((values - low, low, int(values.max()) - low + 1))
    for where, area_start, n_where in levels:
        for which, cohort_start, n_which in cohort_lists:
            cell = where * n_which + which
            for value, value_start, n_value in columns:
                local = cell * n_value + value
                n_local = n_where * n_which * n_value
                per_cell = np.bincount(local, minlength=n_local)
                order = np.argsort(local.astype(np.uint16) if n_local <= 2**16 else local, kind="stable")
                ordered = days[order]
                present = np.flatnonzero(per_cell)
                starts = (np.cumsum(per_cell) - per_cell)[present]
                middle = per_cell[present]
                lower = ordered[starts + (middle - 1) // 2]
                upper = ordered[starts + middle // 2]
                rest, v = np.divmod(present, n_value)
                w, c = np.divmod(rest, n_which)
                target = ((area_start + w) * n_cohorts + cohort_start + c) * n_values + value_start + v
                if (count[target] > 0).any():
                    raise ValueError("the cells of two lists overlap")
                count[target] = middle
                median[target] = (lower.astype(np.float64) + upper.astype(np.float64)) / 2
    return median.reshape(shape), count.reshape(shape)


def continuity_block(data: CaseData, layout: Layout) -> Dense:
    """The continuity indicators now, per area (where the client lives now), cohort and group."""
    n, as_of = len(data), day_number(data.as_of)
    counted = (data.permit != NO_DATE) & (data.permit <= as_of) & (data.registration <= as_of)
    one = np.ones(n, dtype=bool)
    oldest = data.oldest_open_signal if data.oldest_open_signal is not None else np.full(n, NO_DATE)
    open_long = (oldest != NO_DATE) & (as_of - oldest > SIGNAL_AGE_DAYS)
    started = np.isin(data.activity_status, [_STATUS[s] for s in ("active", "completed", "stopped_early")])
    has_started = _any_per_client(n, data.activity_client, started)
    work_rows = np.isin(data.episode_kind, [0, 1]) & (data.episode_start <= as_of)
    first_work = _first_per_client(n, data.episode_client[work_rows], data.episode_start[work_rows])
    offsets = np.array([round(months * DAYS_PER_MONTH) for months in RETENTION_MONTHS])
    checked = np.where(first_work[:, None] == OPEN_END, OPEN_END, first_work[:, None] + offsets[None, :])
    reached = checked <= as_of
    still_working = in_paid_work(data, np.minimum(checked, as_of).astype(np.int32))
    parts = {
        "open_signal_over_4_weeks": (open_long, one),
        "early_stop": (early_stops(data) & has_started, has_started),
        "after_care_retention_6m": (still_working[:, 0] & reached[:, 0], reached[:, 0]),
        "after_care_retention_12m": (still_working[:, 1] & reached[:, 1], reached[:, 1]),
    }
    rows = np.flatnonzero(counted)
    cohort = _cohort_index(data, layout)[rows]
    area = layout.municipality_order[data.municipality[rows]]
    groups = group_codes(data, layout)[rows]
    names = tuple(name for name, _ in CONTINUITY_INDICATORS)
    counts = [name for name in names if name in parts]
    weights = [values[rows] for name in counts for values in parts[name]]
    sums = _aggregate(layout, area, cohort, groups, weights, 1, np.zeros(len(rows), dtype=np.int64))
    shape = (*sums[0].shape, len(names))
    numerator, denominator = np.zeros(shape), np.zeros(shape)
    for index, name in enumerate(counts):
        numerator[..., names.index(name)] = sums[2 * index]
        denominator[..., names.index(name)] = sums[2 * index + 1]
    has_intake = data.first_intake != NO_DATE
    spans = {
        "days_to_intake_median": (has_intake, data.first_intake - data.registration),
        "days_intake_to_pip_median": (
            has_intake & (data.first_plan != NO_DATE),
            data.first_plan - data.first_intake,
        ),
    }
    region = np.asarray(layout.areas.municipality_region, dtype=np.int64)[data.municipality]
    for name, (known, days) in spans.items():
        assert dict(CONTINUITY_INDICATORS)[name] == MEDIAN
        chosen = known[rows]
        median, count = medians(
            layout,
            area[chosen],
            region[rows][chosen],
            cohort[chosen],
            groups[chosen],
            days[rows][chosen],
        )
        numerator[..., names.index(name)] = median
        denominator[..., names.index(name)] = count
    reachable = np.ones((layout.n_cohorts, 1), dtype=bool)
    return Dense(names, (None,), numerator, denominator, reachable)
