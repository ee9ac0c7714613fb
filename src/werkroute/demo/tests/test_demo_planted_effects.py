"""The demo plants a known effect per demo intervention, with participants selected on their profile; the
outcomes measured from the loaded case files must find that effect, where the naive difference does not."""

import numpy as np
import pytest
from django.db.models import F

from werkroute.cases.models import Client
from werkroute.demo import loader
from werkroute.demo import region as demo_region
from werkroute.demo.knowledge import DEMO_CATALOGUE, link_planted, load_catalogue
from werkroute.demo.simulation import simulate
from werkroute.demo.simulation.interventions import PLANTED
from werkroute.demo.tests.test_demo_loader import TODAY, small_region  # noqa: F401 (a fixture)
from werkroute.knowledge import services as knowledge
from werkroute.knowledge.models import ActivityIntervention, InterventionOutcome

pytestmark = pytest.mark.django_db
CLIENTS = 2500


def test_every_demo_intervention_is_planted_with_an_activity_of_its_own_kinds():
    catalogue = {item["code"]: item for item in DEMO_CATALOGUE}
    assert [item.code for item in PLANTED] == list(catalogue)
    for item in PLANTED:
        assert item.activity_type in catalogue[item.code]["activity_types"]


@pytest.fixture
def measured(small_region):  # noqa: F811
    population = simulate(demo_region.region_input(small_region), CLIENTS, seed=2016, today=TODAY)
    demo = demo_region.prepare_region(small_region)
    loader.load_population(population, demo)
    links = link_planted(population, load_catalogue([small_region.code]))
    knowledge.measure_outcomes(TODAY)
    return population, links


def _estimates(population):
    """(code, outcome, months, stored figures, true effect) of every estimate the page shows."""
    stored = {
        outcome.intervention.code: outcome.data
        for outcome in InterventionOutcome.objects.select_related("intervention")
    }
    found = []
    for effect in population.planted:
        for horizon in stored[effect.code]["horizons"]:
            for outcome, figures in horizon["outcomes"].items():
                if figures is not None and outcome in effect.true_effect:
                    truth = effect.true_effect[outcome][horizon["months"]]
                    found.append((effect.code, outcome, horizon["months"], figures, truth))
    return found


def test_the_measured_outcomes_find_the_planted_effect_and_the_naive_difference_does_not(measured):
    population, links = measured
    assert links == sum(effect.participants for effect in population.planted)
    assert ActivityIntervention.objects.count() == links
    estimates = _estimates(population)
    work_12 = [row for row in estimates if row[1] == "paid_work" and row[2] == 12]
    assert len(work_12) >= 4, "most demo interventions have enough participants for an estimate"
    covered = [figures["ci_low"] <= truth <= figures["ci_high"] for *_, figures, truth in estimates]
    assert np.mean(covered) >= 0.85
    assert all(figures["ci_low"] <= truth <= figures["ci_high"] for *_, figures, truth in work_12)
    # Participants are selected on a profile that finds work anyway: the naive difference overstates.
    bias = [figures["naive"] - truth for _, outcome, _, figures, truth in estimates if outcome == "paid_work"]
    assert np.mean(bias) > 0.03
    error = [
        figures["effect"] - truth for _, outcome, _, figures, truth in estimates if outcome == "paid_work"
    ]
    assert abs(np.mean(error)) < np.mean(bias) / 2


def test_the_same_case_files_give_the_same_figures_whatever_order_the_database_returns_them_in(measured):
    before = {outcome.intervention_id: outcome.data for outcome in InterventionOutcome.objects.all()}
    # An update writes a new version of each row at the end of PostgreSQL's table, so a scan returns the
    # clients in another order than they were loaded in (SQLite keeps its order; there this is a repeat).
    every_other = list(Client.objects.order_by("pk").values_list("pk", flat=True))[::2]
    Client.objects.filter(pk__in=every_other).update(updated_at=F("updated_at"))
    knowledge.measure_outcomes(TODAY)
    after = {outcome.intervention_id: outcome.data for outcome in InterventionOutcome.objects.all()}
    assert after == before
