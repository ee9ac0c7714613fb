"""In a real browser: a caseworker records a consent to share the file with a partner, the partner worker
finds and opens it, and loses it the moment the consent is withdrawn. axe finds nothing serious."""

import datetime as dt

import pytest

from werkroute.accounts.models import Role
from werkroute.accounts.tests.factories import MembershipFactory, UserFactory, caseworker_of
from werkroute.cases.tests.factories import ClientFactory
from werkroute.conftest import assert_no_serious_accessibility_violations
from werkroute.regions.models import OrganisationKind
from werkroute.regions.tests.factories import MunicipalityFactory, OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill("test-wachtwoord-123")
    page.get_by_role("button", name="Inloggen").click()


def test_consent_opens_and_withdrawal_closes_the_file_for_the_partner(page, browser, live_server):
    municipality = MunicipalityFactory(name="Nijmegen")
    caseworker_of(municipality, username="km")
    partner = OrganisationFactory(
        name="VluchtelingenWerk Oost Nederland", kind=OrganisationKind.PARTNER, region=municipality.region
    )
    MembershipFactory(user=UserFactory(username="vw"), organisation=partner, role=Role.PARTNER_WORKER)
    person = ClientFactory(municipality=municipality, first_name="Amal", last_name="Haddad")

    _log_in(page, "km")
    page.goto(f"/klanten/{person.pk}/")
    page.get_by_role("link", name="Toestemming vastleggen").click()
    page.get_by_label("Waarvoor").select_option("share_file_with_partner")
    page.get_by_label("Organisatie").select_option(label="VluchtelingenWerk Oost Nederland")
    page.get_by_label("Gegeven op").fill((dt.date.today() - dt.timedelta(days=1)).isoformat())
    page.get_by_label("Hoe gegeven").select_option("paper")
    assert_no_serious_accessibility_violations(page)
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("Toestemming vastgelegd.").wait_for()
    rows = page.locator("#consents tbody tr")
    assert rows.count() == 1
    assert "dossier delen met een partnerorganisatie" in rows.first.inner_text()
    assert "VluchtelingenWerk Oost Nederland" in rows.first.inner_text()

    # A second person at another desk; closed at the end so that no request of theirs outlives the test
    # (its server thread would then close a database connection the test has already given back).
    partner_context = browser.new_context(base_url=live_server.url)
    try:
        partner_page = partner_context.new_page()
        _log_in(partner_page, "vw")
        partner_page.get_by_role("heading", name="Met u gedeelde dossiers").wait_for()
        assert_no_serious_accessibility_violations(partner_page)
        partner_page.get_by_role("link", name="Amal Haddad").click()
        partner_page.get_by_role("heading", name="Amal Haddad").wait_for()
        assert partner_page.get_by_role("link", name="Gegevens wijzigen").count() == 0

        page.locator("#consents").get_by_role("link", name="Intrekken").click()
        page.get_by_label("Hoe ingetrokken").select_option("in_person")
        page.get_by_role("button", name="Intrekken").click()
        page.get_by_text("Toestemming ingetrokken.").wait_for()

        partner_page.reload()
        partner_page.get_by_role("heading", name="Niet gevonden").wait_for()
    finally:
        partner_context.close()
