"""Measuring the simulated share in work against the CBS figures, and fitting the calibration to them.

Run ``python -m werkroute.demo.simulation`` for the calibration table, ``--fit`` to refit."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import Any

import numpy as np

from werkroute.demo.simulation.calibration import (
    CALIBRATION,
    CBS_BENEFIT_FACTS,
    CBS_TARGETS,
    DAYS_PER_MONTH,
    DAYS_PER_YEAR,
    SOCIAL_ASSISTANCE,
    WORK_KINDS,
    Calibration,
)
from werkroute.demo.simulation.histories import _draw_histories
from werkroute.demo.simulation.people import _draw_people
from werkroute.demo.simulation.population import simulate
from werkroute.demo.simulation.rows import Population, RegionInput, _day


# ---------------------------------------------------------------------------------------------------------
# Measuring and fitting
# ---------------------------------------------------------------------------------------------------------
def share_with_open_spell(
    population: Population, kinds: Sequence[str], cohort: int, months: int, *, mask: np.ndarray | None = None
) -> float:
    """Share of the cohort's clients (age 18-65 on the day, and followed up to it) with an open spell of one
    of ``kinds`` exactly ``months`` after their permit date. ``mask`` narrows the clients further."""
    permit = population.permit_date.astype("int64")
    day = permit + round(months * DAYS_PER_MONTH)
    age_days = day - population.date_of_birth.astype("int64")
    eligible = (
        (population.cohort == cohort) & (day <= _day(population.today)) & (age_days < 65 * DAYS_PER_YEAR)
    )
    if mask is not None:
        eligible &= mask
    if not eligible.any():
        return float("nan")
    episodes = population.episodes
    client = episodes.client
    start = episodes.start.astype("int64")
    end = np.where(np.isnat(episodes.end), np.iinfo(np.int64).max, episodes.end.astype("int64"))
    covering = np.isin(episodes.kind, kinds) & (start <= day[client]) & (end >= day[client])
    covered = np.zeros(len(population), dtype=bool)
    covered[client[covering]] = True
    return float(covered[eligible].mean())


def share_in_work(
    population: Population, cohort: int, months: int, *, mask: np.ndarray | None = None
) -> float:
    """The CBS measure: employee or self-employed, as a share of the cohort, ``months`` after the permit."""
    return share_with_open_spell(population, WORK_KINDS, cohort, months, mask=mask)


CALIBRATION_REGION = RegionInput(
    municipality_codes=("GM0000",),
    municipality_weights=(1.0,),
    occupation_ids=(1,),
    occupation_isco=("9112",),
)


def cohort_population(
    cohort: int, n_clients: int, *, seed: int = 2014, calibration: Calibration = CALIBRATION
) -> Population:
    """A population of one cohort, followed for more than eight years: what the calibration measures.
    Without the demo interventions: their planted effect comes on top of the calibrated histories."""
    return simulate(
        CALIBRATION_REGION,
        n_clients,
        seed=seed,
        today=dt.date(cohort + 9, 1, 15),
        cohorts=(cohort, cohort),
        calibration=calibration,
        interventions=False,
    )


def calibration_table(
    n_clients: int = 200_000, seed: int = 2014, calibration: Calibration = CALIBRATION
) -> list[dict[str, Any]]:
    """Target and simulated share in work for every CBS target, plus men and women and the benefit facts."""
    populations = {
        cohort: cohort_population(cohort, n_clients, seed=seed, calibration=calibration)
        for cohort in sorted({cohort for cohort, _ in CBS_TARGETS})
    }
    rows = []
    for (cohort, months), target in CBS_TARGETS.items():
        population = populations[cohort]
        rows.append(
            {
                "cohort": cohort,
                "months": months,
                "measure": "in work",
                "target": target,
                "simulated": share_in_work(population, cohort, months),
                "men": share_in_work(population, cohort, months, mask=population.gender == "male"),
                "women": share_in_work(population, cohort, months, mask=population.gender == "female"),
            }
        )
    for (cohort, months), target in CBS_BENEFIT_FACTS.items():
        population = populations[cohort]
        rows.append(
            {
                "cohort": cohort,
                "months": months,
                "measure": "on social assistance",
                "target": target,
                "simulated": share_with_open_spell(population, (SOCIAL_ASSISTANCE,), cohort, months),
                "men": float("nan"),
                "women": float("nan"),
            }
        )
    return rows


def _bisect(evaluate: Any, target: float, low: float, high: float, iterations: int = 15) -> float:
    """The value in [low, high] (searched on a log scale) where the increasing ``evaluate`` meets target."""
    for _ in range(iterations):
        middle = float(np.sqrt(low * high))
        if evaluate(middle) < target:
            low = middle
        else:
            high = middle
    return float(np.sqrt(low * high))


def _cohort_work_share(
    cohort: int, months: int, n_clients: int, seed: int, calibration: Calibration
) -> float:
    """``share_in_work(cohort_population(...), cohort, months)`` from the first two stages only (for
    fitting: the same random streams as :func:`simulate`, without the case file)."""
    people_stream, history_stream = (
        np.random.default_rng(child) for child in np.random.SeedSequence(seed).spawn(4)[:2]
    )
    today = dt.date(cohort + 9, 1, 15)
    people = _draw_people(people_stream, n_clients, (cohort, cohort), today, calibration)
    histories = _draw_histories(history_stream, people, calibration)
    day = round(months * DAYS_PER_MONTH)
    eligible = (day <= people.horizon) & (people.permit + day - people.birth < 65 * DAYS_PER_YEAR)
    covering = (histories.work_start <= day) & ((histories.work_end < 0) | (histories.work_end >= day))
    covered = np.zeros(people.n, dtype=bool)
    covered[histories.work_client[covering]] = True
    return float(covered[eligible].mean())


def fit_calibration(
    n_clients: int = 200_000, seed: int = 2014, base: Calibration = CALIBRATION
) -> Calibration:
    """Refit the baseline hazard knots (to cohort 2014) and the cohort factors (to 2019 and 2020).

    Each knot only affects the months up to the next target, so the knots are fitted one after the other,
    each by bisection with the same seed (common random numbers keep the search monotone). The first knot
    moves with the second at a fixed ratio. Takes a few minutes.
    """
    calibration = base
    values = list(base.hazard_knot_values)
    early_ratio = values[0] / values[1]
    for (cohort, months), share in sorted(CBS_TARGETS.items()):
        if cohort != 2014:
            continue
        knot = base.hazard_knot_months.index(months)

        def evaluate(
            value: float,
            knot: int = knot,
            months: int = months,
            base: Calibration = calibration,
            current: tuple[float, ...] = tuple(values),
        ) -> float:
            trial = list(current)
            trial[knot] = value
            if knot == 1:
                trial[0] = value * early_ratio
            trial_calibration = dataclasses.replace(base, hazard_knot_values=tuple(trial))
            return _cohort_work_share(2014, months, n_clients, seed, trial_calibration)

        values[knot] = _bisect(evaluate, share, 1e-4, 1.0)
        if knot == 1:
            values[0] = values[1] * early_ratio
        values = [float(f"{value:.4g}") for value in values]
        calibration = dataclasses.replace(calibration, hazard_knot_values=tuple(values))
        print(f"knot {months:>3} months: {values[knot]:.4g}")

    factors = dict(calibration.cohort_factor)
    for (cohort, months), share in sorted(CBS_TARGETS.items()):
        if cohort == 2014:
            continue

        def evaluate_cohort(
            value: float, cohort: int = cohort, months: int = months, base: Calibration = calibration
        ) -> float:
            trial = tuple(sorted((dict(factors) | {cohort: value}).items()))
            trial_calibration = dataclasses.replace(base, cohort_factor=trial)
            return _cohort_work_share(cohort, months, n_clients, seed, trial_calibration)

        factors[cohort] = round(_bisect(evaluate_cohort, share, 0.3, 10.0), 3)
        calibration = dataclasses.replace(calibration, cohort_factor=tuple(sorted(factors.items())))
        print(f"cohort {cohort}: factor {factors[cohort]:.3f}")
    return calibration


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--fit", action="store_true", help="refit the hazard knots and cohort factors")
    parser.add_argument("--clients", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=2014)
    arguments = parser.parse_args(argv)
    calibration = CALIBRATION
    if arguments.fit:
        calibration = fit_calibration(arguments.clients, arguments.seed)
        print(f"hazard_knot_values={calibration.hazard_knot_values}")
        print(f"cohort_factor={calibration.cohort_factor}")
    print("| cohort | months | measure | target | simulated | men | women |")
    print("|---:|---:|---|---:|---:|---:|---:|")
    for row in calibration_table(arguments.clients, arguments.seed, calibration):
        cells = [
            row["cohort"],
            row["months"],
            row["measure"],
            f"{row['target']:.0%}",
            f"{row['simulated']:.1%}",
        ]
        cells += [f"{row['men']:.1%}", f"{row['women']:.1%}"]
        print("| " + " | ".join(str(cell).replace("nan%", "-") for cell in cells) + " |")
