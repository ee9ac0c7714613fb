"""The intake records whether the client wants to move for work (issue 18): the national market then
offers them placements beyond their travel time. Asked, never assumed: unticked by default."""

import pytest
from django.urls import reverse

from werkroute.api.tests.factories import system_for
from werkroute.cases.models import Intake
from werkroute.cases.tests.factories import ClientFactory, IntakeFactory
from werkroute.cases.tests.test_intake import _intake_form
from werkroute.regions.models import Organisation

pytestmark = pytest.mark.django_db


def test_the_caseworker_records_that_the_client_wants_to_move_for_work(caseworker_client, municipality):
    person = ClientFactory(municipality=municipality)
    url = reverse("cases:intake", kwargs={"client_id": person.pk})
    form = caseworker_client.get(url).content.decode()
    assert "Wil verhuizen voor werk" in form

    response = caseworker_client.post(url, _intake_form(willing_to_move="on"))

    assert response.status_code == 302, response.content.decode()[:2000]
    assert Intake.objects.get(client=person).willing_to_move
    detail = caseworker_client.get(reverse("cases:client", kwargs={"client_id": person.pk})).content.decode()
    assert "Wil verhuizen voor werk" in detail


def test_an_intake_says_no_unless_the_client_said_so(caseworker_client, municipality):
    person = ClientFactory(municipality=municipality)
    caseworker_client.post(reverse("cases:intake", kwargs={"client_id": person.pk}), _intake_form())
    assert Intake.objects.get(client=person).willing_to_move is False


def test_the_api_gives_the_willingness_to_move_with_the_intake(municipality, caseworker):
    system = system_for(Organisation.objects.get(memberships__user=caseworker))
    moving = IntakeFactory(client=ClientFactory(municipality=municipality), willing_to_move=True)
    staying = IntakeFactory(client=ClientFactory(municipality=municipality))

    assert system.get(f"/clients/{moving.client_id}/intake").json()["willingToMove"] is True
    assert system.get(f"/clients/{staying.client_id}/intake").json()["willingToMove"] is False
