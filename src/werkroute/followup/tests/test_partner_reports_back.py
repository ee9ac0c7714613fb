"""A provider reports attendance and how an activity goes, for the activities it runs, only while the
client's consent to share the file with it holds; the caseworker sees it on the timeline."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from werkroute.accounts.models import Role
from werkroute.accounts.tests.factories import MembershipFactory, UserFactory
from werkroute.audit.models import AuditEvent
from werkroute.cases import services as cases_services
from werkroute.cases.models import ConsentScope
from werkroute.cases.services import ConsentRequired
from werkroute.cases.tests.factories import ActivityFactory, ClientFactory, ConsentFactory
from werkroute.followup import services
from werkroute.followup.models import PartnerReport
from werkroute.regions.models import OrganisationKind
from werkroute.regions.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()
VALUES = {
    "period_end": TODAY - dt.timedelta(days=1),
    "sessions_planned": 8,
    "sessions_attended": 6,
    "outcome": "going_well",
}


@pytest.fixture
def shared(municipality):  # type: ignore[no-untyped-def]
    provider = OrganisationFactory(
        kind=OrganisationKind.PROVIDER, region=municipality.region, name="Taalschool"
    )
    worker = UserFactory(username="taaldocent")
    MembershipFactory(user=worker, organisation=provider, role=Role.PARTNER_WORKER)
    person = ClientFactory(municipality=municipality, last_name="Haddad")
    consent = ConsentFactory(
        client=person,
        scope=ConsentScope.SHARE_FILE_WITH_PARTNER,
        organisation=provider,
        given_on=TODAY - dt.timedelta(days=60),
    )
    activity = ActivityFactory(client=person, provider=provider, start_date=TODAY - dt.timedelta(days=50))
    return provider, worker, person, consent, activity


def test_the_partner_reports_back_through_the_page_and_it_is_on_the_timeline(
    client, shared, caseworker_client
):
    provider, worker, person, _, activity = shared
    client.force_login(worker)
    file = client.get(reverse("cases:client", kwargs={"client_id": person.pk})).content.decode()
    url = reverse("followup:report_back", kwargs={"client_id": person.pk, "activity_id": activity.pk})
    assert url in file
    too_many = client.post(
        url, {**VALUES, "period_end": VALUES["period_end"].isoformat(), "sessions_attended": 9}
    )
    assert "Meer aanwezig dan gepland kan niet" in too_many.content.decode()
    done = client.post(url, {**VALUES, "period_end": VALUES["period_end"].isoformat()})
    assert done.status_code == 302
    report = PartnerReport.objects.get()
    assert (report.sessions_attended, report.organisation, report.reported_by) == (6, provider, worker)
    assert AuditEvent.objects.filter(object_type="partner_report", actor_id=worker.pk).exists()
    timeline = caseworker_client.get(
        reverse("cases:client", kwargs={"client_id": person.pk})
    ).content.decode()
    assert "6 van 8 keer aanwezig" in timeline


def test_no_report_once_the_consent_is_withdrawn(shared, caseworker):
    _, worker, _, consent, activity = shared
    cases_services.withdraw_consent(caseworker, consent, "paper")
    with pytest.raises(ConsentRequired):
        services.report_back(worker, activity, activity.provider_id, VALUES)
    assert not PartnerReport.objects.exists()


def test_no_report_on_an_activity_another_organisation_runs(shared, municipality):
    _, worker, person, _, _ = shared
    elsewhere = ActivityFactory(
        client=person,
        provider=OrganisationFactory(kind=OrganisationKind.PROVIDER, region=municipality.region),
    )
    with pytest.raises(PermissionDenied):
        services.report_back(worker, elsewhere, elsewhere.provider_id, VALUES)
