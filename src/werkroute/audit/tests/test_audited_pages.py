"""Every page that shows a client's data writes an audit entry; so does a refused or failed attempt."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from werkroute.accounts.tests.test_permission_matrix import PAGES
from werkroute.audit.models import AuditAction, AuditEvent
from werkroute.audit.services import unseal
from werkroute.audit.tests.helpers import assert_audited, assert_not_audited
from werkroute.cases.tests.factories import ClientFactory, url_kwargs_for

pytestmark = pytest.mark.django_db

# Every page of the whole URL configuration that is about one client (it takes a client id). The
# partner's report on its own activity is opened by the partner: see the test after the next.
PARTNER_PAGES = {"followup:report_back"}
CLIENT_PAGES = sorted(
    name
    for name, pattern in PAGES.items()
    if "client_id" in pattern.pattern.converters and name not in PARTNER_PAGES
)


def test_the_generated_list_holds_the_pages_it_must():
    assert {"cases:client", "cases:intake", "privacy:client", "privacy:export_html"} <= set(CLIENT_PAGES)


@pytest.mark.parametrize("name", CLIENT_PAGES)
def test_every_client_page_leaves_a_view_entry(client, caseworker, municipality, name):
    person = ClientFactory(municipality=municipality)
    user = caseworker
    if name.startswith("privacy:"):  # the privacy officer's pages
        caseworker.user_permissions.add(Permission.objects.get(codename="inspect_access"))
    client.force_login(user)
    url = reverse(name, kwargs=url_kwargs_for(PAGES[name], person))
    before = AuditEvent.objects.filter(client_id=person.pk, actor_id=user.pk).count()
    assert client.get(url).status_code == 200
    entries = AuditEvent.objects.filter(client_id=person.pk, actor_id=user.pk)
    assert entries.count() > before
    entry = entries.last()
    assert entry.role == "caseworker" and entry.request_id and entry.purpose
    assert entry.action in (AuditAction.VIEW, AuditAction.EXPORT)


def test_the_partners_report_page_leaves_a_view_entry_for_the_partner(client, municipality):
    import datetime as dt

    from werkroute.accounts.models import Role
    from werkroute.accounts.tests.factories import MembershipFactory, UserFactory
    from werkroute.cases.models import ConsentScope
    from werkroute.cases.tests.factories import ActivityFactory, ConsentFactory
    from werkroute.regions.models import OrganisationKind
    from werkroute.regions.tests.factories import OrganisationFactory

    provider = OrganisationFactory(kind=OrganisationKind.PROVIDER, region=municipality.region)
    worker = UserFactory()
    MembershipFactory(user=worker, organisation=provider, role=Role.PARTNER_WORKER)
    person = ClientFactory(municipality=municipality)
    ConsentFactory(
        client=person,
        scope=ConsentScope.SHARE_FILE_WITH_PARTNER,
        organisation=provider,
        given_on=dt.date.today() - dt.timedelta(days=30),
    )
    activity = ActivityFactory(client=person, provider=provider)
    client.force_login(worker)
    (name,) = PARTNER_PAGES
    assert (
        client.get(reverse(name, kwargs={"client_id": person.pk, "activity_id": activity.pk})).status_code
        == 200
    )
    entry = AuditEvent.objects.filter(client_id=person.pk, actor_id=worker.pk).last()
    assert entry is not None and entry.role == "partner_worker" and entry.action == AuditAction.VIEW


def test_an_intake_update_is_logged_with_old_and_new_values_sealed_per_client(
    caseworker_client, municipality
):
    from werkroute.cases.tests.test_intake import _intake_form

    person = ClientFactory(municipality=municipality)
    url = reverse("cases:intake", kwargs={"client_id": person.pk})
    caseworker_client.post(url, _intake_form())
    caseworker_client.post(url, _intake_form(dutch_speaking="B1", hours_available="32", version="1"))
    update = assert_audited(client_id=person.pk, object_type="intake_recorded", count=2)
    assert update.changes["changed"] == ["dutch_speaking", "hours_available"]
    assert unseal(person.pk, update.changes["sealed"]) == {
        "dutch_speaking": ["A2", "B1"],
        "hours_available": [24, 32],
    }
    # Nothing but the field names and the sealed text: no level stands in the entry in the clear (the
    # ciphertext itself may contain any two letters, so it is left out of this look).
    readable = {key: value for key, value in update.changes.items() if key != "sealed"}
    assert "B1" not in str(readable) and "A2" not in str(readable)
    assert set(update.changes) <= {"changed", "sealed", "first"}


def test_probing_another_municipality_is_refused_and_logged(
    caseworker_client, caseworker, other_municipality
):
    stranger = ClientFactory(
        municipality=other_municipality, last_name="Buitenstaander"
    )  # a name no page contains by chance
    response = caseworker_client.get(reverse("cases:client", kwargs={"client_id": stranger.pk}))
    assert response.status_code == 404
    refused = assert_audited(action=AuditAction.REFUSED, count=1)
    assert refused.actor_id == caseworker.pk and refused.object_id == str(stranger.pk)
    assert refused.client_id is None  # the log of this client's file does not show a view


def test_a_write_is_logged_with_its_parameters(caseworker_client, municipality):
    person = ClientFactory(municipality=municipality)
    caseworker_client.post(
        reverse("cases:activity_create", kwargs={"client_id": person.pk}),
        {"activity_type": "map", "start_date": "2024-02-01"},
    )
    created = assert_audited(action=AuditAction.CREATE, client_id=person.pk, count=1)
    assert created.object_type == "activity_planned" and created.changes["activity_type"] == "map"


def test_a_rejected_form_still_leaves_its_view_entry(caseworker_client, municipality):
    person = ClientFactory(municipality=municipality)
    response = caseworker_client.post(
        reverse("cases:episode_create", kwargs={"client_id": person.pk}),
        {"kind": "education", "start_date": "2023-09-01", "end_date": "2023-01-01"},
    )
    assert response.status_code == 200
    assert_audited(client_id=person.pk, action=AuditAction.VIEW, count=1)
    assert_not_audited(client_id=person.pk, action=AuditAction.CREATE)


def test_logins_and_failed_logins_are_logged_without_the_password(client):
    from werkroute.accounts.tests.factories import UserFactory

    UserFactory(username="km")
    client.post(reverse("login"), {"username": "km", "password": "fout-wachtwoord-9"})
    client.post(reverse("login"), {"username": "km", "password": "test-wachtwoord-123"})
    failed = assert_audited(action=AuditAction.LOGIN_FAILED, count=1)
    assert failed.actor_name == "km"
    assert "fout-wachtwoord-9" not in str(failed.changes)
    assert_audited(action=AuditAction.LOGIN, actor_name="km")


def test_a_change_of_registration_data_is_logged_with_sealed_old_and_new_values_but_no_bsn(
    caseworker, municipality
):
    from werkroute.cases import services

    person = ClientFactory(municipality=municipality, phone="0612345678")
    services.update_client(caseworker, person, person.version, {"phone": "0687654321", "bsn": "111222333"})
    entry = assert_audited(action=AuditAction.UPDATE, client_id=person.pk, count=1)
    assert unseal(person.pk, entry.changes["sealed"])["phone"] == ["0612345678", "0687654321"]
    assert entry.changes["values"] == {"bsn": ["", "gewijzigd"]}
    assert "111222333" not in str(entry.changes) and "0687654321" not in str(entry.changes)
    timeline = person.timeline_events.get(kind="client_updated")
    assert "0687654321" not in str(timeline.data)
