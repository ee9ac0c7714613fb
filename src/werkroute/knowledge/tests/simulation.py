"""A simulated population for the outcome tests, with a known effect of each intervention and
participants selected on their profile. Django-free."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from werkroute.knowledge.outcomes import DAYS_PER_MONTH, NO_DATE, OPEN_END, Population

START_2019 = 17897  # 2019-01-01


@dataclass
class Simulated:
    population: Population
    true_effect_12: dict[int, float]  # intervention → true ATT on paid work 12 months after the start


def simulate(
    n: int, hazard_ratios: dict[int, float], seed: int = 0, as_of: int = START_2019 + 6 * 365
) -> Simulated:
    """``n`` clients with a permit in 2019–2021; intervention ``k`` multiplies the hazard of finding work
    after the start by ``hazard_ratios[k]``. Men and people with better Dutch find work sooner and take
    part more often, so a naive comparison flatters every intervention."""
    rng = np.random.default_rng(seed)
    permit = START_2019 + rng.integers(0, 3 * 365, n)
    birth = permit - rng.integers(20 * 365, 50 * 365, n)
    gender = rng.integers(0, 2, n)  # 0 female, 1 male
    dutch = rng.choice(7, size=n, p=[0.15, 0.25, 0.25, 0.2, 0.1, 0.03, 0.02])
    route = rng.integers(0, 3, n)
    education = rng.integers(-1, 4, n)
    limited = rng.integers(0, 2, n)
    region = rng.integers(0, 2, n)
    profile = 0.8 * gender + 0.25 * dutch - 0.5 * limited
    hazard = 0.012 * np.exp(profile)  # per month, before any intervention
    uniform = -np.log(rng.random(n))  # cumulative hazard at which work is found

    work_start = permit + uniform / hazard * DAYS_PER_MONTH
    participation_client, participation_intervention, participation_start = [], [], []
    true_effect = {}
    taken = np.zeros(n, dtype=bool)
    for intervention, ratio in hazard_ratios.items():
        chance = 1 / (1 + np.exp(-(-3.2 + 0.9 * gender + 0.3 * dutch - 0.4 * limited)))
        joins = (rng.random(n) < chance) & ~taken
        taken |= joins
        offset = rng.integers(2, 20, n) * DAYS_PER_MONTH
        start = permit + offset
        members = np.flatnonzero(joins & (start <= as_of))
        before = hazard[members] * offset[members] / DAYS_PER_MONTH  # cumulative hazard at the start
        treated_start = np.where(
            uniform[members] <= before,
            work_start[members],
            start[members] + (uniform[members] - before) / (hazard[members] * ratio) * DAYS_PER_MONTH,
        )
        horizon = start[members] + round(12 * DAYS_PER_MONTH)
        followed = horizon <= as_of
        true_effect[intervention] = float(
            np.mean((treated_start <= horizon)[followed])
            - np.mean((work_start[members] <= horizon)[followed])
        )
        work_start[members] = treated_start
        participation_client.append(members)
        participation_intervention.append(np.full(len(members), intervention))
        participation_start.append(start[members].astype(np.int64))

    # Whole days, and work never on the permit's own day, so that the benefit before it is a real spell.
    work_start = np.maximum(np.floor(work_start), permit + 1)
    working = work_start <= as_of
    clients = np.arange(n)
    # Social assistance from the permit until work; work from then on.
    episode_client = np.concatenate([clients, clients[working]])
    episode_kind = np.concatenate([np.full(n, "social_assistance"), np.full(int(working.sum()), "paid_work")])
    episode_start = np.concatenate([permit, work_start[working].astype(np.int64)]).astype(np.int64)
    episode_end = np.concatenate(
        [np.where(working, work_start.astype(np.int64) - 1, OPEN_END), np.full(int(working.sum()), OPEN_END)]
    )
    population = Population(
        as_of=as_of,
        region=region,
        permit=permit.astype(np.int64),
        birth=birth.astype(np.int64),
        gender=gender,
        route=route,
        dutch=dutch,
        education=education,
        limited=limited,
        episode_client=episode_client,
        episode_kind=episode_kind,
        episode_start=episode_start,
        episode_end=episode_end,
        participation_client=np.concatenate(participation_client),
        participation_intervention=np.concatenate(participation_intervention),
        participation_start=np.concatenate(participation_start),
    )
    assert NO_DATE not in permit
    return Simulated(population, true_effect)
