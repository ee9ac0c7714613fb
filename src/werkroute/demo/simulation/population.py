"""The entry point: one seeded population of a region."""

from __future__ import annotations

import datetime as dt

import numpy as np

from werkroute.demo.simulation.calibration import CALIBRATION, HOUSEHOLDS, ROUTES, Calibration
from werkroute.demo.simulation.case_file import (
    _activities,
    _episodes,
    _identity,
    _intake,
    _notes,
    _plans,
    _work_experience,
)
from werkroute.demo.simulation.histories import _draw_histories
from werkroute.demo.simulation.interventions import (
    PlantedEffect,
    plant_interventions,
    with_planted_activities,
)
from werkroute.demo.simulation.people import _draw_people
from werkroute.demo.simulation.rows import Plans, Population, RegionInput, _dates


# ---------------------------------------------------------------------------------------------------------
# The entry point
# ---------------------------------------------------------------------------------------------------------
def simulate(
    region: RegionInput,
    n_clients: int,
    *,
    seed: int = 2016,
    today: dt.date | None = None,
    cohorts: tuple[int, int] = (2016, 2025),
    calibration: Calibration = CALIBRATION,
    interventions: bool = True,
) -> Population:
    """Draw a population of ``n_clients`` with permits in the years ``cohorts`` (inclusive), followed up to
    ``today``. The same arguments give the same population. ``interventions``: plant the demo
    interventions and their effects (stage 4); the calibration measures the histories without them."""
    today = today or dt.date.today()
    people_stream, history_stream, case_stream, identity_stream, intervention_stream = (
        np.random.default_rng(child) for child in np.random.SeedSequence(seed).spawn(5)
    )
    people = _draw_people(people_stream, n_clients, cohorts, today, calibration)
    histories = _draw_histories(history_stream, people, calibration)
    identity = _identity(identity_stream, people, region)
    rng = case_stream

    n = people.n
    first_job = np.full(n, -1, dtype=np.int64)
    first_job_end = np.full(n, -1, dtype=np.int64)
    first_job_contract = np.full(n, -1, dtype=np.int64)
    if len(histories.work_client):
        order = np.lexsort((histories.work_start, histories.work_client))
        clients = histories.work_client[order]
        first_rows = order[np.r_[True, clients[1:] != clients[:-1]]]
        who = histories.work_client[first_rows]
        first_job[who] = histories.work_start[first_rows]
        first_job_end[who] = histories.work_end[first_rows]
        first_job_contract[who] = histories.work_contract[first_rows]
    on_assistance_today = np.zeros(n, dtype=bool)
    on_assistance_today[histories.assistance_client[histories.assistance_end < 0]] = True

    plans, intake_updates = _plans(rng, people, first_job)
    intake = _intake(rng, people, intake_updates)
    sector = intake.pop("first_sector")
    activities = _activities(
        rng, people, first_job, first_job_end, first_job_contract, sector, on_assistance_today
    )
    # The interventions change the histories (their effect), so the spells are written after them.
    planted: list[PlantedEffect] = []
    if interventions:
        planted = plant_interventions(
            intervention_stream,
            people,
            histories,
            dutch=np.minimum.reduce(
                [intake[f"dutch_{skill}"] for skill in ("listening", "reading", "speaking", "writing")]
            ).astype(np.int64),
            route=_current_route(plans, n),
            has_intake=intake["has_intake"],
        )
        activities = with_planted_activities(activities, planted, people)
    episodes = _episodes(rng, people, histories)
    notes = _notes(rng, people, first_job)
    experience, wished = _work_experience(rng, people, region, identity["country_of_birth"])
    return Population(
        seed=seed,
        today=today,
        municipality_codes=tuple(region.municipality_codes),
        ids=identity["ids"],
        first_name=identity["first_name"],
        last_name=identity["last_name"],
        gender=identity["gender"],
        date_of_birth=_dates(people.birth),
        nationality=identity["nationality"],
        country_of_birth=identity["country_of_birth"],
        household=np.asarray(HOUSEHOLDS)[people.household],
        languages=identity["languages"],
        municipality=identity["municipality"],
        postcode=identity["postcode"],
        cohort=people.cohort,
        permit_date=_dates(people.permit),
        registration_date=_dates(people.permit + people.registration),
        other_languages=identity["other_languages"],
        episodes=episodes,
        activities=activities,
        plans=plans,
        notes=notes,
        work_experience=experience,
        wished_occupations=wished,
        intake_updates=intake_updates,
        planted=tuple(planted),
        **intake,
    )


def _current_route(plans: Plans, n: int) -> np.ndarray:
    """Each client's learning route in their latest plan (index into ROUTES; -1 without a plan)."""
    route = np.full(n, -1, dtype=np.int64)
    client = plans.client
    # Plans are sorted by client and date: each client's last row is the current plan.
    last = np.r_[client[1:] != client[:-1], True] if len(client) else np.zeros(0, dtype=bool)
    route[client[last]] = [ROUTES.index(value) for value in plans.route[last]]
    return route
