"""A caseworker in a real browser proposes a client for a placement, is stopped without consent, records
the client's consent and sends the referral to the employer; axe finds nothing serious on the pages."""

import pytest

from werkroute.accounts.tests.factories import caseworker_of
from werkroute.cases.models import WorkExperience
from werkroute.cases.tests.factories import ClientFactory, IntakeFactory
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
    page.get_by_role("button", name="Klant geeft toestemming").click()
    page.locator(".message-error").first.wait_for()
    assert Referral.objects.get().status == ReferralStatus.PROPOSED

    page.goto(f"/klanten/{person.pk}/toestemmingen/nieuw/")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("Toestemming vastgelegd.").wait_for()

    page.goto(f"/plaatsen/klant/{person.pk}/")
    page.get_by_role("button", name="Klant geeft toestemming").click()
    page.get_by_role("button", name="Versturen naar werkgever").click()
    page.get_by_text("verstuurd naar werkgever").wait_for()
    assert_no_serious_accessibility_violations(page)
    referral = Referral.objects.get()
    assert referral.status == ReferralStatus.SENT and referral.consent is not None
