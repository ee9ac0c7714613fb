"""Every page that shows a client's data writes an audit entry; so does a refused or failed attempt."""

import pytest
from django.urls import reverse

from werkroute.audit.models import AuditAction, AuditEvent
from werkroute.cases.tests.factories import ClientFactory
from werkroute.cases.tests.test_client_scope import CLIENT_URL_NAMES, _kwargs_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", CLIENT_URL_NAMES)
def test_every_client_page_leaves_a_view_entry(caseworker_client, caseworker, municipality, name):
    person = ClientFactory(municipality=municipality)
    url = reverse(f"cases:{name}", kwargs=_kwargs_for(name, person))
    before = AuditEvent.objects.filter(client_id=person.pk, action=AuditAction.VIEW).count()
    assert caseworker_client.get(url).status_code == 200
    entries = AuditEvent.objects.filter(client_id=person.pk, action=AuditAction.VIEW)
    assert entries.count() == before + 1
    entry = entries.last()
    assert entry.actor_id == caseworker.pk and entry.role == "caseworker" and entry.request_id


def test_probing_another_municipality_is_refused_and_logged(
    caseworker_client, caseworker, other_municipality
):
    stranger = ClientFactory(municipality=other_municipality)
    response = caseworker_client.get(reverse("cases:client", kwargs={"client_id": stranger.pk}))
    assert response.status_code == 404
    refused = AuditEvent.objects.get(action=AuditAction.REFUSED)
    assert refused.actor_id == caseworker.pk and refused.object_id == str(stranger.pk)
    assert refused.client_id is None  # the log of this client's file does not show a view


def test_a_write_is_logged_with_its_parameters(caseworker_client, municipality):
    person = ClientFactory(municipality=municipality)
    caseworker_client.post(
        reverse("cases:activity_create", kwargs={"client_id": person.pk}),
        {"activity_type": "map", "start_date": "2024-02-01"},
    )
    created = AuditEvent.objects.get(action=AuditAction.CREATE, client_id=person.pk)
    assert created.object_type == "activity_planned" and created.changes["activity_type"] == "map"


def test_a_rejected_form_still_leaves_its_view_entry(caseworker_client, municipality):
    person = ClientFactory(municipality=municipality)
    response = caseworker_client.post(
        reverse("cases:episode_create", kwargs={"client_id": person.pk}),
        {"kind": "education", "start_date": "2023-09-01", "end_date": "2023-01-01"},
    )
    assert response.status_code == 200
    assert AuditEvent.objects.filter(client_id=person.pk, action=AuditAction.VIEW).count() == 1
    assert not AuditEvent.objects.filter(client_id=person.pk, action=AuditAction.CREATE).exists()


def test_logins_and_failed_logins_are_logged_without_the_password(client):
    from werkroute.accounts.tests.factories import UserFactory

    UserFactory(username="km")
    client.post(reverse("login"), {"username": "km", "password": "fout-wachtwoord-9"})
    client.post(reverse("login"), {"username": "km", "password": "test-wachtwoord-123"})
    failed = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert failed.actor_name == "km"
    assert "fout-wachtwoord-9" not in str(failed.changes)
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN, actor_name="km").exists()


def test_a_change_of_registration_data_is_logged_with_old_and_new_values_but_no_bsn(caseworker, municipality):
    from werkroute.cases import services

    person = ClientFactory(municipality=municipality, phone="0612345678")
    services.update_client(caseworker, person, person.version, {"phone": "0687654321", "bsn": "111222333"})
    entry = AuditEvent.objects.get(action=AuditAction.UPDATE, client_id=person.pk)
    assert entry.changes["values"]["phone"] == ["0612345678", "0687654321"]
    assert "111222333" not in str(entry.changes)
    timeline = person.timeline_events.get(kind="client_updated")
    assert "0687654321" not in str(timeline.data)
