"""A target group other than statushouders, end to end: registration → plan → monitoring, where it is a
group of its own and no PIP deadline applies (only the integration law sets one, for statushouders)."""

import datetime as dt

import pytest
from django.urls import reverse

from werkroute.cases.models import Client, PlanVersion
from werkroute.cases.tests.factories import ClientFactory, PlanVersionFactory, TargetGroupFactory
from werkroute.monitoring import adapter, engine, services
from werkroute.monitoring.models import IndicatorSnapshot

pytestmark = pytest.mark.django_db

AS_OF = dt.date.today()
REGISTERED = dt.date(2024, 4, 1)


def _plan_form() -> dict[str, str]:
    return {
        "based_on": "",
        # Half a year after registration: late for a statushouder, no deadline for this group.
        "plan_date": "2024-10-01",
        "learning_route": "B1",
        "agreements": "Taalles en werkervaring.",
        "review_date": "2025-04-01",
        "reason": "",
        "goals-TOTAL_FORMS": "1",
        "goals-INITIAL_FORMS": "0",
        "goals-MIN_NUM_FORMS": "0",
        "goals-MAX_NUM_FORMS": "20",
        "goals-0-description": "Werk in de zorg",
        "goals-0-target_date": "2025-06-01",
    }


def test_a_group_besides_statushouders_from_registration_to_monitoring(caseworker_client, municipality):
    group = TargetGroupFactory(code="ontheemden-oekraine", name="Ontheemden uit Oekraïne")

    registered = caseworker_client.post(
        reverse("cases:client_create"),
        {
            "first_name": "Olena",
            "last_name": "Kovalenko",
            "date_of_birth": "1988-09-12",
            "municipality": municipality.pk,
            "permit_date": "2024-03-01",
            "registration_date": REGISTERED.isoformat(),
            "gender": "female",
            "nationality": "ua",
            "target_group": group.pk,
        },
    )
    assert registered.status_code == 302
    person = Client.objects.get(last_name="Kovalenko")
    assert person.target_group == group
    assert person.pip_deadline is None
    assert "wettelijke termijn" not in caseworker_client.get(registered.url).content.decode()

    plan_url = reverse("cases:plan_create", kwargs={"client_id": person.pk})
    assert "Wettelijke termijn" not in caseworker_client.get(plan_url).content.decode()
    assert caseworker_client.post(plan_url, _plan_form()).status_code == 302
    assert PlanVersion.objects.filter(client=person, number=1).exists()

    # Enough people in both groups that the figures are shown rather than suppressed.
    for _ in range(11):
        other = ClientFactory(municipality=municipality, target_group=group, registration_date=REGISTERED)
        PlanVersionFactory(client=other, plan_date=dt.date(2024, 10, 1))
    statushouders = [
        ClientFactory(municipality=municipality, registration_date=REGISTERED) for _ in range(12)
    ]
    for each in statushouders:
        PlanVersionFactory(client=each, plan_date=dt.date(2024, 10, 1))

    data = adapter.load_case_data(AS_OF, [municipality.pk])
    assert data.target_groups[0] == engine.STATUSHOUDER and group.code in data.target_groups
    index = data.target_groups.index(group.code)
    assert int((data.target_group == index).sum()) == 12
    # The PIP deadline applies to the statushouders only.
    assert not data.pip_deadline_applies[data.target_group == index].any()
    assert data.pip_deadline_applies[data.target_group == 0].all()

    response = caseworker_client.post(reverse("monitoring:refresh"))
    assert response.status_code == 302 and IndicatorSnapshot.objects.count() == 1
    table = services.compute(AS_OF).table
    mine = table[
        (table.area_code == municipality.code)
        & (table.group == "target_group")
        & (table.cohort.isna())
        & (table.months_since_permit.isna())
    ]
    by_value = mine.set_index(["group_value", "indicator"])
    assert by_value.loc[(group.code, "days_to_pip"), "denominator"] == 12
    assert by_value.loc[("statushouder", "pip_within_deadline"), "denominator"] == 12
    assert (group.code, "pip_within_deadline") not in by_value.index or by_value.loc[
        (group.code, "pip_within_deadline"), "denominator"
    ] in (0, None)

    page = caseworker_client.get(reverse("monitoring:municipality", kwargs={"code": municipality.code}))
    content = page.content.decode()
    assert "doelgroep" in content and "Ontheemden uit Oekraïne" in content
