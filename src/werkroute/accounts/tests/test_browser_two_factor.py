"""Two-factor login in a real browser."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from werkroute.accounts.tests.factories import caseworker_of
from werkroute.accounts.tests.test_two_factor import current_code
from werkroute.cases.tests.factories import ClientFactory
from werkroute.conftest import assert_no_serious_accessibility_violations
from werkroute.regions.tests.factories import MunicipalityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_caseworker_logs_in_with_password_and_authenticator_code(page, settings):
    settings.WERKROUTE_REQUIRE_TWO_FACTOR = True
    municipality = MunicipalityFactory()
    caseworker = caseworker_of(municipality, username="km")
    device = TOTPDevice.objects.create(user=caseworker, name="app", confirmed=True)
    ClientFactory(municipality=municipality, last_name="Tesfaye")

    page.goto("/klanten/")
    page.get_by_label("Gebruikersnaam").fill("km")
    page.get_by_label("Wachtwoord").fill("test-wachtwoord-123")
    page.locator("main").get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name="Tweestapsverificatie").wait_for()
    assert_no_serious_accessibility_violations(page)
    page.get_by_label("Code uit de app").fill(current_code(device))
    page.get_by_role("button", name="Bevestigen").click()
    page.get_by_role("heading", name="Klanten").wait_for()
    assert page.get_by_text("Tesfaye").count() >= 1


def test_a_new_account_sets_up_its_authenticator_with_the_base32_key(page, settings):
    import base64

    settings.WERKROUTE_REQUIRE_TWO_FACTOR = True
    municipality = MunicipalityFactory()
    caseworker = caseworker_of(municipality, username="nieuw")

    page.goto("/klanten/")
    page.get_by_label("Gebruikersnaam").fill("nieuw")
    page.get_by_label("Wachtwoord").fill("test-wachtwoord-123")
    page.locator("main").get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name="Tweestapsverificatie instellen").wait_for()
    assert_no_serious_accessibility_violations(page)
    assert not TOTPDevice.objects.filter(user=caseworker).exists()  # opening the page wrote nothing
    # What someone types into an authenticator app that cannot scan: the base32 key.
    typed = page.locator("main code").inner_text().replace(" ", "")
    key = base64.b32decode(typed + "=" * (-len(typed) % 8)).hex()
    page.get_by_label("Code uit de app").fill(current_code(TOTPDevice(user=caseworker, key=key)))
    page.get_by_role("button", name="Instellen").click()
    page.get_by_role("heading", name="Klanten").wait_for()
    assert TOTPDevice.objects.get(user=caseworker).confirmed
