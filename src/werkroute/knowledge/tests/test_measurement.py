"""From the case tables to the page: the job measures, stores, and the intervention's page shows the
stored estimate beside the naive difference, the counts, the balance and the curves, with the warning."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from werkroute.accounts.models import Role
from werkroute.accounts.tests.factories import caseworker_of
from werkroute.audit.models import AuditEvent
from werkroute.knowledge import services, tasks
from werkroute.knowledge.models import InterventionOutcome
from werkroute.knowledge.tests.factories import InterventionFactory, knowledge_editor
from werkroute.knowledge.tests.planting import plant
from werkroute.knowledge.tests.simulation import simulate

pytestmark = pytest.mark.django_db


@pytest.fixture
def measured(municipality):
    simulated = simulate(1500, {1: 3.0}, seed=11)
    intervention = InterventionFactory(name="Duaal traject met coach")
    plant(simulated, municipality, {1: intervention})
    as_of = dt.date(1970, 1, 1) + dt.timedelta(days=int(simulated.population.as_of))
    services.measure_outcomes(as_of)
    return intervention, simulated


def test_the_job_stores_the_estimate_and_the_page_shows_it_from_storage(
    client, municipality, measured, django_assert_max_num_queries
):
    intervention, simulated = measured
    stored = InterventionOutcome.objects.get(intervention=intervention)
    assert stored.participants == len(simulated.population.participation_client)
    assert stored.measured
    horizon = next(entry for entry in stored.data["horizons"] if entry["months"] == 12)
    figures = horizon["outcomes"]["paid_work"]
    truth = simulated.true_effect_12[1]
    assert figures["ci_low"] <= truth <= figures["ci_high"]
    assert figures["effect"] > 0.05

    analyst = caseworker_of(municipality, role=Role.POLICY_ANALYST)
    client.force_login(analyst)
    # The intervention and its stored outcome in one query (plus session, account, regions, permissions).
    with django_assert_max_num_queries(11):
        content = client.get(reverse("knowledge:intervention", args=[intervention.pk])).content.decode()
    for text in (
        "geen bewijs",
        "12 maanden na de start",
        "geschat effect (interval van 95 procent)",
        "ruw verschil",
        "vergelijkingsgroep (gewogen)",
        "Balans: grootste gestandaardiseerde verschil",
        "Tijd tot betaald werk na de start (Kaplan–Meier)",
        "<svg",
    ):
        assert text in content, text
    listing = client.get(reverse("knowledge:catalogue"), {"measured": "on"}).content.decode()
    assert "Duaal traject met coach" in listing
    # Reading aggregates is not reading a file: nothing about any client is logged for the reader.
    assert not AuditEvent.objects.filter(actor_id=analyst.pk, client_id__isnull=False).exists()


def test_a_knowledge_editor_asks_for_a_new_measurement(client, municipality):
    intervention = InterventionFactory()
    editor = knowledge_editor(municipality)
    client.force_login(editor)
    response = client.post(reverse("knowledge:measure"))
    assert response.status_code == 302
    # The test settings run the job at once.
    assert InterventionOutcome.objects.get(intervention=intervention).participants == 0


def test_the_nightly_job_is_scheduled():
    assert tasks.measure_outcomes_nightly.s().validate_datetime(dt.datetime(2026, 12, 2, 2, 30))
    assert not tasks.measure_outcomes_nightly.s().validate_datetime(dt.datetime(2026, 12, 2, 14, 0))
