"""Stage 2: work, benefit and education, month by month, from the permit to today."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from werkroute.demo.simulation.calibration import DAYS_PER_MONTH, DAYS_PER_YEAR, Calibration
from werkroute.demo.simulation.people import _People
from werkroute.demo.simulation.rows import _categorical


# ---------------------------------------------------------------------------------------------------------
# Stage 2: work, benefit and education, month by month
# ---------------------------------------------------------------------------------------------------------
@dataclass
class _Histories:
    """Spells in days since the permit (end -1: still open today)."""

    work_client: np.ndarray
    work_kind: np.ndarray  # index into WORK_KINDS
    work_start: np.ndarray
    work_end: np.ndarray
    work_hours: np.ndarray
    work_contract: np.ndarray  # index into CONTRACT_TYPES, -1 for self-employment
    assistance_client: np.ndarray
    assistance_start: np.ndarray
    assistance_end: np.ndarray


def _step_day(step: int | np.ndarray) -> Any:
    return np.floor(np.asarray(step) * DAYS_PER_MONTH).astype(np.int64)


def _step_of(day: np.ndarray) -> np.ndarray:
    """The step whose days include ``day``."""
    step = np.floor(day / DAYS_PER_MONTH).astype(np.int64)
    step = np.where(_step_day(step + 1) <= day, step + 1, step)
    return np.where(_step_day(step) > day, step - 1, step)


def _draw_histories(rng: np.random.Generator, people: _People, cal: Calibration) -> _Histories:
    n = people.n
    everyone = np.arange(n)
    aow = people.birth + np.floor(67 * DAYS_PER_YEAR).astype(np.int64) - people.permit  # state pension age
    age_65 = people.birth + np.floor(65 * DAYS_PER_YEAR).astype(np.int64) - people.permit
    gets_assistance = rng.random(n) < cal.assistance_at_registration

    working = np.zeros(n, dtype=bool)
    job_end = np.zeros(n, dtype=np.int64)
    end_step = np.full(n, -1, dtype=np.int64)  # step in which the current job's end is handled
    worked_before = np.zeros(n, dtype=bool)
    assistance_open = np.zeros(n, dtype=bool)
    assistance_start = np.zeros(n, dtype=np.int64)
    retired = np.zeros(n, dtype=bool)

    work: list[tuple[np.ndarray, ...]] = []
    assistance: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []

    def close_assistance(who: np.ndarray, last_day: np.ndarray) -> None:
        # A benefit that would end before it began (started the same day) never existed.
        is_open = assistance_open[who]
        who, last = who[is_open], last_day[is_open]
        keep = last >= assistance_start[who]
        assistance.append((who[keep], assistance_start[who[keep]], last[keep]))
        assistance_open[who] = False

    def open_assistance(who: np.ndarray, first_day: np.ndarray) -> None:
        assistance_open[who] = True
        assistance_start[who] = first_day

    def in_education(who: np.ndarray, day: np.ndarray) -> np.ndarray:
        return (
            (people.education_start[who] >= 0)
            & (people.education_start[who] <= day)
            & (day <= people.education_end[who])
        )

    knots = np.asarray(cal.hazard_knot_months, dtype=float)
    log_values = np.log(np.asarray(cal.hazard_knot_values, dtype=float))
    contract_p = np.asarray(cal.contract_share) / np.sum(cal.contract_share)
    steps = int(np.ceil(people.horizon.max() / DAYS_PER_MONTH)) + 1
    for step in range(steps):
        first, last = int(_step_day(step)), int(_step_day(step + 1)) - 1

        registering = everyone[
            (people.registration >= first) & (people.registration <= last) & gets_assistance
        ]
        open_assistance(registering, people.registration[registering])

        # Jobs that ended in the previous step: some move straight on to the next job.
        ending = everyone[end_step == step]
        working[ending] = False
        restart_day = job_end[ending] + 1
        moves_on = rng.random(len(ending)) < cal.job_to_job
        allowed = (restart_day <= people.horizon[ending]) & (restart_day < aow[ending]) & ~retired[ending]
        restart = (
            ~moves_on
            & allowed
            & ~assistance_open[ending]
            & ~in_education(ending, restart_day)
            & (rng.random(len(ending)) < cal.assistance_restart)
        )
        open_assistance(ending[restart], restart_day[restart])
        forced = ending[moves_on & allowed & (restart_day < age_65[ending])]
        forced_day = job_end[forced] + 1 + rng.integers(0, 11, len(forced))

        starting_school = everyone[(people.education_start >= first) & (people.education_start <= last)]
        starting_school = starting_school[
            people.education_start[starting_school] <= people.horizon[starting_school]
        ]
        close_assistance(starting_school, people.education_start[starting_school] - 1)
        leaving_school = everyone[(people.education_end >= first) & (people.education_end <= last)]
        day_after = people.education_end[leaving_school] + 1
        back = (
            (day_after <= people.horizon[leaving_school])
            & ~working[leaving_school]
            & ~assistance_open[leaving_school]
            & ~retired[leaving_school]
            & (rng.random(len(leaving_school)) < cal.assistance_restart)
        )
        open_assistance(leaving_school[back], day_after[back])

        # New jobs: a hazard per person for this step.
        candidate = (
            ~working
            & (end_step < step)
            & (people.registration <= last)
            & ~retired
            & (age_65 > first)
            & (people.horizon >= first)
        )
        candidate[forced] = False
        who = everyone[candidate]
        months = (first + last) / 2 / DAYS_PER_MONTH
        hazard = float(np.exp(np.interp(months, knots, log_values))) * people.multiplier[who]
        mid = np.full(len(who), (first + last) // 2)
        hazard *= np.exp(cal.dutch_per_level * np.minimum(people.dutch_level(who, mid), 3.0))
        schooling = in_education(who, mid)
        hazard *= np.where(schooling, cal.in_education, 1.0)
        hazard *= np.where(
            people.education_completed[who] & (people.education_end[who] < first), cal.after_diploma, 1.0
        )
        hazard *= np.where(worked_before[who], cal.worked_before, 1.0)
        found = rng.random(len(who)) < -np.expm1(-hazard)
        who = who[found]
        start = np.maximum(
            first + np.floor(rng.random(len(who)) * (last - first + 1)).astype(np.int64),
            people.registration[who],
        )
        who = np.concatenate([who, forced])
        start = np.concatenate([start, forced_day])
        valid = start <= people.horizon[who]
        who, start = who[valid], start[valid]
        if len(who):
            count = len(who)
            self_employed = rng.random(count) < cal.self_employment_share * np.where(
                people.age[who] >= 25, 1.5, 0.3
            )
            contract = np.where(self_employed, -1, rng.choice(len(contract_p), size=count, p=contract_p))
            median = np.where(
                self_employed,
                cal.self_employment_median_months,
                np.asarray(cal.contract_median_months)[np.maximum(contract, 0)],
            )
            duration = np.maximum(
                14, np.floor(median * DAYS_PER_MONTH * rng.lognormal(0, cal.duration_sigma, count))
            )
            end = np.minimum(start + duration.astype(np.int64) - 1, aow[who] - 1)
            end = np.maximum(end, start)
            hours_p = np.where(people.female[who, None], cal.hours_share_women, cal.hours_share_men)
            hours = np.asarray(cal.hours)[_categorical(rng, hours_p)]
            hours = np.where(in_education(who, start), np.minimum(hours, 16), hours)
            work.append((who, self_employed.astype(np.int64), start, end, hours, contract))

            supplementary_p = np.where(
                self_employed,
                cal.supplementary_self_employed,
                np.select([hours < 24, hours < 32], list(cal.supplementary[:2]), cal.supplementary[2]),
            )
            stops = ~(rng.random(count) < supplementary_p)
            close_assistance(who[stops], start[stops] - 1)
            working[who] = True
            worked_before[who] = True
            job_end[who] = end
            end_step[who] = _step_of(end + 1)

        pensioned = everyone[(aow >= first) & (aow <= last) & (aow <= people.horizon) & ~retired]
        close_assistance(pensioned, aow[pensioned] - 1)
        retired[pensioned] = True

    still_open = everyone[assistance_open]
    assistance.append((still_open, assistance_start[still_open], np.full(len(still_open), -1)))

    def join(parts: Sequence[tuple[np.ndarray, ...]], width: int) -> list[np.ndarray]:
        if not parts:
            return [np.zeros(0, dtype=np.int64) for _ in range(width)]
        return [np.concatenate([part[column] for part in parts]).astype(np.int64) for column in range(width)]

    work_client, work_kind, work_start, work_end, work_hours, work_contract = join(work, 6)
    work_end = np.where(work_end >= people.horizon[work_client], -1, work_end)
    assistance_client, assistance_start_, assistance_end = join(assistance, 3)
    return _Histories(
        work_client=work_client,
        work_kind=work_kind,
        work_start=work_start,
        work_end=work_end,
        work_hours=work_hours,
        work_contract=work_contract,
        assistance_client=assistance_client,
        assistance_start=assistance_start_,
        assistance_end=assistance_end,
    )
