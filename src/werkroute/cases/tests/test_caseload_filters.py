import datetime as dt

import pytest
from django.urls import reverse

from werkroute.cases import selectors
from werkroute.cases.models import ActivityStatus, EpisodeKind
from werkroute.cases.tests.factories import (
    ActivityFactory,
    ClientFactory,
    LabourEpisodeFactory,
    PlanVersionFactory,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2024, 6, 1)


def _names(user, **filters):
    clients = selectors.caseload(user, selectors.CaseloadFilters(**filters), today=TODAY)
    return sorted(client.last_name for client in clients)


def test_filters_narrow_the_caseload(caseworker, municipality, other_municipality):
    worker = ClientFactory(municipality=municipality, last_name="Werkend", permit_date=dt.date(2019, 5, 1))
    LabourEpisodeFactory(
        client=worker, kind=EpisodeKind.PAID_WORK, hours_per_week=20, start_date=dt.date(2023, 1, 1)
    )
    learner = ClientFactory(municipality=municipality, last_name="Lerend", permit_date=dt.date(2023, 5, 1))
    PlanVersionFactory(client=learner, number=1, learning_route="ONDERWIJS")
    ActivityFactory(client=learner, status=ActivityStatus.ACTIVE)
    benefit = ClientFactory(municipality=municipality, last_name="Uitkering", permit_date=dt.date(2023, 2, 1))
    LabourEpisodeFactory(client=benefit, kind=EpisodeKind.SOCIAL_ASSISTANCE, start_date=dt.date(2023, 3, 1))
    PlanVersionFactory(client=benefit, number=1, learning_route="B1")
    PlanVersionFactory(client=benefit, number=2, learning_route="Z")

    assert _names(caseworker) == ["Lerend", "Uitkering", "Werkend"]
    assert _names(caseworker, cohort=2023) == ["Lerend", "Uitkering"]
    assert _names(caseworker, learning_route="Z") == ["Uitkering"]  # the current version counts
    assert _names(caseworker, learning_route="B1") == []
    assert _names(caseworker, status=EpisodeKind.PAID_WORK) == ["Werkend"]
    assert _names(caseworker, status=EpisodeKind.SOCIAL_ASSISTANCE) == ["Uitkering"]
    assert _names(caseworker, status=EpisodeKind.NONE) == ["Lerend"]
    assert _names(caseworker, without_active_activity=True) == ["Uitkering", "Werkend"]
    assert _names(caseworker, query="lere") == ["Lerend"]
    assert _names(caseworker, municipality_id=other_municipality.pk) == []


def test_caseload_page_filters_through_htmx(caseworker_client, municipality):
    ClientFactory(municipality=municipality, last_name="Zoekbaar")
    ClientFactory(municipality=municipality, last_name="Anders")
    response = caseworker_client.get(
        reverse("cases:caseload"), {"q": "zoek"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="caseload-results"
    )
    content = response.content.decode()
    assert "Zoekbaar" in content and "Anders" not in content
    assert "<html" not in content  # only the results fragment


def test_invalid_filter_values_show_everything_rather_than_failing(caseworker_client, municipality):
    ClientFactory(municipality=municipality, last_name="Iemand")
    response = caseworker_client.get(reverse("cases:caseload"), {"cohort": "abc", "municipality": "999999"})
    assert response.status_code == 200
    assert "Iemand" in response.content.decode()


def test_caseload_opens_on_my_own_clients_and_can_widen_to_the_municipality(
    caseworker_client, caseworker, municipality
):
    ClientFactory(municipality=municipality, last_name="Mijnklant", caseworker=caseworker)
    ClientFactory(municipality=municipality, last_name="Collegaklant")
    mine = caseworker_client.get(reverse("cases:caseload")).content.decode()
    assert "Mijnklant" in mine and "Collegaklant" not in mine
    everyone = caseworker_client.get(reverse("cases:caseload"), {"scope": "all"}).content.decode()
    assert "Mijnklant" in everyone and "Collegaklant" in everyone


def test_caseload_without_own_clients_shows_the_municipality(caseworker_client, municipality):
    ClientFactory(municipality=municipality, last_name="Collegaklant")
    assert "Collegaklant" in caseworker_client.get(reverse("cases:caseload")).content.decode()


def test_an_invalid_filter_is_explained_and_the_valid_ones_still_apply(caseworker_client, municipality):
    ClientFactory(municipality=municipality, last_name="Tesfaye")
    ClientFactory(municipality=municipality, last_name="Rahimi")
    content = caseworker_client.get(
        reverse("cases:caseload"), {"q": "tesf", "cohort": "1850"}
    ).content.decode()
    assert "Tesfaye" in content and "Rahimi" not in content
    assert "geldige keuze" in content


def test_searching_the_caseload_by_bsn_is_refused(caseworker_client, municipality):
    ClientFactory(municipality=municipality, last_name="Iemand", bsn="111222333")
    content = caseworker_client.get(reverse("cases:caseload"), {"q": "111222333"}).content.decode()
    assert "Zoek niet op BSN" in content
