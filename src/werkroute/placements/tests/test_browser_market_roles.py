"""The employer service point and an employer in a real browser: each logs in, lands on its start page
and does its main task (the service point runs the batch and creates the referrals it proposes; the
employer records an interview); axe finds nothing serious on the way."""

import datetime as dt

import pytest

from werkroute.cases.models import WorkExperience
from werkroute.cases.tests.factories import ClientFactory, ConsentFactory, IntakeFactory
from werkroute.conftest import assert_no_serious_accessibility_violations
from werkroute.placements.models import Referral, ReferralStatus
from werkroute.placements.tests.factories import (
    EmployerFactory,
    PlacementFactory,
    employer_user,
    service_point_worker,
)
from werkroute.regions.tests.factories import MunicipalityFactory, PostcodeAreaFactory
from werkroute.taxonomy.tests.factories import OccupationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _market():  # type: ignore[no-untyped-def]
    municipality = MunicipalityFactory(name="Nijmegen")
    area = PostcodeAreaFactory(municipality=municipality, latitude=51.84, longitude=5.85)
    cook = OccupationFactory(preferred_label="kok")
    placement = PlacementFactory(
        employer=EmployerFactory(region=municipality.region, name="Hotel De Ooij"),
        occupation=cook,
        postcode=area,
        title="Hulpkok",
        capacity=2,
    )
    people = []
    for first_name in ("Amal", "Yonas"):
        person = ClientFactory(municipality=municipality, postcode=f"{area.pc4} AB", first_name=first_name)
        WorkExperience.objects.create(intake=IntakeFactory(client=person), occupation=cook, years=3)
        people.append(person)
    return municipality, placement, people


def _log_in(page, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill("test-wachtwoord-123")
    page.get_by_role("button", name="Inloggen").click()


def test_service_point_runs_the_batch_and_creates_the_referrals_it_proposes(page):
    municipality, placement, people = _market()
    worker = service_point_worker(municipality.region, username="wsp.nijmegen")

    _log_in(page, "wsp.nijmegen")
    page.get_by_role("heading", name="Werkgeversservicepunt").wait_for()
    page.get_by_role("cell", name="Hulpkok").wait_for()
    assert_no_serious_accessibility_violations(page)

    page.get_by_role("link", name="Voorstel voor de hele regio maken").click()
    page.get_by_role("heading", name="Voorgestelde voordrachten").wait_for()
    assert page.get_by_role("checkbox").count() == 2
    assert_no_serious_accessibility_violations(page)
    page.get_by_role("button", name="Gekozen voordrachten aanmaken").click()
    page.get_by_text("2 voordracht(en) aangemaakt.").wait_for()
    assert_no_serious_accessibility_violations(page)

    referrals = Referral.objects.filter(placement=placement)
    assert {referral.client_id for referral in referrals} == {person.pk for person in people}
    assert all(r.status == ReferralStatus.PROPOSED and r.proposed_by == worker for r in referrals)


def test_service_point_runs_the_national_batch_of_the_regions_taking_part(page):
    municipality, placement, _people = _market()
    region = municipality.region
    region.national_market = True
    region.save()
    service_point_worker(region, username="wsp.landelijk")

    _log_in(page, "wsp.landelijk")
    page.get_by_role("link", name="Landelijk voorstel maken").click()
    page.get_by_role("heading", name="Landelijk voorstel").wait_for()
    page.get_by_role("heading", name="Voorstellen per regio").wait_for()
    page.get_by_role("heading", name="Gelijke kansen").wait_for()
    assert page.get_by_role("checkbox").count() == 2
    assert_no_serious_accessibility_violations(page)
    page.get_by_role("checkbox").first.uncheck()
    page.get_by_role("button", name="Gekozen voordrachten aanmaken").click()
    page.get_by_text("1 voordracht(en) aangemaakt.").wait_for()
    assert Referral.objects.filter(placement=placement).count() == 1


def test_employer_records_an_interview_on_a_referral(page):
    _municipality, placement, people = _market()
    person = people[0]
    consent = ConsentFactory(client=person, given_on=dt.date.today())
    referral = Referral.objects.create(
        client=person,
        placement=placement,
        status=ReferralStatus.SENT,
        consent=consent,
        proposed_on=dt.date.today(),
        sent_on=dt.date.today(),
        score=0.8,
    )
    employer_user(placement.employer, username="werkgever.hotel")

    _log_in(page, "werkgever.hotel")
    page.get_by_role("heading", name="Uw plaatsen en kandidaten").wait_for()
    page.get_by_text("1 kandidaat wacht op een gesprek").wait_for()
    assert_no_serious_accessibility_violations(page)

    page.get_by_role("link", name="Hulpkok").first.click()
    page.get_by_role("heading", name="Voorgedragen kandidaten").wait_for()
    page.get_by_role("heading", name="Amal").wait_for()
    assert_no_serious_accessibility_violations(page)
    page.get_by_role("button", name="Kennismakingsgesprek gepland").click()
    page.get_by_text("Vastgelegd.").wait_for()
    assert_no_serious_accessibility_violations(page)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.INTERVIEW
