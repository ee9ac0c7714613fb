"""A caseworker in a real browser proposes a client for a placement, records the client's consent in one
step where the referral asks for it, sends the referral to the employer and records the start, deciding
what happens to the planned activities; axe finds nothing serious on the pages."""

import pytest

from werkroute.accounts.tests.factories import caseworker_of
from werkroute.cases.models import ActivityStatus, ConsentScope, WorkExperience
from werkroute.cases.tests.factories import ActivityFactory, ClientFactory, IntakeFactory
from werkroute.conftest import assert_no_serious_accessibility_violations
from werkroute.placements.models import Referral, ReferralStatus
from werkroute.placements.tests.factories import EmployerFactory, PlacementFactory
from werkroute.regions.tests.factories import MunicipalityFactory, PostcodeAreaFactory
from werkroute.taxonomy.tests.factories import OccupationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_caseworker_proposes_a_referral_and_sends_it_after_consent(page):
    municipality = MunicipalityFactory(name="Nijmegen")
    caseworker_of(municipality, username="klantmanager.nijmegen")
    area = PostcodeAreaFactory(municipality=municipality, latitude=51.84, longitude=5.85)
    cook = OccupationFactory(preferred_label="kok")
    PlacementFactory(
        employer=EmployerFactory(region=municipality.region, name="Restaurant De Waal"),
        occupation=cook,
        postcode=area,
        title="Hulpkok",
    )
    person = ClientFactory(
        municipality=municipality, postcode=f"{area.pc4} AB", first_name="Amal", last_name="Haddad"
    )
    WorkExperience.objects.create(intake=IntakeFactory(client=person), occupation=cook, years=4)
    course = ActivityFactory(
        client=person, description="Taalcursus Nijmegen", status=ActivityStatus.PLANNED, end_date=None
    )

    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("klantmanager.nijmegen")
    page.get_by_label("Wachtwoord").fill("test-wachtwoord-123")
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("link", name="Haddad, Amal").click()
    page.get_by_role("link", name="Passende plaatsen").click()
    page.get_by_role("heading", name="Passende plaatsen").wait_for()
    page.get_by_text("U heeft ervaring in dit beroep.").wait_for()
    assert_no_serious_accessibility_violations(page)

    page.get_by_role("button", name="Voordragen voor Hulpkok").click()
    page.get_by_text("Voorgedragen: Hulpkok.").wait_for()
    # No consent on file yet: the step asks for it right here, and returns to the referral.
    page.get_by_role("link", name="Klant geeft toestemming").click()
    page.get_by_role("heading", name="Toestemming van de klant voor de voordracht: Hulpkok").wait_for()
    page.get_by_label("Hoe gegeven").select_option("in_person")
    page.get_by_label("Getolkt in").fill("Tigrinya")
    page.get_by_label("Geldig tot en met").fill("2000-01-01")  # before the day it was given
    page.get_by_role("button", name="Toestemming vastleggen").click()
    page.get_by_text("De einddatum ligt vóór de datum waarop de toestemming is gegeven.").wait_for()
    assert page.get_by_label("Getolkt in").input_value() == "Tigrinya"  # nothing typed is lost
    assert_no_serious_accessibility_violations(page)
    page.get_by_label("Geldig tot en met").fill("")
    page.get_by_role("button", name="Toestemming vastleggen").click()
    page.get_by_text("Toestemming vastgelegd en voordracht bijgewerkt.").wait_for()
    referral = Referral.objects.get()
    assert referral.status == ReferralStatus.CONSENTED
    assert (referral.consent.scope, referral.consent.interpreter_language) == (
        ConsentScope.SHARE_PROFILE_WITH_EMPLOYERS,
        "ti",
    )

    page.get_by_role("button", name="Versturen naar werkgever").click()
    page.get_by_text("verstuurd naar werkgever").wait_for()
    page.get_by_role("button", name="Aangenomen").click()
    page.get_by_role("link", name="Start vastleggen").click()
    page.get_by_label("Uren per week volgens de afspraak met de klant").fill("16")
    page.get_by_label("Taalcursus Nijmegen", exact=False).check()
    assert_no_serious_accessibility_violations(page)
    page.get_by_role("button", name="Start vastleggen").click()
    page.get_by_text("Start vastgelegd.").wait_for()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.STARTED
    assert referral.labour_episode.hours_per_week == 16
    course.refresh_from_db()
    assert course.status == ActivityStatus.CANCELLED
