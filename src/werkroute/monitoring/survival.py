"""Time from the permit to the first paid work, as Kaplan–Meier curves (lifelines). No Django here.

A client is followed from the permit until their first paid work or self-employment (the event), or
until the reference date or their 65th birthday, whichever comes first (censored). Curves are shown as
the share that has found work, with the 95% confidence band that lifelines computes (exponential
Greenwood). Time runs in whole months; a curve stops where fewer than
:data:`~werkroute.monitoring.disclosure.THRESHOLD` people are still followed, and a group of fewer
people gets no curve at all, so that no step of a curve is about a handful of people.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from werkroute.monitoring.disclosure import THRESHOLD

DAYS_PER_MONTH = 30.4375


@dataclass(frozen=True)
class Curve:
    label: str
    clients: int
    months: tuple[int, ...]
    share: tuple[float, ...]  # share that has found work by then
    lower: tuple[float, ...]
    upper: tuple[float, ...]
    at_risk: tuple[int, ...]


def first_work_curves(
    labels: Sequence[str],
    group: np.ndarray,
    days_followed: np.ndarray,
    found_work: np.ndarray,
    max_months: int = 120,
    weights: np.ndarray | None = None,
) -> list[Curve]:
    """One curve per group value. ``group`` indexes ``labels``; ``days_followed`` is the time to the
    first work (``found_work``) or to the end of follow-up. ``weights`` (one per person) weigh the
    curve, as for a comparison group weighted to another group's profile; the counts of people, and so
    the disclosure control, stay unweighted."""
    from lifelines import KaplanMeierFitter

    months = np.floor(np.maximum(days_followed, 0) / DAYS_PER_MONTH)
    curves = []
    for index, label in enumerate(labels):
        mine = group == index
        count = int(mine.sum())
        if count < THRESHOLD:
            continue
        durations, events = months[mine], found_work[mine]
        at_risk = np.array([(durations >= month).sum() for month in range(max_months + 1)])
        shown = np.flatnonzero(at_risk >= THRESHOLD)
        if len(shown) == 0:
            continue
        timeline = np.arange(int(shown[-1]) + 1)
        fitter = KaplanMeierFitter(alpha=0.05)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fitter.fit(
                durations,
                event_observed=events,
                timeline=timeline,
                weights=None if weights is None else weights[mine],
            )
        survival = fitter.survival_function_.to_numpy()[:, 0]
        band = fitter.confidence_interval_survival_function_.to_numpy()
        curves.append(
            Curve(
                label=label,
                clients=count,
                months=tuple(int(month) for month in timeline),
                share=tuple(float(1 - value) for value in survival),
                lower=tuple(float(1 - value) for value in band[:, 1]),
                upper=tuple(float(1 - value) for value in band[:, 0]),
                at_risk=tuple(int(value) for value in at_risk[timeline]),
            )
        )
    return curves
