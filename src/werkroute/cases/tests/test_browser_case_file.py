"""A caseworker in a real browser: log in, open a file, record an activity; axe finds nothing serious."""

import pytest
from playwright.sync_api import expect

from werkroute.accounts.tests.factories import caseworker_of
from werkroute.cases.models import Activity
from werkroute.cases.tests.factories import ClientFactory
from werkroute.conftest import assert_no_serious_accessibility_violations
from werkroute.regions.tests.factories import MunicipalityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_caseworker_logs_in_opens_a_file_and_records_an_activity(page):
    municipality = MunicipalityFactory(name="Nijmegen")
    caseworker_of(municipality, username="klantmanager.nijmegen")
    person = ClientFactory(municipality=municipality, first_name="Amal", last_name="Haddad")

    page.goto("/")
    page.get_by_label("Gebruikersnaam").fill("klantmanager.nijmegen")
    page.get_by_label("Wachtwoord").fill("test-wachtwoord-123")
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name="Klanten").wait_for()
    assert_no_serious_accessibility_violations(page)

    page.get_by_role("link", name="Haddad, Amal").click()
    page.get_by_role("heading", name="Amal Haddad").wait_for()
    assert_no_serious_accessibility_violations(page)

    page.get_by_role("link", name="Activiteit plannen").first.click()
    page.get_by_label("Soort activiteit").select_option("work_placement")
    page.get_by_label("Startdatum").fill("2024-03-01")
    page.get_by_label("Uur per week").fill("16")
    assert_no_serious_accessibility_violations(page)
    page.get_by_role("button", name="Activiteit plannen").click()

    page.get_by_text("Activiteit gepland.").wait_for()
    activity = Activity.objects.get(client=person)
    assert activity.activity_type == "work_placement"
    assert page.locator("#activities").get_by_text("werkervaringsplaats").count() >= 1
    assert (
        page.locator("#timeline")
        .get_by_text("Activiteit gepland: werkervaringsplaats (start 01-03-2024)")
        .count()
        == 1
    )


def test_keyboard_user_can_filter_the_caseload(page):
    municipality = MunicipalityFactory()
    caseworker_of(municipality, username="km")
    ClientFactory(municipality=municipality, last_name="Tesfaye")
    ClientFactory(municipality=municipality, last_name="Rahimi")
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("km")
    page.get_by_label("Wachtwoord").fill("test-wachtwoord-123")
    page.keyboard.press("Enter")
    page.get_by_label("Zoek op naam").wait_for()
    page.get_by_label("Zoek op naam").focus()
    page.keyboard.type("tesf")
    expect(page.locator("#caseload-results")).not_to_contain_text("Rahimi")
    assert page.locator("#caseload-results").get_by_text("Tesfaye").count() == 1
