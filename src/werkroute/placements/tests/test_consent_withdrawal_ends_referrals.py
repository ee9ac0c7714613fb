"""A withdrawn (or expired) consent to share the work profile ends the employer's view and steps at once,
withdraws the open referrals, and asks the caseworker to talk with the client."""

import datetime as dt

import pytest
from django.test import Client as Browser
from django.urls import reverse

from werkroute.audit.models import AuditAction, AuditEvent
from werkroute.cases import services as cases
from werkroute.cases.events import Kind
from werkroute.cases.models import ConsentScope, TimelineEvent
from werkroute.cases.services import ConsentRequired, give_consent
from werkroute.cases.tests.factories import ClientFactory, ConsentFactory, IntakeFactory
from werkroute.placements import selectors, services
from werkroute.placements.models import Referral, ReferralStatus, WithdrawalReason
from werkroute.placements.tests.factories import EmployerFactory, PlacementFactory, employer_user
from werkroute.regions.tests.factories import PostcodeAreaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def area(municipality):
    return PostcodeAreaFactory(municipality=municipality, latitude=51.84, longitude=5.85)


def _client_with_consent(municipality, caseworker, area, first_name="Amal"):  # type: ignore[no-untyped-def]
    person = ClientFactory(
        municipality=municipality, first_name=first_name, last_name="Haddad", postcode=f"{area.pc4} AB"
    )
    IntakeFactory(client=person)
    consent = give_consent(
        caseworker,
        person,
        {
            "scope": ConsentScope.SHARE_PROFILE_WITH_EMPLOYERS,
            "given_on": dt.date.today() - dt.timedelta(days=10),
            "method": "paper",
        },
    )
    return person, consent


def _referral(caseworker, person, placement, upto: str) -> Referral:  # type: ignore[no-untyped-def]
    referral = services.propose_referral(caseworker, person, placement)
    steps = [
        (ReferralStatus.CONSENTED, lambda r: services.record_client_consent(caseworker, r)),
        (ReferralStatus.SENT, lambda r: services.send_to_employer(caseworker, r)),
        (ReferralStatus.INTERVIEW, lambda r: services.record_interview(caseworker, r)),
        (ReferralStatus.ACCEPTED, lambda r: services.decide(caseworker, r, accepted=True)),
        (ReferralStatus.STARTED, lambda r: services.start_work(caseworker, r, dt.date.today(), 24)),
    ]
    for status, step in steps:
        if referral.status == upto:
            break
        referral = step(referral)
        assert referral.status == status
    return referral


@pytest.fixture
def sent(municipality, caseworker, area):
    person, consent = _client_with_consent(municipality, caseworker, area)
    employer = EmployerFactory(region=municipality.region)
    placement = PlacementFactory(employer=employer, postcode=area, capacity=3)
    referral = _referral(caseworker, person, placement, ReferralStatus.SENT)
    return referral, consent, employer_user(employer, username="werkgever")


def _employer_page(user, placement):  # type: ignore[no-untyped-def]
    browser = Browser()
    browser.force_login(user)
    return browser, reverse("placements:referrals", kwargs={"placement_id": placement.pk})


def test_after_the_withdrawal_the_employer_no_longer_sees_the_profile(sent, caseworker):
    referral, consent, employer = sent
    browser, url = _employer_page(employer, referral.placement)
    assert "Amal" in browser.get(url).content.decode()
    views_before = AuditEvent.objects.filter(object_type="work_profile").count()

    cases.withdraw_consent(caseworker, consent, "portal")

    content = browser.get(url).content.decode()
    assert "Amal" not in content
    assert "1 eerder gestuurde voordracht is ingetrokken" in content
    assert AuditEvent.objects.filter(object_type="work_profile").count() == views_before


def test_after_the_withdrawal_the_employer_cannot_move_the_referral(sent, caseworker):
    referral, consent, employer = sent
    cases.withdraw_consent(caseworker, consent, "portal")
    browser, url = _employer_page(employer, referral.placement)
    assert browser.post(url, {"referral": referral.pk, "action": "interview"}).status_code == 404
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.WITHDRAWN


def test_an_expired_consent_ends_the_employers_view_and_steps_at_the_moment_of_the_read(
    sent, caseworker, caseworker_client
):
    """No withdrawal, no hook: the consent simply ran out. The check at the read and at the step refuses."""
    referral, consent, employer = sent
    consent.valid_until = dt.date.today() - dt.timedelta(days=1)
    consent.save()
    browser, url = _employer_page(employer, referral.placement)
    assert "Amal" not in browser.get(url).content.decode()
    assert browser.post(url, {"referral": referral.pk, "action": "interview"}).status_code == 404
    for step in (
        lambda: services.record_interview(employer, referral),
        lambda: services.decide(employer, referral, accepted=True),
        lambda: services.record_interview(caseworker, referral),
    ):
        with pytest.raises(ConsentRequired):
            step()
    client_page = reverse("placements:client", kwargs={"client_id": referral.client_id})
    refused = caseworker_client.post(
        client_page, {"referral": referral.pk, "action": "interview"}, follow=True
    )
    assert "kan alleen nog worden ingetrokken" in refused.content.decode()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT
    assert AuditEvent.objects.filter(
        action=AuditAction.REFUSED, object_type="referral", changes__reason="no_consent"
    ).exists()
    # The caseworker can still end it.
    assert services.withdraw(caseworker, referral).status == ReferralStatus.WITHDRAWN


def test_withdrawing_the_consent_withdraws_every_open_referral_with_its_reason(
    municipality, caseworker, area
):
    person, consent = _client_with_consent(municipality, caseworker, area)
    employer = EmployerFactory(region=municipality.region)
    referrals = {
        upto: _referral(caseworker, person, PlacementFactory(employer=employer, postcode=area), upto)
        for upto in (
            ReferralStatus.PROPOSED,
            ReferralStatus.CONSENTED,
            ReferralStatus.SENT,
            ReferralStatus.INTERVIEW,
            ReferralStatus.ACCEPTED,
        )
    }

    cases.withdraw_consent(caseworker, consent, "in_person")

    for reached, referral in referrals.items():
        referral.refresh_from_db()
        assert referral.status == ReferralStatus.WITHDRAWN, reached
        assert referral.withdrawal_reason == WithdrawalReason.CONSENT_WITHDRAWN
        assert AuditEvent.objects.filter(
            object_type="referral", object_id=str(referral.pk), changes__reason="consent_withdrawn"
        ).exists()
        event = TimelineEvent.objects.get(
            kind=Kind.REFERRAL_WITHDRAWN_WITHOUT_CONSENT, data__referral_id=referral.pk
        )
        assert event.data["status"] == reached and event.data["consent_id"] == consent.pk


def test_a_started_referral_stays_but_its_profile_is_no_longer_shown(municipality, caseworker, area):
    person, consent = _client_with_consent(municipality, caseworker, area)
    employer = EmployerFactory(region=municipality.region)
    placement = PlacementFactory(employer=employer, postcode=area)
    referral = _referral(caseworker, person, placement, ReferralStatus.STARTED)
    user = employer_user(employer)
    assert len(selectors.referrals_for_employer(user, placement).rows) == 1

    cases.withdraw_consent(caseworker, consent, "portal")

    referral.refresh_from_db()
    assert referral.status == ReferralStatus.STARTED
    assert selectors.referrals_for_employer(user, placement).rows == []


def test_withdrawing_another_scope_leaves_the_referrals_alone(sent, caseworker):
    referral, _consent, _employer = sent
    other = ConsentFactory(client=referral.client, scope=ConsentScope.KNOWLEDGE_BASE)
    cases.withdraw_consent(caseworker, other, "portal")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT
    assert not TimelineEvent.objects.filter(kind=Kind.REFERRAL_WITHDRAWN_WITHOUT_CONSENT).exists()


def test_the_caseworker_sees_the_withdrawal_on_the_caseload_and_the_file_until_a_note(
    sent, caseworker, caseworker_client
):
    referral, consent, _employer = sent
    person = referral.client
    file_url = reverse("cases:client", kwargs={"client_id": person.pk})
    assert "Aandacht nodig" not in caseworker_client.get(file_url).content.decode()
    assert "aandacht nodig" not in caseworker_client.get(reverse("cases:caseload")).content.decode()

    cases.withdraw_consent(caseworker, consent, "portal")

    content = caseworker_client.get(file_url).content.decode()
    assert "Aandacht nodig" in content and f"Voordracht {referral.pk} ingetrokken" in content
    assert "aandacht nodig" in caseworker_client.get(reverse("cases:caseload")).content.decode()

    cases.add_note(
        caseworker, person, {"channel": "phone", "occurred_on": dt.date.today(), "text": "Besproken"}
    )
    assert "Aandacht nodig" not in caseworker_client.get(file_url).content.decode()
    assert "aandacht nodig" not in caseworker_client.get(reverse("cases:caseload")).content.decode()
    # The event stays on the timeline.
    assert f"Voordracht {referral.pk} ingetrokken" in caseworker_client.get(file_url).content.decode()
