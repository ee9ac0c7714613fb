"""The engine on hand-made data: moves, clients without spells, open spells, empty cohorts."""

import datetime as dt
import subprocess
import sys

import numpy as np

from werkroute.monitoring import engine
from werkroute.monitoring.engine import NO_DATE, OPEN_END, day_number

AS_OF = dt.date(2026, 11, 1)
AREAS = engine.Areas(
    municipality_codes=("GM0001", "GM0002", "GM0003"),
    municipality_names=("Aadorp", "Beekdal", "Cestrum"),
    municipality_region=(0, 1, 0),
    region_codes=("AM01", "AM02"),
    region_names=("Regio Een", "Regio Twee"),
)


def case_data(n: int, **overrides):  # type: ignore[no-untyped-def]
    """``n`` clients in Aadorp with a permit on 2020-03-01 and nothing else, then ``overrides``."""
    permit = day_number(dt.date(2020, 3, 1))
    values = {
        "as_of": AS_OF,
        "municipality": np.zeros(n, dtype=np.int64),
        "permit": np.full(n, permit),
        "registration": np.full(n, permit + 30),
        "birth": np.full(n, day_number(dt.date(1990, 1, 1))),
        "gender": np.zeros(n, dtype=np.int64),
        "route": np.full(n, 3),
        "dutch": np.full(n, 7),
        "vulnerable": np.full(n, 2),
        "first_intake": np.full(n, NO_DATE),
        "first_plan": np.full(n, NO_DATE),
        "pip_deadline_applies": np.zeros(n, dtype=bool),
        "caseworker": np.full(n, -1),
        "episode_client": np.zeros(0, dtype=np.int64),
        "episode_kind": np.zeros(0, dtype=np.int64),
        "episode_start": np.zeros(0, dtype=np.int64),
        "episode_end": np.zeros(0, dtype=np.int64),
        "episode_hours": np.zeros(0),
        "activity_client": np.zeros(0, dtype=np.int64),
        "activity_after_care": np.zeros(0, dtype=bool),
        "activity_status": np.zeros(0, dtype=np.int64),
        "activity_start": np.zeros(0, dtype=np.int64),
        "activity_end": np.zeros(0, dtype=np.int64),
    }
    values.update(overrides)
    return engine.CaseData(**values)


def outcome(data, indicator: str, municipality: str, months: int | None, cohort: int | None = 2020):  # type: ignore[no-untyped-def]
    """(numerator, denominator) before disclosure control, for the total group."""
    data = engine.normalised(data)
    layout = engine.make_layout(AREAS, data)
    block = engine.outcome_block(data, layout)
    _, codes, _ = layout.area_labels()
    area = list(codes).index(municipality)
    c = layout.n_cohorts - 1 if cohort is None else layout.cohorts.index(cohort)
    m = block.months.index(months)
    i = block.indicators.index(indicator)
    return block.numerator[area, c, m, 0, i], block.denominator[area, c, m, 0]


def test_a_client_who_moved_counts_where_they_lived_on_the_reference_day():
    moved_on = day_number(dt.date(2022, 1, 1))
    data = case_data(
        1,
        municipality=np.array([1]),  # lives in Beekdal now
        move_client=np.array([0]),
        move_from=np.array([0]),  # came from Aadorp
        move_on=np.array([moved_on]),
    )
    assert outcome(data, "none_of_these", "GM0001", 12)[1] == 1  # 2021-03: still in Aadorp
    assert outcome(data, "none_of_these", "GM0002", 12)[1] == 0
    assert outcome(data, "none_of_these", "GM0002", 24)[1] == 1  # 2022-03: in Beekdal
    assert outcome(data, "none_of_these", "GM0001", None)[1] == 0
    # Regions follow the municipality: Aadorp is in AM01, Beekdal in AM02; the country has them once.
    assert outcome(data, "none_of_these", "AM01", 12)[1] == 1
    assert outcome(data, "none_of_these", "AM02", 24)[1] == 1
    assert outcome(data, "none_of_these", "NL", 12)[1] == 1


def test_two_moves_use_the_first_move_after_the_reference_day():
    data = case_data(
        1,
        municipality=np.array([2]),
        move_client=np.array([0, 0]),
        move_from=np.array([1, 0]),  # Aadorp -> Beekdal (2021-06) -> Cestrum (2023-06)
        move_on=np.array([day_number(dt.date(2023, 6, 1)), day_number(dt.date(2021, 6, 1))]),
    )
    assert outcome(data, "none_of_these", "GM0001", 12)[1] == 1
    assert outcome(data, "none_of_these", "GM0002", 24)[1] == 1
    assert outcome(data, "none_of_these", "GM0003", 48)[1] == 1


def test_a_client_without_episodes_counts_as_none_of_these():
    data = case_data(1)
    assert outcome(data, "none_of_these", "GM0001", None) == (1, 1)
    assert outcome(data, "in_paid_work", "GM0001", None) == (0, 1)


def test_an_open_spell_counts_on_every_later_reference_day_and_hours_decide_the_12_hour_measure():
    start = day_number(dt.date(2021, 1, 1))
    data = case_data(
        2,
        episode_client=np.array([0, 1]),
        episode_kind=np.array([0, 0]),
        episode_start=np.array([start, start]),
        episode_end=np.array([OPEN_END, day_number(dt.date(2022, 1, 1))]),
        episode_hours=np.array([16.0, 8.0]),
    )
    assert outcome(data, "in_paid_work", "GM0001", 6) == (0, 2)
    assert outcome(data, "in_paid_work", "GM0001", 12) == (2, 2)
    assert outcome(data, "in_paid_work_12h", "GM0001", 12) == (1, 2)
    assert outcome(data, "in_paid_work", "GM0001", None) == (1, 2)
    assert outcome(data, "none_of_these", "GM0001", None) == (1, 2)


def test_months_after_the_reference_date_and_people_of_pension_age_are_not_counted():
    data = case_data(2, birth=np.array([day_number(dt.date(1990, 1, 1)), day_number(dt.date(1956, 6, 1))]))
    assert outcome(data, "none_of_these", "GM0001", 96)[1] == 0  # 2028: after the reference date
    assert outcome(data, "none_of_these", "GM0001", 6)[1] == 2
    assert outcome(data, "none_of_these", "GM0001", 72)[1] == 1  # 2026-03: the second is 65


def test_a_cohort_without_clients_is_listed_and_suppressed():
    permits = np.array([day_number(dt.date(2018, 5, 1))] * 12 + [day_number(dt.date(2020, 3, 1))] * 12)
    data = case_data(24, permit=permits, registration=permits + 10)
    table = engine.compute(data, AREAS).table
    empty = table[(table["cohort"] == 2019) & (table["area_code"] == "GM0001") & (table["group"] == "total")]
    assert len(empty) > 0
    assert empty["suppressed"].all()
    assert empty["numerator"].isna().all() and empty["denominator"].isna().all()
    assert not (table["group"] != "total").pipe(lambda rows: table[rows & (table["cohort"] == 2019)]).shape[0]
    shown = table[(table["cohort"] == 2018) & (table["area_code"] == "GM0001") & (table["group"] == "total")]
    assert (shown["denominator"].dropna() == 12).all()


def test_the_engine_imports_nothing_from_django():
    code = (
        "import sys\n"
        "import werkroute.monitoring.engine, werkroute.monitoring.disclosure, werkroute.monitoring.exports\n"
        "import werkroute.monitoring.survival\n"
        "loaded = sorted(name for name in sys.modules if name == 'django' or name.startswith('django.'))\n"
        "print(loaded)\n"
        "sys.exit(1 if loaded else 0)\n"
    )
    finished = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert finished.returncode == 0, finished.stdout + finished.stderr


def test_a_client_with_two_part_time_jobs_counts_once_and_their_hours_add_up():
    """Two overlapping paid-work spells (allowed since a second job may start beside a first): one person
    in work, and 8 + 8 hours make the 12-hour measure."""
    start = day_number(dt.date(2021, 1, 1))
    data = case_data(
        1,
        episode_client=np.array([0, 0]),
        episode_kind=np.array([0, 0]),
        episode_start=np.array([start, start + 30]),
        episode_end=np.array([OPEN_END, OPEN_END]),
        episode_hours=np.array([8.0, 8.0]),
    )
    assert outcome(data, "in_paid_work", "GM0001", None) == (1, 1)
    assert outcome(data, "in_paid_work_12h", "GM0001", None) == (1, 1)


def test_counts_per_group_equal_adding_every_row_on_its_value_position():
    """``_aggregate`` counts each group in bins of its own values; that must give what adding every
    row's weight on the whole value axis gives, also for a value outside its group (none is made so,
    but it must land where it always did)."""
    rng = np.random.default_rng(11)
    data = engine.normalised(case_data(50, permit=day_number(dt.date(2020, 3, 1)) + rng.integers(0, 900, 50)))
    layout = engine.make_layout(AREAS, data)
    rows, n_months = 400, 3
    area = rng.integers(0, 3, rows)
    cohort = rng.integers(0, layout.n_cohorts - 1, rows)
    month = rng.integers(0, n_months, rows)
    codes = [np.zeros(rows, dtype=np.int64)] + [
        rng.integers(0, len(group.values), rows) for group in layout.groups[1:]
    ]
    codes[-1][::17] = -1  # an unknown target group: one position back, on the previous group's last value
    groups = np.stack([code + offset for code, offset in zip(codes, layout.offsets, strict=True)], axis=1)
    weights = [rng.random(rows) < 0.5, rng.integers(0, 40, rows).astype(np.float64)]
    sums = engine._aggregate(layout, area, cohort, groups, weights, n_months, month)
    for weight, summed in zip(weights, sums, strict=True):
        expected = np.zeros((layout.n_municipalities, layout.n_cohorts, n_months, layout.n_values))
        for column in range(1, groups.shape[1]):
            np.add.at(expected, (area, cohort, month, groups[:, column]), weight.astype(np.float64))
        first = slice(layout.offsets[1], layout.offsets[1] + len(layout.groups[1].values))
        expected[..., 0] = expected[..., first].sum(axis=-1)
        assert np.array_equal(summed[: layout.n_municipalities, :-1], expected[:, :-1])
