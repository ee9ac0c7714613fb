"""The employer sees a referred candidate's work profile only, from the moment it was sent with consent,
and records the interview and the decision there."""

import dataclasses
import datetime as dt

import pytest
from django.test import Client as Browser
from django.urls import reverse

from werkroute.accounts.policies import WORK_PROFILE_FIELDS
from werkroute.audit.tests.helpers import assert_audited
from werkroute.cases.models import ConsentScope, EpisodeKind
from werkroute.cases.selectors import WorkProfile
from werkroute.cases.services import give_consent
from werkroute.cases.tests.factories import ClientFactory, IntakeFactory, LabourEpisodeFactory, NoteFactory
from werkroute.placements import services
from werkroute.placements.models import ReferralStatus
from werkroute.placements.tests.factories import EmployerFactory, PlacementFactory, employer_user
from werkroute.regions.tests.factories import PostcodeAreaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(municipality, caseworker):
    area = PostcodeAreaFactory(municipality=municipality, latitude=51.84, longitude=5.85)
    person = ClientFactory(
        municipality=municipality, first_name="Amal", last_name="Haddad", postcode=f"{area.pc4} AB"
    )
    IntakeFactory(
        client=person, limiting_circumstances=["health"], circumstances_note="Rugklachten, fysiotherapie"
    )
    LabourEpisodeFactory(client=person, kind=EpisodeKind.SOCIAL_ASSISTANCE, start_date=dt.date(2023, 1, 1))
    NoteFactory(client=person, text="Vertelde over de vlucht")
    employer = EmployerFactory(region=municipality.region)
    placement = PlacementFactory(employer=employer, postcode=area)
    give_consent(
        caseworker,
        person,
        {"scope": ConsentScope.SHARE_PROFILE_WITH_EMPLOYERS, "given_on": dt.date.today(), "method": "paper"},
    )
    referral = services.propose_referral(caseworker, person, placement)
    services.record_client_consent(caseworker, referral)
    return referral, employer_user(employer, username="werkgever")


def _page(user, placement):  # type: ignore[no-untyped-def]
    browser = Browser()
    browser.force_login(user)
    return browser, reverse("placements:referrals", kwargs={"placement_id": placement.pk})


def test_the_work_profile_holds_exactly_the_allowed_fields():
    assert {field.name for field in dataclasses.fields(WorkProfile)} == WORK_PROFILE_FIELDS


def test_nothing_is_shown_before_the_referral_is_sent(sent):
    referral, employer = sent
    browser, url = _page(employer, referral.placement)
    assert "Amal" not in browser.get(url).content.decode()


def test_the_employer_sees_the_work_profile_and_nothing_else(sent, caseworker):
    referral, employer = sent
    services.send_to_employer(caseworker, referral)
    browser, url = _page(employer, referral.placement)
    content = browser.get(url).content.decode()
    assert "Amal" in content and "uur per week" in content
    for secret in ("Haddad", "Rugklachten", "bijstand", "Vertelde over de vlucht", "gezondheid"):
        assert secret not in content, secret
    assert_audited(object_type="work_profile", client_id=referral.client_id)


def test_the_employer_records_interview_and_decision(sent, caseworker):
    referral, employer = sent
    services.send_to_employer(caseworker, referral)
    browser, url = _page(employer, referral.placement)
    assert browser.post(url, {"referral": referral.pk, "action": "interview"}).status_code == 302
    refused = browser.post(url, {"referral": referral.pk, "action": "decline"}, follow=True)
    assert "Kies een reden van afwijzing" in refused.content.decode()
    browser.post(url, {"referral": referral.pk, "action": "decline", "decline_reason": "language"})
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECLINED and referral.decline_reason == "language"


def test_another_employer_gets_404(sent, caseworker):
    referral, _employer = sent
    services.send_to_employer(caseworker, referral)
    stranger = employer_user(EmployerFactory(region=referral.placement.employer.region), username="ander")
    browser, url = _page(stranger, referral.placement)
    assert browser.get(url).status_code == 404
    assert browser.post(url, {"referral": referral.pk, "action": "interview"}).status_code == 404
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT
