"""Outcomes of each intervention measured from the case files, against a comparison group. No Django.

For one intervention, the participants are the clients with a started activity linked to it; their
start is the first such activity's start. Everyone of the same permit cohort and labour market
region who took part in no intervention of the catalogue is a possible comparison person, so the
comparison stands for guidance without any of them (someone who joins another intervention later is
left out as well, which assumes that joining later does not depend on how things went before). They have no start of their own, so each gets the distance from
permit to start of a participant of their own cohort and region, drawn at random (``seed``): a comparison
person is looked at as many months after their permit as a participant of their own kind was when they
began. The profile at that start — gender, age band, learning route, Dutch level, education level,
limiting circumstances, months since the permit, and whether they were in work or on social assistance
then — goes into the estimator (:mod:`werkroute.knowledge.evidence`), which weighs the comparison group
to the participants' profile.

Outcomes: in paid work (employed or self-employed), in education, on social assistance, 6, 12 and 24
months after the start, for everyone whose start lies at least that long before the reference date.
Time to work: from the start to the first day in paid work (zero for someone working at the start),
censored at the reference date, as Kaplan–Meier curves for the participants and the weighted
comparison group (``monitoring.survival``).

Disclosure control as in monitoring: an intervention with fewer than :data:`MIN_PARTICIPANTS` gets no
estimate at all, and a share whose group, or whose people with or without the status, number fewer
than :data:`~werkroute.monitoring.disclosure.THRESHOLD` is not shown, nor the estimate built on it.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from werkroute.knowledge.evidence import (
    COMPARISON_PER_PARTICIPANT,
    MIN_COMPARISON_KEPT,
    EstimationError,
    Weighting,
    estimate_effects,
    fit_weights,
)
from werkroute.monitoring.disclosure import THRESHOLD
from werkroute.monitoring.survival import DAYS_PER_MONTH, first_work_curves

HORIZONS = (6, 12, 24)
OUTCOMES = ("paid_work", "education", "social_assistance")
MIN_PARTICIPANTS = 30
NO_DATE = -(2**30)
OPEN_END = 2**30
AGE_BANDS = (0, 18, 25, 35, 45, 55)
COVARIATES = (
    "cohort",
    "region",
    "gender",
    "age_band",
    "route",
    "dutch",
    "education",
    "limited",
    "months_since_permit",
    "working_at_start",
    "assisted_at_start",
)
WORK_KINDS = ("paid_work", "self_employment")


@dataclass(frozen=True)
class Population:
    """Every client as arrays (days are days since 1970-01-01, :data:`NO_DATE` where missing), their
    labour spells, and the interventions' participations (one row per linked started activity)."""

    as_of: int
    region: np.ndarray
    permit: np.ndarray
    birth: np.ndarray
    gender: np.ndarray
    route: np.ndarray
    dutch: np.ndarray
    education: np.ndarray
    limited: np.ndarray
    episode_client: np.ndarray
    episode_kind: np.ndarray  # strings: paid_work, self_employment, education, social_assistance, none
    episode_start: np.ndarray
    episode_end: np.ndarray  # OPEN_END where open
    participation_client: np.ndarray
    participation_intervention: np.ndarray
    participation_start: np.ndarray


def measure_all(
    population: Population, intervention_ids: Sequence[int], seed: int = 0, workers: int | None = None
) -> dict[int, dict[str, Any]]:
    """The outcomes of every intervention in ``intervention_ids``, as plain data ready to be stored.

    Interventions are measured side by side on ``workers`` threads (default: the cores this process may
    use). Most of the work is NumPy's matrix products and array loops, which let go of Python's lock,
    so the threads use the cores; each intervention's computation is the same whichever thread does it
    (its own seeded draws, the population only read), so the results are too."""
    statuses = _StatusIndex(population)
    ids = list(intervention_ids)
    count = min(len(ids), workers or _usable_cores())
    if count <= 1:
        return {intervention: measure(population, statuses, intervention, seed=seed) for intervention in ids}
    with ThreadPoolExecutor(max_workers=count) as pool:
        futures = {
            intervention: pool.submit(measure, population, statuses, intervention, seed=seed)
            for intervention in ids
        }
        return {intervention: future.result() for intervention, future in futures.items()}


def _usable_cores() -> int:
    """The cores this process may run on (not every system can say; then all of the machine's)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def measure(
    population: Population, statuses: _StatusIndex, intervention: int, seed: int = 0
) -> dict[str, Any]:
    """The outcomes of one intervention (see the module docstring); ``participants`` is always given,
    estimates only where there are enough people."""
    frame = comparison_frame(population, statuses, intervention, seed=seed)
    participants = int(frame["participant"].sum()) if frame is not None else 0
    result: dict[str, Any] = {"participants": participants, "horizons": [], "curves": [], "measured": False}
    if frame is None or participants < MIN_PARTICIPANTS:
        return result
    # The model of everyone is fitted first (for the curves); each horizon's model, fitted on those
    # followed that long, begins from its coefficients and so needs fewer steps to converge.
    weighting = _weighting(frame, seed)
    start = weighting.coefficients if weighting is not None else None
    for horizon in HORIZONS:
        rows = frame[frame[f"followed_{horizon}"]]
        entry: dict[str, Any] = {"months": horizon, "outcomes": {}}
        treated = int(rows["participant"].sum()) if len(rows) else 0
        entry["n_treated"], entry["n_comparison"] = treated, int(len(rows) - treated)
        if treated < MIN_PARTICIPANTS or entry["n_comparison"] < MIN_PARTICIPANTS:
            result["horizons"].append(entry)
            continue
        names = [f"{outcome}_{horizon}" for outcome in OUTCOMES]
        try:
            effects = estimate_effects(
                rows, treatment="participant", outcomes=names, covariates=COVARIATES, seed=seed, start=start
            )
        except EstimationError:
            result["horizons"].append(entry)
            continue
        for outcome, name in zip(OUTCOMES, names, strict=True):
            effect = effects[name]
            with_status = int(rows.loc[rows["participant"] == 1, name].sum())
            shown = min(with_status, effect.n_treated - with_status, effect.n_treated) >= THRESHOLD
            entry["outcomes"][outcome] = (
                {
                    "effect": effect.effect,
                    "ci_low": effect.ci_low,
                    "ci_high": effect.ci_high,
                    "naive": effect.naive,
                    "treated_share": effect.treated_share,
                    "comparison_share": effect.comparison_share,
                    "n_treated": effect.n_treated,
                    "n_comparison": effect.n_comparison,
                    "max_smd_before": effect.max_smd_before,
                    "max_smd_after": effect.max_smd_after,
                }
                if shown
                else None
            )
            result["measured"] = result["measured"] or shown
        result["horizons"].append(entry)
    result["curves"] = _curves(frame, weighting) if weighting is not None else []
    return result


def _weighting(frame: pd.DataFrame, seed: int) -> Weighting | None:
    try:
        return fit_weights(frame, treatment="participant", covariates=COVARIATES, seed=seed)
    except EstimationError:
        return None


def _curves(frame: pd.DataFrame, weighting: Weighting) -> list[dict[str, Any]]:
    kept = weighting.kept
    group = np.where(frame["participant"].to_numpy()[kept] == 1, 0, 1)
    curves = first_work_curves(
        ("participants", "comparison"),
        group,
        frame["days_to_work"].to_numpy()[kept],
        frame["found_work"].to_numpy()[kept],
        max_months=36,
        weights=weighting.weights[kept],
    )
    return [
        {
            "label": curve.label,
            "clients": curve.clients,
            "months": list(curve.months),
            "share": list(curve.share),
            "at_risk": list(curve.at_risk),
        }
        for curve in curves
    ]


class _StatusIndex:
    """Labour spells grouped by kind, to answer "was this client in this status on this day" for many
    clients at once."""

    def __init__(self, population: Population) -> None:
        self.n = len(population.permit)
        self.spells: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        kinds = {
            "paid_work": WORK_KINDS,
            "education": ("education",),
            "social_assistance": ("social_assistance",),
        }
        for status, members in kinds.items():
            mine = np.isin(population.episode_kind, members)
            self.spells[status] = (
                population.episode_client[mine],
                population.episode_start[mine],
                population.episode_end[mine],
            )

    def on(self, status: str, clients: np.ndarray, days: np.ndarray) -> np.ndarray:
        """Per row: was ``clients[row]`` in ``status`` on ``days[row]``? Each client appears once."""
        position = np.full(self.n, -1, dtype=np.int64)
        position[clients] = np.arange(len(clients))
        spell_client, start, end = self.spells[status]
        row = position[spell_client]
        mine = row >= 0
        row, start, end = row[mine], start[mine], end[mine]
        covering = (start <= days[row]) & (days[row] <= end)
        result = np.zeros(len(clients), dtype=bool)
        result[row[covering]] = True
        return result

    def days_to_work(self, clients: np.ndarray, days: np.ndarray) -> np.ndarray:
        """Per row: days from ``days[row]`` to the first day in paid work on or after it (OPEN_END if none)."""
        position = np.full(self.n, -1, dtype=np.int64)
        position[clients] = np.arange(len(clients))
        spell_client, start, end = self.spells["paid_work"]
        row = position[spell_client]
        mine = row >= 0
        row, start, end = row[mine], start[mine], end[mine]
        relevant = end >= days[row]
        row, start = row[relevant], start[relevant]
        wait = np.maximum(start - days[row], 0)
        result = np.full(len(clients), OPEN_END, dtype=np.int64)
        np.minimum.at(result, row, wait)
        return result


def comparison_frame(
    population: Population, statuses: _StatusIndex, intervention: int, seed: int = 0
) -> pd.DataFrame | None:
    """One row per participant and per possible comparison person, with start, profile and outcomes."""
    mine = population.participation_intervention == intervention
    clients, starts = population.participation_client[mine], population.participation_start[mine]
    if len(clients) == 0:
        return None
    # The first start of each participant.
    order = np.lexsort((starts, clients))
    clients, starts = clients[order], starts[order]
    first = np.r_[True, clients[1:] != clients[:-1]]
    clients, starts = clients[first], starts[first]
    known = (population.permit[clients] != NO_DATE) & (starts <= population.as_of)
    clients, starts = clients[known], starts[known]
    if len(clients) == 0:
        return None

    cohort = np.where(population.permit != NO_DATE, _year(population.permit), -1)
    stratum = cohort * 1000 + population.region
    participant = np.zeros(statuses.n, dtype=bool)
    participant[clients] = True
    # Anyone who took part in an intervention of the catalogue (this one or another, started or not) is
    # no comparison: the comparison group stands for guidance without any of them.
    taking_part = np.zeros(statuses.n, dtype=bool)
    taking_part[population.participation_client] = True
    candidate = (~taking_part) & (cohort >= 0) & np.isin(stratum, stratum[clients])
    comparison = np.flatnonzero(candidate)

    # A participant's distance from permit to start, drawn within the comparison person's stratum.
    offsets = starts - population.permit[clients]
    by_stratum = np.argsort(stratum[clients], kind="stable")
    sorted_strata = stratum[clients][by_stratum]
    first_of = np.searchsorted(sorted_strata, stratum[comparison], side="left")
    count = np.searchsorted(sorted_strata, stratum[comparison], side="right") - first_of
    rng = np.random.default_rng(seed)
    pick = first_of + np.floor(rng.random(len(comparison)) * count).astype(np.int64)
    comparison_starts = population.permit[comparison] + offsets[by_stratum][pick]
    within = comparison_starts <= population.as_of
    comparison, comparison_starts = comparison[within], comparison_starts[within]
    # The estimator would thin a very large comparison group anyway; doing it here saves building rows.
    limit = max(MIN_COMPARISON_KEPT, COMPARISON_PER_PARTICIPANT * len(clients))
    if len(comparison) > limit:
        chosen = np.sort(rng.choice(len(comparison), size=limit, replace=False))
        comparison, comparison_starts = comparison[chosen], comparison_starts[chosen]

    everyone = np.concatenate([clients, comparison])
    start = np.concatenate([starts, comparison_starts])
    age = (start - population.birth[everyone]) / 365.25
    frame = pd.DataFrame(
        {
            "client": everyone,
            "participant": np.r_[
                np.ones(len(clients), dtype=np.int64), np.zeros(len(comparison), dtype=np.int64)
            ],
            "start": start,
            "cohort": pd.Categorical(cohort[everyone]),
            "region": pd.Categorical(population.region[everyone]),
            "gender": pd.Categorical(population.gender[everyone]),
            "age_band": pd.Categorical(np.searchsorted(AGE_BANDS, age, side="right")),
            "route": pd.Categorical(population.route[everyone]),
            "dutch": pd.Categorical(population.dutch[everyone]),
            "education": pd.Categorical(population.education[everyone]),
            "limited": pd.Categorical(population.limited[everyone]),
            "months_since_permit": np.floor((start - population.permit[everyone]) / DAYS_PER_MONTH),
            "working_at_start": statuses.on("paid_work", everyone, start).astype(np.int64),
            "assisted_at_start": statuses.on("social_assistance", everyone, start).astype(np.int64),
        }
    )
    for horizon in HORIZONS:
        day = start + round(horizon * DAYS_PER_MONTH)
        frame[f"followed_{horizon}"] = day <= population.as_of
        for outcome in OUTCOMES:
            frame[f"{outcome}_{horizon}"] = statuses.on(outcome, everyone, day).astype(np.int64)
    wait = statuses.days_to_work(everyone, start)
    followed = population.as_of - start
    frame["found_work"] = wait <= followed
    frame["days_to_work"] = np.where(frame["found_work"], wait, followed)
    return frame


def _year(days: np.ndarray) -> np.ndarray:
    return (np.datetime64("1970-01-01", "D") + days.astype("timedelta64[D]")).astype("datetime64[Y]").astype(
        np.int64
    ) + 1970
