"""The monitoring engine: every indicator of every area, cohort and group, computed from flat arrays.

Pure NumPy, pandas and Arrow; nothing here imports Django (a test proves it), so the engine can be benchmarked
and tested on its own. :mod:`werkroute.monitoring.adapter` turns the database into a :class:`CaseData`.

Definitions (``docs/monitoring.md`` has them in words)
    A client belongs to the cohort of their permit year. For a number of months ``m`` since the permit,
    the reference day is ``permit + round(m × 30.4375)`` days (the calibration's month); "now" is the
    day the figures are made (``as_of``). On a reference day a client counts if the day is not after
    ``as_of`` and they are under 65 (CBS counts the population of working age), in the municipality
    where they lived on that day. Status on that day: in paid work (an open paid-work or
    self-employment spell), in work of 12 hours a week or more (hours of those open spells added up;
    self-employment without hours counts as 0), on social assistance, in education, in an activity (one
    that has begun — active, completed or stopped early — and had not ended), or none of these four.

Areas
    Dense arrays are indexed ``[area, cohort, month, group value, indicator]``. Areas are the
    municipalities (ordered so that each region's municipalities are contiguous), then the regions,
    then the country; region and national figures are sums of municipal counts, and the last cohort
    is the sum of all cohorts, so that disclosure control sees exactly the tables' margins.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd
import pyarrow as pa

from werkroute.monitoring import disclosure
from werkroute.monitoring.arrays import any_on, any_rows, frame_of, total_value_axis

EPOCH = dt.date(1970, 1, 1)
DAYS_PER_MONTH = 30.4375
DAYS_PER_YEAR = 365.25
NO_DATE = -(2**30)  # a missing date: before everything (fits the int32 day numbers used inside)
OPEN_END = 2**30  # an open spell: after everything
PENSION_AGE_YEARS = 65
MONTHS = (6, 12, 18, 24, 30, 36, 48, 60, 72, 84, 96)
PIP_DEADLINE_DAYS = 70  # Wet inburgering 2021: ten weeks after registration
WORK_HOURS_THRESHOLD = 12

LEVEL_MUNICIPALITY, LEVEL_REGION, LEVEL_NATIONAL = "municipality", "region", "national"
NATIONAL_CODE, NATIONAL_NAME = "NL", "Nederland"

# Codes the adapter uses for the client attributes.
EPISODE_KINDS = ("paid_work", "self_employment", "education", "social_assistance", "none")
ACTIVITY_STATUSES = ("planned", "active", "completed", "stopped_early", "cancelled")
STARTED_STATUSES = ("active", "completed", "stopped_early")
AFTER_CARE = "after_care"


@dataclass(frozen=True)
class Group:
    code: str
    values: tuple[str, ...]


# Every client has exactly one value of each group (``unknown`` included), so the values of a group
# add up to the total: the margins that secondary suppression has to respect.
GENDERS = ("female", "male", "other", "unknown")
AGE_BANDS = ("under_18", "18-24", "25-34", "35-44", "45-54", "55+")
AGE_BAND_LOWER = (0, 18, 25, 35, 45, 55)
ROUTES = ("B1", "ONDERWIJS", "Z", "none")
DUTCH_LEVELS = ("A0", "A1", "A2", "B1", "B2", "C1", "C2", "unknown")
VULNERABLE = ("yes", "no", "unknown")
TOTAL = "total"
GROUPS = (
    Group(TOTAL, ("",)),
    Group("gender", GENDERS),
    Group("age_band", AGE_BANDS),
    Group("learning_route", ROUTES),
    Group("dutch_level", DUTCH_LEVELS),
    Group("vulnerable", VULNERABLE),
)
# The target group (doelgroep) is a group too, with the values the case data brings: regions add their
# own target groups. Statushouder comes first, so that its index is 0 whatever else exists.
TARGET_GROUP = "target_group"
STATUSHOUDER = "statushouder"


def groups_for(target_groups: Sequence[str]) -> tuple[Group, ...]:
    """Every group of one computation: the fixed ones and the target groups of the case data."""
    return (*GROUPS, Group(TARGET_GROUP, tuple(target_groups)))


OUTCOME_INDICATORS = (
    "in_paid_work",
    "in_paid_work_12h",
    "on_social_assistance",
    "in_education",
    "in_activity",
    "none_of_these",
)
SHARE, MEAN, MEDIAN, RATIO = "share", "mean", "median", "ratio"
# The kinds by number, for the long table's millions of rows (comparing short numbers, not strings).
KINDS = (SHARE, MEAN, MEDIAN, RATIO)
PROCESS_INDICATORS = (
    ("days_to_intake", MEAN),
    ("days_to_pip", MEAN),
    ("pip_within_deadline", SHARE),
    ("days_to_first_activity", MEAN),
    ("active_activity", SHARE),
    ("stopped_before_work", SHARE),
    ("after_care_in_work", SHARE),
    ("caseload_per_caseworker", RATIO),
)
# Does guidance keep going (``monitoring/continuity.py`` computes them; ``docs/monitoring.md`` defines them).
CONTINUITY_INDICATORS = (
    ("open_signal_over_4_weeks", SHARE),
    ("early_stop", SHARE),
    ("days_to_intake_median", MEDIAN),
    ("days_intake_to_pip_median", MEDIAN),
    ("after_care_retention_6m", SHARE),
    ("after_care_retention_12m", SHARE),
)
INDICATOR_KIND = (
    dict.fromkeys(OUTCOME_INDICATORS, SHARE) | dict(PROCESS_INDICATORS) | dict(CONTINUITY_INDICATORS)
)
COLUMNS = (
    "level",
    "area_code",
    "area_name",
    "cohort",
    "months_since_permit",
    "group",
    "group_value",
    "indicator",
    "numerator",
    "denominator",
    "value",
    "suppressed",
)


def day_number(value: dt.date) -> int:
    return (value - EPOCH).days


@dataclass(frozen=True)
class Areas:
    """Municipalities with their region. Indexes in :class:`CaseData` point into these sequences."""

    municipality_codes: Sequence[str]
    municipality_names: Sequence[str]
    municipality_region: Sequence[int]
    region_codes: Sequence[str]
    region_names: Sequence[str]


@dataclass
class CaseData:
    """The case data monitoring needs, one array element per client or per row.

    Dates are day numbers since 1970-01-01 (:data:`NO_DATE` when missing, :data:`OPEN_END` for an open
    end). Codes index the tuples of this module (-1: unknown or none). Row tables (episodes, activities,
    moves) point at clients by index.
    """

    as_of: dt.date
    municipality: np.ndarray  # where the client lives now
    permit: np.ndarray
    registration: np.ndarray
    birth: np.ndarray
    gender: np.ndarray  # index into GENDERS
    route: np.ndarray  # current plan's route, index into ROUTES (3 = none)
    dutch: np.ndarray  # lowest of the four skills at intake, 0-6; 7 = no intake
    vulnerable: np.ndarray  # index into VULNERABLE
    first_intake: np.ndarray
    first_plan: np.ndarray
    pip_deadline_applies: np.ndarray  # bool
    caseworker: np.ndarray  # a caseworker id, -1 for none
    episode_client: np.ndarray
    episode_kind: np.ndarray  # index into EPISODE_KINDS
    episode_start: np.ndarray
    episode_end: np.ndarray
    episode_hours: np.ndarray
    activity_client: np.ndarray
    activity_after_care: np.ndarray  # bool: the activity is after-care
    activity_status: np.ndarray  # index into ACTIVITY_STATUSES
    activity_start: np.ndarray
    activity_end: np.ndarray
    move_client: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    move_from: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    move_on: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    # Index into ``target_groups``; None: everyone is a statushouder.
    target_group: np.ndarray | None = None
    target_groups: tuple[str, ...] = (STATUSHOUDER,)
    # Day the oldest continuity signal open on ``as_of`` was raised (NO_DATE: none); None: no signals known.
    oldest_open_signal: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.municipality)


@dataclass
class Dense:
    """One block of indicators as dense arrays: ``numerator[a, c, m, v, i]`` and its denominator."""

    indicators: tuple[str, ...]
    months: tuple[int | None, ...]  # None: now
    numerator: np.ndarray
    denominator: np.ndarray
    reachable: np.ndarray  # [c, m]: the cohort had reached the month by as_of


DATE_FIELDS = (
    "permit",
    "registration",
    "birth",
    "first_intake",
    "first_plan",
    "episode_start",
    "episode_end",
    "activity_start",
    "activity_end",
    "move_on",
    "oldest_open_signal",
)


def normalised(data: CaseData) -> CaseData:
    """The same data with day numbers as int32 and indexes as int64: half the memory traffic where the
    work is (comparing days), exact indexes where arrays are addressed."""
    changes: dict[str, np.ndarray] = {}
    for item in dataclasses.fields(data):
        value = getattr(data, item.name)
        if item.name == "oldest_open_signal" and value is None:
            value = np.full(len(data.municipality), NO_DATE)
        if item.name in DATE_FIELDS:
            changes[item.name] = np.clip(np.asarray(value, dtype=np.int64), NO_DATE, OPEN_END).astype(
                np.int32
            )
        elif item.name in ("municipality", "episode_client", "activity_client", "move_client", "move_from"):
            changes[item.name] = np.asarray(value, dtype=np.int64)
    target_group = data.target_group
    changes["target_group"] = (
        np.zeros(len(data.municipality), dtype=np.int64)
        if target_group is None
        else np.asarray(target_group, dtype=np.int64)
    )
    return dataclasses.replace(data, **changes)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------------------
# Per client: where they lived and what they did on the reference days
# ---------------------------------------------------------------------------------------------------------
def reference_days(data: CaseData, months: Sequence[int | None]) -> np.ndarray:
    """``[client, month]`` reference day; ``as_of`` for None."""
    as_of = day_number(data.as_of)
    offsets = np.array([0 if m is None else round(m * DAYS_PER_MONTH) for m in months], dtype=np.int32)
    days = data.permit[:, None] + offsets[None, :]
    now = np.array([m is None for m in months])
    days[:, now] = as_of
    return days


def municipality_on(data: CaseData, days: np.ndarray) -> np.ndarray:
    """``[client, month]`` municipality index on each reference day.

    A move on day d means the client lived in ``move_from`` before d. For a day, the earliest move after
    it names where the client lived; moves are applied latest first so that the earliest wins.
    """
    where = np.repeat(data.municipality[:, None], days.shape[1], axis=1)
    if len(data.move_client) == 0:
        return where
    order = np.lexsort((-data.move_on, data.move_client))
    clients, moved_on, came_from = data.move_client[order], data.move_on[order], data.move_from[order]
    for client, on, origin in zip(clients.tolist(), moved_on.tolist(), came_from.tolist(), strict=True):
        before = days[client] < on
        where[client, before] = origin
    return where


def _work_open_on(data: CaseData, days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The paid-work and self-employment rows and ``[row, month]``: open on the client's reference day."""
    work = np.flatnonzero((data.episode_kind == 0) | (data.episode_kind == 1))
    client = data.episode_client[work]
    client_days = days[client]
    open_on = (data.episode_start[work, None] <= client_days) & (data.episode_end[work, None] >= client_days)
    return work, open_on


def in_paid_work(data: CaseData, days: np.ndarray) -> np.ndarray:
    """``[client, month]``: in paid work (an open paid-work or self-employment spell) on the days."""
    n, n_months = days.shape
    work, open_on = _work_open_on(data, days)
    return any_on(n, n_months, data.episode_client[work], open_on)


def status_flags(data: CaseData, days: np.ndarray) -> dict[str, np.ndarray]:
    """``[client, month]`` booleans of the outcome indicators on the reference days."""
    n, n_months = days.shape
    flags: dict[str, np.ndarray] = {}
    # Each kind of spell is compared with the days only on its own rows.
    work, open_on = _work_open_on(data, days)
    work_client = data.episode_client[work]
    flags["in_paid_work"] = any_on(n, n_months, work_client, open_on)
    # Hours of the open spells added up per client and day: a count of bins in the order of the spells,
    # as adding them one by one did.
    hit = np.flatnonzero(open_on)
    row = hit // n_months
    hours = np.bincount(
        work_client[row] * n_months + hit % n_months,
        weights=data.episode_hours[work][row],
        minlength=n * n_months,
    ).reshape(n, n_months)
    flags["in_paid_work_12h"] = hours >= WORK_HOURS_THRESHOLD
    for name, kind in (("on_social_assistance", 3), ("in_education", 2)):
        rows = np.flatnonzero(data.episode_kind == kind)
        client = data.episode_client[rows]
        client_days = days[client]
        open_on = (data.episode_start[rows, None] <= client_days) & (
            data.episode_end[rows, None] >= client_days
        )
        flags[name] = any_on(n, n_months, client, open_on)
    started = np.flatnonzero(
        np.isin(data.activity_status, [ACTIVITY_STATUSES.index(s) for s in STARTED_STATUSES])
    )
    status = data.activity_status[started]
    # An activity still marked active runs until it is closed, whatever end date was planned.
    end = np.where(status == ACTIVITY_STATUSES.index("active"), OPEN_END, data.activity_end[started])
    client = data.activity_client[started]
    client_days = days[client]
    in_activity = (data.activity_start[started, None] <= client_days) & (end[:, None] >= client_days)
    flags["in_activity"] = any_on(n, n_months, client, in_activity)
    flags["none_of_these"] = ~(
        flags["in_paid_work"] | flags["on_social_assistance"] | flags["in_education"] | flags["in_activity"]
    )
    return flags


def eligible(data: CaseData, days: np.ndarray) -> np.ndarray:
    """``[client, month]``: counted on that reference day (permit known, day reached, under 65)."""
    as_of = day_number(data.as_of)
    has_permit = (data.permit != NO_DATE) & (data.permit <= as_of)
    under_pension_age = (days - data.birth[:, None]) < PENSION_AGE_YEARS * DAYS_PER_YEAR
    return has_permit[:, None] & (days <= as_of) & under_pension_age


def group_codes(data: CaseData, layout: Layout) -> np.ndarray:
    """``[client, group]``: each client's position on the group-value axis, one column per group."""
    age_years = (data.permit - data.birth) / DAYS_PER_YEAR
    age_band = np.searchsorted(np.array(AGE_BAND_LOWER[1:]), age_years, side="right")
    codes = [
        np.zeros(len(data), dtype=np.int64),
        data.gender,
        age_band,
        data.route,
        data.dutch,
        data.vulnerable,
        data.target_group,
    ]
    return np.stack(
        [
            np.asarray(code, dtype=np.int64) + offset
            for code, offset in zip(codes, layout.offsets, strict=True)
        ],
        axis=1,
    )


# ---------------------------------------------------------------------------------------------------------
# Aggregation
# ---------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Layout:
    """The area and cohort axes: municipalities ordered by region, then regions, then the country."""

    areas: Areas
    municipality_order: np.ndarray  # position on the area axis of each municipality index
    cohorts: tuple[int, ...]
    groups: tuple[Group, ...] = GROUPS

    @cached_property
    def offsets(self) -> tuple[int, ...]:
        """Position of each group's first value on the group-value axis."""
        return tuple(int(x) for x in np.cumsum([0, *(len(group.values) for group in self.groups)])[:-1])

    @property
    def n_values(self) -> int:
        return sum(len(group.values) for group in self.groups)

    @property
    def value_codes(self) -> tuple[str, ...]:
        return tuple(value for group in self.groups for value in group.values)

    @property
    def value_groups(self) -> tuple[str, ...]:
        return tuple(group.code for group in self.groups for _ in group.values)

    @property
    def n_municipalities(self) -> int:
        return len(self.areas.municipality_codes)

    @property
    def n_areas(self) -> int:
        return self.n_municipalities + len(self.areas.region_codes) + 1

    @property
    def n_cohorts(self) -> int:
        return len(self.cohorts) + 1  # the last one: all cohorts

    def area_labels(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Level, code and name of each position on the area axis."""
        by_position = np.argsort(self.municipality_order)
        codes = [
            *np.asarray(self.areas.municipality_codes, dtype=object)[by_position],
            *self.areas.region_codes,
            NATIONAL_CODE,
        ]
        names = [
            *np.asarray(self.areas.municipality_names, dtype=object)[by_position],
            *self.areas.region_names,
            NATIONAL_NAME,
        ]
        levels = (
            [LEVEL_MUNICIPALITY] * self.n_municipalities
            + [LEVEL_REGION] * len(self.areas.region_codes)
            + [LEVEL_NATIONAL]
        )
        return np.array(levels, dtype=object), np.array(codes, dtype=object), np.array(names, dtype=object)

    def area_relations(self) -> list[tuple[int, list[int]]]:
        """Each region is the sum of its municipalities, the country the sum of the regions."""
        regions = np.asarray(self.areas.municipality_region, dtype=np.int64)
        relations = []
        for region in range(len(self.areas.region_codes)):
            parts = sorted(self.municipality_order[regions == region].tolist())
            relations.append((self.n_municipalities + region, parts))
        region_positions = list(
            range(self.n_municipalities, self.n_municipalities + len(self.areas.region_codes))
        )
        relations.append((self.n_areas - 1, region_positions))
        return relations


def make_layout(areas: Areas, data: CaseData) -> Layout:
    regions = np.asarray(areas.municipality_region, dtype=np.int64)
    order = np.empty(len(regions), dtype=np.int64)
    order[np.lexsort((np.arange(len(regions)), regions))] = np.arange(len(regions))
    years = _permit_years(data)
    first = int(years.min()) if len(years) else data.as_of.year
    return Layout(areas, order, tuple(range(first, data.as_of.year + 1)), groups_for(data.target_groups))


def _permit_years(data: CaseData) -> np.ndarray:
    known = data.permit[(data.permit != NO_DATE) & (data.permit <= day_number(data.as_of))]
    return known.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970


def _roll_up(counts: np.ndarray, layout: Layout) -> np.ndarray:
    """From ``[municipality position, cohort, ...]`` counts to all areas and the all-cohorts total."""
    n_mun = layout.n_municipalities
    shape = (layout.n_areas, *counts.shape[1:])
    result = np.zeros(shape, dtype=counts.dtype)
    result[:n_mun] = counts
    for total, parts in layout.area_relations():
        result[total] = result[parts].sum(axis=0)
    result[:, -1] = result[:, :-1].sum(axis=1)
    return result


def _cohort_index(data: CaseData, layout: Layout) -> np.ndarray:
    years = np.full(len(data), -1, dtype=np.int64)
    known = (data.permit != NO_DATE) & (data.permit <= day_number(data.as_of))
    years[known] = _permit_years(data) - layout.cohorts[0]
    return years


def _aggregate(
    layout: Layout,
    area: np.ndarray,
    cohort: np.ndarray,
    groups: np.ndarray,
    weights: Sequence[np.ndarray],
    n_months: int,
    month: np.ndarray,
) -> list[np.ndarray]:
    """Sum each of ``weights`` (one value per counted client-month) into ``[area, cohort, month, value]``.

    ``area``, ``cohort`` and ``month`` are per counted row; ``groups`` is ``[row, group]``. The total
    is the sum of the first group's values (every client has exactly one), so it is not counted twice.
    """
    n_cohorts = layout.n_cohorts
    n_values = layout.n_values
    n_cells = layout.n_municipalities * n_cohorts * n_months
    cell = (area * n_cohorts + cohort) * n_months + month
    sums = [np.zeros((n_cells, n_values)) for _ in weights]
    # The rows a flag counts, found once and taken by position for every group: NumPy copies by a
    # list of positions several times faster than by a mask of millions of booleans.
    chosen = [
        None if weight.dtype != bool else slice(None) if weight.all() else np.flatnonzero(weight)
        for weight in weights
    ]
    for column in range(1, groups.shape[1]):
        # Each group is counted in bins of its own values only, a few per cell: a small array that
        # stays in the processor's cache, where bins of all values were megabytes per count.
        start = layout.offsets[column]
        width = len(layout.groups[column].values)
        value = groups[:, column] - start
        if len(value) and (value.min() < 0 or value.max() >= width):
            # A value outside its group (none is made so) lands where it always did: on the position
            # its number gives on the whole value axis.
            key, bins, values = cell * n_values + groups[:, column], n_cells * n_values, slice(None)
        else:
            key, bins, values = cell * width + value, n_cells * width, slice(start, start + width)
        for weight, rows, summed in zip(weights, chosen, sums, strict=True):
            if rows is not None:  # counting is much faster than adding weights
                counted = np.bincount(key if isinstance(rows, slice) else key.take(rows), minlength=bins)
            else:
                counted = np.bincount(key, weights=weight, minlength=bins)
            summed[:, values] += counted.reshape(n_cells, -1)
    results = []
    for summed in sums:
        counts = summed.reshape(layout.n_municipalities, n_cohorts, n_months, n_values)
        first = slice(layout.offsets[1], layout.offsets[1] + len(layout.groups[1].values))
        counts[..., 0] = counts[..., first].sum(axis=-1)
        results.append(_roll_up(counts, layout))
    return results


def _reachable(layout: Layout, months: Sequence[int | None], as_of: dt.date) -> np.ndarray:
    """``[cohort, month]``: the earliest permit of the cohort year had reached the month by as_of."""
    as_of_day = day_number(as_of)
    result = np.zeros((layout.n_cohorts, len(months)), dtype=bool)
    for c, year in enumerate(layout.cohorts):
        first = day_number(dt.date(year, 1, 1))
        for m, month in enumerate(months):
            result[c, m] = month is None or first + round(month * DAYS_PER_MONTH) <= as_of_day
    result[-1] = result[:-1].any(axis=0) | np.array([m is None for m in months])
    return result


def outcome_block(data: CaseData, layout: Layout) -> Dense:
    months: tuple[int | None, ...] = (None, *MONTHS)
    days = reference_days(data, months)
    counted = eligible(data, days)
    flags = status_flags(data, days)
    where = layout.municipality_order[municipality_on(data, days)]
    cohort = _cohort_index(data, layout)
    # Client-months by their flat position: taking by one list of positions is much cheaper than
    # indexing by a pair of them.
    counted_at = np.flatnonzero(counted)
    client, month = np.divmod(counted_at, len(months))
    weights = [np.ones(len(client), dtype=bool)] + [
        flags[name].ravel().take(counted_at) for name in OUTCOME_INDICATORS
    ]
    sums = _aggregate(
        layout,
        where.ravel().take(counted_at),
        cohort.take(client),
        group_codes(data, layout).take(client, axis=0),
        weights,
        len(months),
        month,
    )
    denominator = sums[0]
    numerator = np.stack(sums[1:], axis=-1)
    return Dense(OUTCOME_INDICATORS, months, numerator, denominator, _reachable(layout, months, data.as_of))


def _first_per_client(n: int, client: np.ndarray, day: np.ndarray) -> np.ndarray:
    first = np.full(n, OPEN_END, dtype=np.int32)
    np.minimum.at(first, client, day)
    return first


def process_block(data: CaseData, layout: Layout) -> Dense:
    """The process indicators now, per area (where the client lives now), cohort and group."""
    n = len(data)
    as_of = day_number(data.as_of)
    counted = (data.permit != NO_DATE) & (data.permit <= as_of) & (data.registration <= as_of)
    started_status = np.isin(data.activity_status, [ACTIVITY_STATUSES.index(s) for s in STARTED_STATUSES])
    first_activity = _first_per_client(
        n, data.activity_client[started_status], data.activity_start[started_status]
    )
    has_started = first_activity != OPEN_END
    work_rows = np.isin(data.episode_kind, [0, 1]) & (data.episode_start <= as_of)
    first_work = _first_per_client(n, data.episode_client[work_rows], data.episode_start[work_rows])
    stopped = data.activity_status == ACTIVITY_STATUSES.index("stopped_early")
    stopped_client = data.activity_client[stopped]
    stopped_before = np.zeros(n, dtype=bool)
    stopped_before[stopped_client[data.activity_end[stopped] < first_work[stopped_client]]] = True
    after_care = started_status & data.activity_after_care
    had_after_care = np.zeros(n, dtype=bool)
    had_after_care[data.activity_client[after_care]] = True
    in_work_now = in_paid_work(data, np.full((n, 1), as_of, dtype=np.int32))[:, 0]
    has_intake = data.first_intake != NO_DATE
    has_plan = data.first_plan != NO_DATE
    deadline = data.registration + PIP_DEADLINE_DAYS
    deadline_counts = data.pip_deadline_applies & (has_plan | (deadline < as_of))
    one = np.ones(n, dtype=bool)
    # (numerator, denominator) per indicator, per client; the denominator says who is counted at all.
    parts = {
        "days_to_intake": (np.where(has_intake, data.first_intake - data.registration, 0), has_intake),
        "days_to_pip": (np.where(has_plan, data.first_plan - data.registration, 0), has_plan),
        "pip_within_deadline": (deadline_counts & has_plan & (data.first_plan <= deadline), deadline_counts),
        "days_to_first_activity": (np.where(has_started, first_activity - data.registration, 0), has_started),
        "active_activity": (
            any_rows(n, data.activity_client, data.activity_status == ACTIVITY_STATUSES.index("active")),
            one,
        ),
        "stopped_before_work": (stopped_before & has_started, has_started),
        "after_care_in_work": (in_work_now & had_after_care, in_work_now),
        "caseload_per_caseworker": (data.caseworker >= 0, np.zeros(n, dtype=bool)),
    }
    rows = np.flatnonzero(counted)
    cohort = _cohort_index(data, layout)[rows]
    area = layout.municipality_order[data.municipality[rows]]
    weights = []
    for name, _kind in PROCESS_INDICATORS:
        numerator, denominator = parts[name]
        numerator = numerator if numerator.dtype == bool else numerator.astype(np.float64)
        weights += [numerator[rows], denominator[rows]]
    sums = _aggregate(
        layout, area, cohort, group_codes(data, layout)[rows], weights, 1, np.zeros(len(rows), dtype=np.int64)
    )
    numerator = np.stack(sums[0::2], axis=-1)
    denominator = np.stack(sums[1::2], axis=-1)
    caseload = PROCESS_INDICATORS.index(("caseload_per_caseworker", RATIO))
    denominator[..., caseload] = 0
    denominator[:, -1, 0, 0, caseload] = _caseworkers_per_area(data, layout, rows)
    reachable = np.ones((layout.n_cohorts, 1), dtype=bool)
    return Dense(tuple(name for name, _ in PROCESS_INDICATORS), (None,), numerator, denominator, reachable)


def _caseworkers_per_area(data: CaseData, layout: Layout, rows: np.ndarray) -> np.ndarray:
    """Distinct caseworkers per municipality (a caseworker of two municipalities counts in both), summed
    up to regions and the country."""
    with_caseworker = rows[data.caseworker[rows] >= 0]
    pairs = np.unique(data.municipality[with_caseworker] * (2**40) + data.caseworker[with_caseworker])
    counts = np.bincount(
        layout.municipality_order[pairs // (2**40)], minlength=layout.n_municipalities
    ).astype(np.float64)
    result = np.zeros(layout.n_areas)
    result[: layout.n_municipalities] = counts
    for total, parts in layout.area_relations():
        result[total] = result[parts].sum()
    return result


# ---------------------------------------------------------------------------------------------------------
# The long table
# ---------------------------------------------------------------------------------------------------------
@dataclass
class Result:
    """All indicators as one long table (columns :data:`COLUMNS`; each block of indicators ordered by
    area), disclosure control applied. Kept as Arrow, which stores it without conversion; ``table`` is the same as a
    pandas frame, made when first asked for."""

    arrow: pa.Table
    as_of: dt.date
    cohorts: tuple[int, ...]

    @cached_property
    def table(self) -> pd.DataFrame:
        return frame_of(self.arrow)


def compute(data: CaseData, areas: Areas) -> Result:
    """Every indicator for every area, cohort and group, with small cells suppressed (see
    :mod:`werkroute.monitoring.disclosure`). The table never holds a count below the threshold."""
    # The continuity block builds on this module's arrays and aggregation, so it is imported here.
    from werkroute.monitoring.continuity import continuity_block

    data = normalised(data)
    layout = make_layout(areas, data)

    def rows_of(block: Callable[[CaseData, Layout], Dense]) -> dict[str, np.ndarray]:
        return _rows(block(data, layout), layout)

    # The blocks share nothing they change and NumPy lets go of Python's lock in its loops: the outcome
    # block (half the work) beside the other two, for a fifth less wall time and a quarter more processor.
    with ThreadPoolExecutor(max_workers=min(2, os.cpu_count() or 1)) as pool:
        parts = list(pool.map(rows_of, (outcome_block, process_block, continuity_block)))
    columns = {name: np.concatenate([part[name] for part in parts]) for name in parts[0]}
    return Result(_arrow(columns, layout), data.as_of, layout.cohorts)


ALL_MONTHS: tuple[int | None, ...] = (None, *MONTHS)
ALL_INDICATORS = (
    *OUTCOME_INDICATORS,
    *(name for name, _ in PROCESS_INDICATORS),
    *(name for name, _ in CONTINUITY_INDICATORS),
)


def _rows(block: Dense, layout: Layout) -> dict[str, np.ndarray]:
    """The emitted cells of one block as flat columns of positions and numbers."""
    kinds = np.array([INDICATOR_KIND[name] for name in block.indicators])
    numerator, denominator = block.numerator, block.denominator
    shared_denominator = denominator.ndim == numerator.ndim - 1
    if shared_denominator:
        denominator = denominator[..., None]
    hide_numerator, hide_denominator = disclosure.protect(
        numerator, denominator, kinds, axes_relations=relations(layout)
    )
    keep = block.reachable[None, :, :, None, None] & (
        (denominator > 0) | total_value_axis(layout.n_values)[None, None, None, :, None]
    )
    keep = np.broadcast_to(keep, numerator.shape)
    is_caseload = np.array([name == "caseload_per_caseworker" for name in block.indicators])
    if is_caseload.any():
        keep = keep.copy()
        only_totals = np.zeros(numerator.shape[1:4], dtype=bool)
        only_totals[-1, :, 0] = True
        keep[..., is_caseload] &= only_totals[..., None]
    flat = np.flatnonzero(keep)
    # Positions taken apart by division, in 32 bits where they fit: the outcome block emits millions
    # of rows, and 64-bit index arrays of each axis were hundreds of megabytes for the kernel to map.
    position = flat.astype(np.int32) if keep.size < 2**31 else flat
    cell, i = np.divmod(position, keep.shape[4])
    rest, v = np.divmod(cell, keep.shape[3])
    rest, m = np.divmod(rest, keep.shape[2])
    a, c = np.divmod(rest, keep.shape[1])
    a, c, m, v, i = (index.astype(np.int32, copy=False) for index in (a, c, m, v, i))
    # A shared denominator is read where it is (one per cell), not spread over the indicators first.
    at = cell if shared_denominator else flat
    d = denominator.ravel()[at]
    hide_d = hide_denominator.ravel()[at] | (d == 0)
    # Emitted rows of an empty group (a cohort without clients) say so by being suppressed, not by a 0.
    return {
        "area": a,
        "cohort": c,
        "month": np.array([ALL_MONTHS.index(month) for month in block.months], dtype=np.int32)[m],
        "value_position": v,
        "indicator": np.array([ALL_INDICATORS.index(name) for name in block.indicators], dtype=np.int32)[i],
        "kind": np.array([KINDS.index(kind) for kind in kinds], dtype=np.int8)[i],
        "numerator": numerator.ravel()[flat],
        "denominator": d,
        "hide_numerator": hide_numerator.ravel()[flat] | (d == 0),
        "hide_denominator": hide_d,
    }


def relations(layout: Layout) -> dict[int, list[tuple[int, list[int]]]]:
    """The sums of the dense arrays, by axis: areas, cohorts and group values."""
    return {
        0: layout.area_relations(),
        1: [(layout.n_cohorts - 1, list(range(layout.n_cohorts - 1)))],
        3: [
            (0, list(range(offset, offset + len(group.values))))
            for offset, group in zip(layout.offsets[1:], layout.groups[1:], strict=True)
        ],
    }


def _arrow(columns: dict[str, np.ndarray], layout: Layout) -> pa.Table:
    """The long table as Arrow columns straight from the arrays (no copy through pandas)."""
    levels, codes, names = layout.area_labels()
    n, d = columns["numerator"], columns["denominator"]
    hidden_n, hidden_d = columns["hide_numerator"], columns["hide_denominator"]
    with np.errstate(divide="ignore", invalid="ignore"):
        raw = np.where(d > 0, d, 1)
        np.divide(n, raw, out=raw)
    # A median is no ratio: its numerator holds the median itself (the denominator, the people counted).
    median = columns["kind"] == KINDS.index(MEDIAN)
    raw[median] = n[median]
    value = np.round(raw, 4)
    not_share = columns["kind"] != KINDS.index(SHARE)
    value[not_share] = np.round(raw[not_share], 1)
    del raw
    cohort_labels = np.array([*layout.cohorts, 0], dtype=np.int64)
    month_labels = np.array([0 if m is None else m for m in ALL_MONTHS], dtype=np.int64)
    area = columns["area"]

    def categorical(positions: np.ndarray, labels: Sequence[str] | np.ndarray) -> pa.DictionaryArray:
        # Codes into a fixed list of labels; may repeat labels (area names), so factorise the labels once.
        unique, inverse = np.unique(np.asarray(labels, dtype=object).astype(str), return_inverse=True)
        return pa.DictionaryArray.from_arrays(
            pa.array(inverse.astype(np.int32)[positions]), pa.array(unique.tolist(), type=pa.string())
        )

    def integers(values: np.ndarray, missing: np.ndarray) -> pa.Array:
        return pa.array(values, type=pa.int64(), mask=missing)

    return pa.table(
        {
            "level": categorical(area, levels),
            "area_code": categorical(area, codes),
            "area_name": categorical(area, names),
            "cohort": integers(cohort_labels[columns["cohort"]], columns["cohort"] == layout.n_cohorts - 1),
            "months_since_permit": integers(month_labels[columns["month"]], columns["month"] == 0),
            "group": categorical(columns["value_position"], layout.value_groups),
            "group_value": categorical(columns["value_position"], layout.value_codes),
            "indicator": categorical(columns["indicator"], ALL_INDICATORS),
            "numerator": integers(np.round(n).astype(np.int64), hidden_n),
            "denominator": integers(np.round(d).astype(np.int64), hidden_d),
            "value": pa.array(value, type=pa.float64(), mask=hidden_n | (d == 0)),
            "suppressed": pa.array(hidden_n, type=pa.bool_()),
        }
    )
