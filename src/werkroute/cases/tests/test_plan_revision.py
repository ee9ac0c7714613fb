import datetime as dt

import pytest
from django.urls import reverse

from werkroute.cases.models import PlanVersion
from werkroute.cases.tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


def _plan_form(based_on="", route="B1", goal="Taalniveau B1 halen", **overrides):
    data = {
        "based_on": based_on,
        "plan_date": "2022-07-20",
        "learning_route": route,
        "agreements": "Twee dagdelen taalles, één dag werkervaring.",
        "review_date": "2023-01-20",
        "reason": "",
        "goals-TOTAL_FORMS": "2",
        "goals-INITIAL_FORMS": "0",
        "goals-MIN_NUM_FORMS": "0",
        "goals-MAX_NUM_FORMS": "20",
        "goals-0-description": goal,
        "goals-0-target_date": "2023-06-01",
        "goals-1-description": "",
        "goals-1-target_date": "",
    }
    data.update(overrides)
    return data


def test_revision_adds_a_version_and_keeps_the_old_one_readable(caseworker_client, municipality):
    person = ClientFactory(municipality=municipality)
    url = reverse("cases:plan_create", kwargs={"client_id": person.pk})
    assert caseworker_client.post(url, _plan_form()).status_code == 302
    response = caseworker_client.post(
        url,
        _plan_form(based_on="1", route="ONDERWIJS", goal="Start mbo niveau 2", reason="Kans op opleiding"),
    )
    assert response.status_code == 302
    versions = list(PlanVersion.objects.filter(client=person).order_by("number"))
    assert [(version.number, version.learning_route) for version in versions] == [(1, "B1"), (2, "ONDERWIJS")]
    old = caseworker_client.get(reverse("cases:plan_version", kwargs={"client_id": person.pk, "number": 1}))
    assert "Taalniveau B1 halen" in old.content.decode()
    assert "eerdere versie" in old.content.decode()
    detail = caseworker_client.get(reverse("cases:client", kwargs={"client_id": person.pk})).content.decode()
    assert "Start mbo niveau 2" in detail
    assert "20-07-2022" in detail  # PIP date = date of the first version


def test_revision_from_an_outdated_version_is_refused(caseworker_client, municipality):
    person = ClientFactory(municipality=municipality)
    url = reverse("cases:plan_create", kwargs={"client_id": person.pk})
    caseworker_client.post(url, _plan_form())
    caseworker_client.post(url, _plan_form(based_on="1", goal="Tweede"))
    response = caseworker_client.post(url, _plan_form(based_on="1", goal="Derde, op oude versie"))
    assert response.status_code == 200
    assert "Iemand anders heeft dit intussen gewijzigd" in response.content.decode()
    assert PlanVersion.objects.filter(client=person).count() == 2
    assert 'name="based_on" value="2"' in response.content.decode()


def test_plan_without_goals_is_refused(caseworker_client, municipality):
    person = ClientFactory(municipality=municipality)
    url = reverse("cases:plan_create", kwargs={"client_id": person.pk})
    response = caseworker_client.post(url, _plan_form(goal="", **{"goals-0-target_date": ""}))
    assert "minstens één doel" in response.content.decode()
    assert not PlanVersion.objects.exists()


def test_late_pip_is_flagged(caseworker_client, municipality):
    person = ClientFactory(municipality=municipality, registration_date=dt.date(2022, 6, 1))
    caseworker_client.post(
        reverse("cases:plan_create", kwargs={"client_id": person.pk}), _plan_form(plan_date="2022-09-01")
    )
    detail = caseworker_client.get(reverse("cases:client", kwargs={"client_id": person.pk})).content.decode()
    assert "10-08-2022" in detail  # the legal deadline
    assert "termijn overschreden" in detail


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"plan_date": "2999-01-01", "review_date": "2999-06-01"}, "in de toekomst"),
        ({"plan_date": "2022-01-01"}, "vóór de inschrijving"),
        ({"goals-0-target_date": "2022-07-01"}, "streefdatum van een doel"),
    ],
)
def test_bad_plan_dates_are_refused(caseworker_client, municipality, overrides, message):
    person = ClientFactory(municipality=municipality)
    response = caseworker_client.post(
        reverse("cases:plan_create", kwargs={"client_id": person.pk}), _plan_form(**overrides)
    )
    assert message in response.content.decode()
    assert not PlanVersion.objects.exists()


def test_a_revision_cannot_be_dated_before_the_previous_version(caseworker_client, municipality):
    person = ClientFactory(municipality=municipality)
    url = reverse("cases:plan_create", kwargs={"client_id": person.pk})
    caseworker_client.post(url, _plan_form())
    response = caseworker_client.post(url, _plan_form(based_on="1", plan_date="2022-07-01"))
    assert "eerder gedateerd zijn dan de vorige versie" in response.content.decode()


def test_no_pip_deadline_before_the_2021_integration_law(caseworker_client, municipality):
    person = ClientFactory(
        municipality=municipality, permit_date=dt.date(2016, 1, 1), registration_date=dt.date(2016, 3, 1)
    )
    assert person.pip_deadline is None
    detail = caseworker_client.get(reverse("cases:client", kwargs={"client_id": person.pk})).content.decode()
    assert "termijn overschreden" not in detail and "wettelijke termijn" not in detail
