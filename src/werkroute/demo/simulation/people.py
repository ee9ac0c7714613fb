"""Stage 1: who they are — birth, origin, education, household, permit and registration."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from werkroute.demo.simulation.calibration import (
    CIRCUMSTANCES,
    DAYS_PER_MONTH,
    DAYS_PER_YEAR,
    HOUSEHOLDS,
    ROUTE_B1,
    ROUTE_ONDERWIJS,
    ROUTE_Z,
    Calibration,
)
from werkroute.demo.simulation.composition import (
    COHORT_SIZE,
    HOUSEHOLD_MIX,
    ISCED_MIX,
    MALE_SHARE,
    NATIONALITY_MIX,
)
from werkroute.demo.simulation.rows import _categorical, _day, _nearest_period, cohort_factor


# ---------------------------------------------------------------------------------------------------------
# Stage 1: who they are
# ---------------------------------------------------------------------------------------------------------
@dataclass
class _People:
    n: int
    cohort: np.ndarray
    permit: np.ndarray  # absolute day numbers
    horizon: np.ndarray  # today, in days since the permit
    registration: np.ndarray  # days since the permit (as all *_rel below)
    nationality: np.ndarray  # index into NATIONALITIES
    female: np.ndarray
    age: np.ndarray  # whole years at the permit
    birth: np.ndarray  # absolute day number
    household: np.ndarray
    isced: np.ndarray
    circumstances: np.ndarray  # (n, len(CIRCUMSTANCES)) bool
    route: np.ndarray
    first_intake: np.ndarray
    first_plan: np.ndarray
    course_start: np.ndarray
    dutch_start: np.ndarray
    dutch_days_per_level: np.ndarray
    dutch_cap: np.ndarray
    education_start: np.ndarray  # -1: no education spell
    education_end: np.ndarray
    education_completed: np.ndarray
    multiplier: np.ndarray

    def dutch_level(self, who: np.ndarray, day: np.ndarray) -> np.ndarray:
        """Continuous Dutch level (0 = A0, 3 = B1) of people ``who`` on ``day`` days since their permit."""
        progress = np.maximum(0, day - self.course_start[who]) / self.dutch_days_per_level[who]
        return np.minimum(self.dutch_cap[who], self.dutch_start[who] + progress)


def _draw_people(
    rng: np.random.Generator, n: int, cohorts: tuple[int, int], today: dt.date, cal: Calibration
) -> _People:
    today_day = _day(today)
    latest_permit = today_day - 30
    years = np.array(
        [year for year in range(cohorts[0], cohorts[1] + 1) if _day(dt.date(year, 1, 1)) <= latest_permit]
    )
    if len(years) == 0:
        raise ValueError(f"no cohort in {cohorts} lies before {today}")
    sizes = np.array([COHORT_SIZE.get(int(year), 25) for year in years], dtype=float)
    year_index = rng.choice(len(years), size=n, p=sizes / sizes.sum())
    cohort = years[year_index]
    first_day = np.array([_day(dt.date(int(year), 1, 1)) for year in years])[year_index]
    last_day = np.minimum(np.array([_day(dt.date(int(year), 12, 31)) for year in years]), latest_permit)[
        year_index
    ]
    permit = first_day + np.floor(rng.random(n) * (last_day - first_day + 1)).astype(np.int64)
    horizon = today_day - permit

    mix = np.array([_nearest_period(NATIONALITY_MIX, int(year)) for year in years])[year_index]
    nationality = _categorical(rng, mix)
    female = rng.random(n) > np.asarray(MALE_SHARE)[nationality]

    # Ages 18-60 at the permit, skewed young (median about 29).
    age_float = 18 + rng.gamma(2.0, 6.5, n)
    too_old = age_float >= 61
    age_float[too_old] = rng.uniform(18, 61, too_old.sum())
    age = np.floor(age_float).astype(np.int64)
    birth = permit - np.floor((age + rng.random(n)) * DAYS_PER_YEAR).astype(np.int64)

    # Waiting in the reception centre for a home: longer since the housing shortage of 2022.
    wait_scale = np.where(cohort >= 2022, 75.0, 45.0)
    registration = np.minimum(14 + np.floor(rng.gamma(2.0, wait_scale)).astype(np.int64), 600)
    registration = np.minimum(registration, horizon)

    household_table = np.array(
        [HOUSEHOLD_MIX[(sex, older)] for sex in ("male", "female") for older in (0, 1)]
    )
    household = _categorical(rng, household_table[female * 2 + (age >= 25)])

    isced = _categorical(rng, np.asarray(ISCED_MIX)[nationality])
    isced = np.where(female & (rng.random(n) < 0.25), np.maximum(isced - 1, 0), isced)

    circumstances = np.zeros((n, len(CIRCUMSTANCES)), dtype=bool)
    with_children = np.isin(
        household, [HOUSEHOLDS.index("single_parent"), HOUSEHOLDS.index("couple_with_children")]
    )
    chance = {
        "physical_health": 0.06 + 0.006 * (age - 18),
        "mental_health": np.full(n, 0.15),
        "childcare": np.where(female & with_children, 0.55, np.where(with_children, 0.05, 0.0)),
        "debts": np.full(n, 0.08),
        "housing": np.where(cohort >= 2022, 0.18, 0.08),
        "family_reunification": np.where(household == HOUSEHOLDS.index("family_reunification"), 1.0, 0.02),
        "transport": np.full(n, 0.08),
        "literacy": np.select([isced == 0, isced == 1], [0.8, 0.3], 0.02),
    }
    for column, name in enumerate(CIRCUMSTANCES):
        circumstances[:, column] = rng.random(n) < chance[name]
    literacy = circumstances[:, CIRCUMSTANCES.index("literacy")]
    health = circumstances[:, :2].any(axis=1)

    age_at_registration = age + registration / DAYS_PER_YEAR
    z_chance = np.select(
        [literacy & (age_at_registration >= 40), age_at_registration >= 55, health], [0.6, 0.5, 0.2], 0.04
    )
    onderwijs_chance = np.where(
        age_at_registration < 28, np.select([isced >= 3, isced == 2], [0.35, 0.2], 0.0), 0.0
    )
    draw = rng.random(n)
    route = np.select(
        [draw < z_chance, draw < z_chance + onderwijs_chance], [ROUTE_Z, ROUTE_ONDERWIJS], ROUTE_B1
    )

    # PIP within the legal ten weeks for most (more often since the Wet inburgering 2021), late for some.
    on_time = rng.random(n) < np.where(cohort >= 2022, 0.82, 0.68)
    plan_delay = np.where(
        on_time, rng.integers(21, 71, n), 71 + np.floor(rng.gamma(2.0, 40.0, n)).astype(np.int64)
    )
    first_plan = registration + plan_delay
    first_intake = registration + np.floor(plan_delay * rng.uniform(0.15, 0.7, n)).astype(np.int64)
    course_start = first_plan + rng.integers(7, 61, n)

    # Dutch: months per CEFR step by education, slower with age and low literacy; a cap per route.
    months_per_level = np.asarray((20.0, 16.0, 12.5, 10.0, 9.5, 8.5, 7.5, 7.0))[isced]
    months_per_level *= np.select([age >= 50, age >= 40], [1.6, 1.3], 1.0) * np.where(literacy, 1.5, 1.0)
    months_per_level *= rng.lognormal(0.0, 0.3, n)
    dutch_start = np.where(rng.random(n) < 0.3, 0.5, 0.0)
    dutch_cap = np.select(
        [route == ROUTE_Z, route == ROUTE_ONDERWIJS],
        [rng.uniform(1.5, 2.6, n), rng.uniform(3.5, 5.0, n)],
        rng.uniform(2.6, 4.3, n),
    )

    in_school = route == ROUTE_ONDERWIJS
    education_start = np.where(in_school, first_plan + rng.integers(60, 271, n), -1)
    months_in_school = np.where(isced >= 5, rng.uniform(12, 48, n), rng.uniform(18, 42, n))
    completed = rng.random(n) >= 0.25
    months_in_school = np.where(completed, months_in_school, months_in_school * rng.uniform(0.15, 0.7, n))
    education_end = np.where(in_school, education_start + np.floor(months_in_school * DAYS_PER_MONTH), -1)

    age_band = np.searchsorted(np.asarray(cal.age_bands), age, side="right") - 1
    multiplier = (
        cohort_factor(cal, cohort)
        * np.where(female, cal.female, 1.0)
        * np.asarray(cal.age)[age_band]
        * np.asarray(cal.nationality)[nationality]
        * np.asarray(cal.education)[isced]
        * np.prod(np.where(circumstances, np.asarray(cal.circumstance), 1.0), axis=1)
        * rng.gamma(cal.frailty_shape, 1.0 / cal.frailty_shape, n)
    )
    return _People(
        n=n,
        cohort=cohort,
        permit=permit,
        horizon=horizon,
        registration=registration,
        nationality=nationality,
        female=female,
        age=age,
        birth=birth,
        household=household,
        isced=isced,
        circumstances=circumstances,
        route=route,
        first_intake=first_intake,
        first_plan=first_plan,
        course_start=course_start,
        dutch_start=dutch_start,
        dutch_days_per_level=months_per_level * DAYS_PER_MONTH,
        dutch_cap=dutch_cap,
        education_start=education_start.astype(np.int64),
        education_end=education_end.astype(np.int64),
        education_completed=completed & in_school,
        multiplier=multiplier,
    )
