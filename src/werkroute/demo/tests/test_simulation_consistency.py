"""The simulated case files obey the rules the services enforce for real ones."""

import subprocess
import sys

import numpy as np
import pytest

from werkroute.cases.models import (
    ActivityStatus,
    ActivityType,
    ContractType,
    EpisodeKind,
    HouseholdSituation,
    LearningRoute,
    LimitingCircumstance,
)
from werkroute.demo.simulation import simulate
from werkroute.demo.tests.conftest import TODAY

NAT = np.datetime64("NaT", "D")
TODAY64 = np.datetime64(TODAY, "D")


@pytest.fixture(scope="module")
def population(region_input):
    return simulate(region_input, 20_000, seed=5, today=TODAY)


def test_spells_of_the_same_kind_never_overlap(population):
    episodes = population.episodes
    for kind in set(episodes.kind.tolist()):
        rows = np.flatnonzero(episodes.kind == kind)
        order = np.lexsort((episodes.start[rows], episodes.client[rows]))
        rows = rows[order]
        client, start, end = episodes.client[rows], episodes.start[rows], episodes.end[rows]
        same_client = client[1:] == client[:-1]
        previous_open = np.isnat(end[:-1])
        assert not (same_client & previous_open).any(), f"{kind}: a spell follows an open one"
        # End dates are inclusive ("tot en met"), so the next spell starts at least a day later.
        assert (start[1:][same_client] > end[:-1][same_client]).all(), kind


def test_every_date_follows_from_the_one_before(population):
    assert (population.registration_date >= population.permit_date).all()
    has_intake = population.has_intake
    assert (population.first_intake_date[has_intake] >= population.registration_date[has_intake]).all()
    assert (population.intake_date[has_intake] >= population.first_intake_date[has_intake]).all()
    assert np.isnat(population.intake_date[~has_intake]).all()

    plans = population.plans
    assert (plans.plan_date >= population.registration_date[plans.client]).all()
    assert (plans.review_date > plans.plan_date).all()
    first = np.r_[True, plans.client[1:] != plans.client[:-1]]
    assert (plans.number[first] == 1).all()
    assert (np.diff(plans.number)[~first[1:]] == 1).all()
    assert (np.diff(plans.plan_date.astype("int64"))[~first[1:]] > 0).all()

    episodes = population.episodes
    assert (episodes.start >= population.registration_date[episodes.client]).all()
    closed = ~np.isnat(episodes.end)
    assert (episodes.end[closed] >= episodes.start[closed]).all()

    activities = population.activities
    ended = ~np.isnat(activities.end)
    assert (activities.end[ended] >= activities.start[ended]).all()
    assert (activities.start >= population.registration_date[activities.client]).all()

    age_at_permit = (population.permit_date - population.date_of_birth).astype(int) / 365.25
    assert age_at_permit.min() >= 18
    assert age_at_permit.max() < 61


def test_nothing_lies_in_the_future_except_planned_activities(population):
    for name in ("date_of_birth", "permit_date", "registration_date", "first_intake_date", "intake_date"):
        values = getattr(population, name)
        assert (values[~np.isnat(values)] <= TODAY64).all(), name
    for table, columns in (
        (population.episodes, ("start", "end")),
        (population.plans, ("plan_date",)),
        (population.notes, ("occurred_on",)),
        (population.intake_updates, ("occurred_on",)),
    ):
        for name in columns:
            values = getattr(table, name)
            assert (values[~np.isnat(values)] <= TODAY64).all(), name
    activities = population.activities
    planned = activities.status == ActivityStatus.PLANNED
    assert (activities.start[planned] > TODAY64).all()
    assert (activities.start[~planned] <= TODAY64).all()
    ended = ~planned & ~np.isnat(activities.end)
    assert (activities.end[ended] <= TODAY64).all()
    # The simulation does produce each kind of status, or the checks above would prove little.
    # (The simulation does not model cancelled activities, which never began.)
    assert set(activities.status.tolist()) == set(ActivityStatus.values) - {ActivityStatus.CANCELLED}


def test_activity_statuses_match_their_dates(population):
    activities = population.activities
    status = activities.status
    closing = np.isin(status, [ActivityStatus.COMPLETED, ActivityStatus.STOPPED_EARLY])
    assert not np.isnat(activities.end[closing]).any()
    assert np.isnat(activities.end[status == ActivityStatus.ACTIVE]).all()
    assert (activities.stop_reason[status == ActivityStatus.STOPPED_EARLY] != "").all()
    assert (activities.stop_reason[status != ActivityStatus.STOPPED_EARLY] == "").all()


def test_values_are_those_the_models_accept(population):
    assert set(population.episodes.kind.tolist()) <= set(EpisodeKind.values)
    contracts = set(population.episodes.contract.tolist()) - {""}
    assert contracts <= set(ContractType.values)
    paid = population.episodes.kind == EpisodeKind.PAID_WORK
    assert (population.episodes.hours[paid] > 0).all()
    assert (population.episodes.contract[paid] != "").all()
    assert set(population.activities.activity_type.tolist()) <= set(ActivityType.values)
    assert set(population.plans.route.tolist()) <= set(LearningRoute.values)
    assert set(population.route_advice.tolist()) <= set(LearningRoute.values)
    assert set(population.household.tolist()) <= set(HouseholdSituation.values)
    circumstances = {
        item for row in population.limiting_circumstances.tolist() for item in row.split(",") if item
    }
    assert circumstances <= set(LimitingCircumstance.values)
    for name in ("dutch_listening", "dutch_reading", "dutch_speaking", "dutch_writing"):
        assert getattr(population, name).min() >= 0
        assert getattr(population, name).max() <= 6
    assert len(max(population.postcode.tolist(), key=len)) <= 7


def test_the_engine_imports_nothing_from_django():
    code = (
        "import sys, werkroute.demo.simulation; "
        "sys.exit(any(name == 'django' or name.startswith('django.') for name in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
