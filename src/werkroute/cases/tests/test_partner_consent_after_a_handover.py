"""A consent to share the file with a partner is given to the municipality that holds the file. When a warm
handover moves the file to another municipality, that consent no longer opens it: the partner loses the
file at the moment of acceptance (checked at every read, in the selector), sees a plain Dutch message in
its list instead of the file, and the new municipality may ask the client for a new consent, which opens it
again."""

import datetime as dt

import pytest
from django.urls import reverse

from werkroute.accounts.models import Role
from werkroute.accounts.tests.factories import MembershipFactory, UserFactory, caseworker_of
from werkroute.cases import handovers, selectors, services
from werkroute.cases.models import Consent, ConsentScope
from werkroute.cases.services import ConsentRequired
from werkroute.cases.tests.factories import ActivityFactory, ClientFactory, ConsentFactory
from werkroute.followup import services as followup_services
from werkroute.regions.models import OrganisationKind
from werkroute.regions.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


@pytest.fixture
def setting(municipality, other_municipality):  # type: ignore[no-untyped-def]
    # Two municipalities of one region: the partner works for both, so only the consent decides.
    partner = OrganisationFactory(kind=OrganisationKind.PARTNER, region=municipality.region)
    worker = UserFactory(username="vluchtelingenwerk")
    MembershipFactory(user=worker, organisation=partner, role=Role.PARTNER_WORKER)
    person = ClientFactory(municipality=municipality, first_name="Rania", last_name="Verhuisdkind")
    ConsentFactory(
        client=person,
        scope=ConsentScope.SHARE_FILE_WITH_PARTNER,
        organisation=partner,
        given_on=TODAY - dt.timedelta(days=20),
    )
    return person, partner, worker


def _move(person, to_municipality, accept: bool = True):  # type: ignore[no-untyped-def]
    handover = handovers.send_handover(
        caseworker_of(person.municipality),
        person,
        {
            "to_municipality": to_municipality,
            "moved_on": TODAY,
            "ground": "legal_basis",
            "legal_basis": "wet_inburgering_2021",
            "note": "Verhuist.",
        },
    )
    receiver = caseworker_of(to_municipality)
    if accept:
        handovers.accept_handover(receiver, handover)
        person.refresh_from_db()
    return receiver


def test_the_consent_records_the_municipality_it_was_given_to(setting, caseworker, municipality):
    person, _partner, _worker = setting
    consent = services.give_consent(
        caseworker,
        person,
        {"scope": ConsentScope.SHARE_PROFILE_WITH_EMPLOYERS, "given_on": TODAY, "method": "paper"},
    )
    assert consent.municipality == municipality


def test_a_partners_access_ends_when_the_handover_is_accepted(client, setting, other_municipality):
    person, _partner, worker = setting
    client.force_login(worker)
    file_url = reverse("cases:client", kwargs={"client_id": person.pk})
    assert client.get(file_url).status_code == 200

    # Sent but not accepted: the file is still the sending municipality's, and so is the consent.
    receiver = _move(person, other_municipality, accept=False)
    assert client.get(file_url).status_code == 200

    from werkroute.cases.models import Handover

    handovers.accept_handover(receiver, Handover.objects.get(client=person))
    person.refresh_from_db()
    # The consent itself is untouched (it still runs by its dates), it only no longer counts.
    assert Consent.objects.get(client=person).is_valid_on(TODAY)
    refused = client.get(file_url)
    assert refused.status_code == 404
    assert "Verhuisdkind" not in refused.content.decode()
    with pytest.raises(Exception) as not_found:
        selectors.get_client(worker, person.pk)
    assert not_found.typename == "Http404"

    # The partner's list says why a file is gone, in plain Dutch, without naming the client or the town.
    shared = client.get(reverse("cases:shared"))
    assert shared.status_code == 200
    content = shared.content.decode()
    assert "Verhuisdkind" not in content and other_municipality.name not in content
    assert "naar een andere gemeente verhuisd" in content
    assert "vraagt de nieuwe gemeente opnieuw om toestemming" in content
    assert selectors.shares_ended_by_a_move(worker) == 1


def test_the_new_municipality_asks_again_and_the_partner_sees_the_file_again(
    client, setting, other_municipality
):
    person, partner, worker = setting
    receiver = _move(person, other_municipality)
    # The old consent still runs by its dates; it must not stand in the way of the new municipality's.
    consent = services.give_consent(
        receiver,
        person,
        {
            "scope": ConsentScope.SHARE_FILE_WITH_PARTNER,
            "organisation": partner,
            "given_on": TODAY,
            "method": "in_person",
        },
    )
    assert consent.municipality == other_municipality
    client.force_login(worker)
    assert client.get(reverse("cases:client", kwargs={"client_id": person.pk})).status_code == 200
    assert selectors.shares_ended_by_a_move(worker) == 0
    assert "Verhuisdkind" in client.get(reverse("cases:shared")).content.decode()


def test_a_partner_cannot_report_back_on_the_old_consent(setting, other_municipality):
    person, partner, worker = setting
    activity = ActivityFactory(client=person, provider=partner, status="active", start_date=TODAY)
    _move(person, other_municipality)
    activity.refresh_from_db()
    values = {
        "period_end": TODAY,
        "sessions_planned": 4,
        "sessions_attended": 3,
        "outcome": "on_track",
        "note": "",
    }
    with pytest.raises(ConsentRequired):
        followup_services.report_back(worker, activity, partner.pk, values)


def test_the_receiving_caseworker_is_not_told_a_consent_holds(setting, other_municipality):
    person, partner, _worker = setting
    receiver = _move(person, other_municipality)
    assert not selectors.has_valid_consent(receiver, person, ConsentScope.SHARE_FILE_WITH_PARTNER)
    with pytest.raises(ConsentRequired):
        services.require_consent(receiver, person, ConsentScope.SHARE_FILE_WITH_PARTNER, organisation=partner)


def test_the_file_and_the_portal_say_the_old_consent_no_longer_counts(client, setting, other_municipality):
    person, partner, _worker = setting
    receiver = _move(person, other_municipality)
    client.force_login(receiver)
    page = client.get(reverse("cases:client", kwargs={"client_id": person.pk})).content.decode()
    assert "gegeven aan de vorige gemeente; geldt niet meer" in page
    file = selectors.client_file(receiver, person.pk)
    assert file.consents_of_previous_municipality == {Consent.objects.get(client=person).pk}

    # In the portal the client is told it no longer holds, and may give it again to the same partner.
    from werkroute.cases.tests.factories import ClientAccountFactory

    account = ClientAccountFactory(client=person)
    client.force_login(account.user)
    portal = client.get(reverse("portal:consents")).content.decode()
    assert "Deze toestemming geldt niet meer." in portal
    assert "Trek deze toestemming in" not in portal
    assert f'value="{partner.pk}"' in portal  # the partner is offered again
