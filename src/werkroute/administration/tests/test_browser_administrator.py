"""The functional administrator in a real browser: logs in, lands on the administration, adds a caseworker
and gives them a membership; axe finds nothing serious on the way."""

import re

import pytest

from werkroute.accounts.models import Membership, Role, User
from werkroute.accounts.tests.factories import MembershipFactory, UserFactory
from werkroute.conftest import assert_no_serious_accessibility_violations
from werkroute.regions.models import OrganisationKind
from werkroute.regions.tests.factories import MunicipalityFactory, OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_administrator_adds_a_caseworker_and_gives_them_a_membership(page):
    municipality = MunicipalityFactory(name="Wijchen")
    town = OrganisationFactory(
        kind=OrganisationKind.MUNICIPALITY, municipality=municipality, name="Gemeente Wijchen"
    )
    MembershipFactory(user=UserFactory(username="beheerder"), organisation=town, role=Role.ADMINISTRATOR)

    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("beheerder")
    page.get_by_label("Wachtwoord").fill("test-wachtwoord-123")
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name="Beheer", exact=True).wait_for()
    assert_no_serious_accessibility_violations(page)

    page.get_by_role("link", name="Nieuwe gebruiker").click()
    page.get_by_label("Gebruikersnaam").fill("klantmanager.wijchen")
    page.get_by_label("Voornaam").fill("Noor")
    page.get_by_label("Achternaam").fill("de Vries")
    page.get_by_label("E-mailadres").fill("noor.devries@example.org")
    page.get_by_label("Eerste wachtwoord").fill("een-lang-wachtwoord-2026")
    assert_no_serious_accessibility_violations(page)
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("Gebruiker Noor de Vries aangemaakt.").wait_for()

    page.get_by_label("Organisatie").select_option(label="Gemeente Wijchen")
    page.get_by_role("combobox", name=re.compile(r"^Rol\b")).select_option(label="klantmanager")
    page.get_by_role("button", name="Rol toekennen").click()
    page.get_by_text("Rol toegekend.").wait_for()
    assert_no_serious_accessibility_violations(page)

    user = User.objects.get(username="klantmanager.wijchen")
    assert Membership.objects.filter(user=user, organisation=town, role=Role.CASEWORKER).exists()
