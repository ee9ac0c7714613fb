"""Writes a simulated population (``simulation.py``) into the database with bulk inserts, so that the
measurement can be tested from the case tables to the page."""

from __future__ import annotations

import datetime as dt
import uuid

import numpy as np

from werkroute.cases.models import (
    Activity,
    ActivityStatus,
    ActivityType,
    Client,
    Education,
    Intake,
    LabourEpisode,
    PlanVersion,
    TargetGroup,
)
from werkroute.cases.services import store_current_learning_routes
from werkroute.knowledge.models import ActivityIntervention
from werkroute.knowledge.outcomes import OPEN_END
from werkroute.knowledge.tests.simulation import Simulated

EPOCH = dt.date(1970, 1, 1)
LEVELS = ("A0", "A1", "A2", "B1", "B2", "C1", "C2")
ROUTES = ("B1", "ONDERWIJS", "Z")
GENDERS = ("female", "male")
ISCED_OF_BAND = (1, 2, 3, 6)


def _day(value: int) -> dt.date:
    return EPOCH + dt.timedelta(days=int(value))


def plant(simulated: Simulated, municipality, interventions: dict[int, object]) -> list[Client]:  # type: ignore[no-untyped-def]
    """Clients, intakes, plans, education, spells, and the activities linked to ``interventions``
    (simulation number → Intervention)."""
    population = simulated.population
    statushouder, _ = TargetGroup.objects.get_or_create(
        code="statushouder", defaults={"name": "Statushouder"}
    )
    n = len(population.permit)
    clients = Client.objects.bulk_create(
        Client(
            id=uuid.uuid4(),
            first_name="Sim",
            last_name=f"Persoon{index}",
            date_of_birth=_day(population.birth[index]),
            municipality=municipality,
            permit_date=_day(population.permit[index]),
            registration_date=_day(population.permit[index] + 30),
            gender=GENDERS[population.gender[index]],
            target_group=statushouder,
        )
        for index in range(n)
    )
    intakes = Intake.objects.bulk_create(
        Intake(
            client=clients[index],
            intake_date=_day(population.permit[index] + 60),
            dutch_listening=LEVELS[population.dutch[index]],
            dutch_reading=LEVELS[population.dutch[index]],
            dutch_speaking=LEVELS[population.dutch[index]],
            dutch_writing=LEVELS[population.dutch[index]],
            limiting_circumstances=["debts"] if population.limited[index] else [],
        )
        for index in range(n)
    )
    Education.objects.bulk_create(
        Education(intake=intakes[index], isced_level=ISCED_OF_BAND[population.education[index]])
        for index in range(n)
        if population.education[index] >= 0
    )
    PlanVersion.objects.bulk_create(
        PlanVersion(
            client=clients[index],
            number=1,
            plan_date=_day(population.permit[index] + 90),
            learning_route=ROUTES[population.route[index]],
        )
        for index in range(n)
    )
    store_current_learning_routes(Client.objects.filter(pk__in=[client.pk for client in clients]))
    LabourEpisode.objects.bulk_create(
        LabourEpisode(
            client=clients[client],
            kind=kind,
            start_date=_day(start),
            end_date=None if end >= OPEN_END else _day(end),
            hours_per_week=24 if kind == "paid_work" else None,
        )
        for client, kind, start, end in zip(
            population.episode_client.tolist(),
            population.episode_kind.tolist(),
            population.episode_start.tolist(),
            population.episode_end.tolist(),
            strict=True,
        )
    )
    activities = Activity.objects.bulk_create(
        Activity(
            client=clients[client],
            activity_type=ActivityType.DUAL_TRAJECTORY,
            start_date=_day(start),
            status=ActivityStatus.COMPLETED,
        )
        for client, start in zip(
            population.participation_client.tolist(), population.participation_start.tolist(), strict=True
        )
    )
    ActivityIntervention.objects.bulk_create(
        ActivityIntervention(activity=activity, intervention=interventions[int(number)])  # type: ignore[misc]
        for activity, number in zip(
            activities, np.asarray(population.participation_intervention), strict=True
        )
    )
    return clients
