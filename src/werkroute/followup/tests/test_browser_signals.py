"""In a real browser: a caseworker sees a signal at the top of the start page, follows its one action,
does what it asks, and the signal is gone (resolved by that change, on the timeline). axe finds nothing
serious on the start page with its inbox."""

import datetime as dt

import pytest

from werkroute.accounts.tests.factories import caseworker_of
from werkroute.cases import events
from werkroute.cases.tests.factories import ClientFactory
from werkroute.conftest import assert_no_serious_accessibility_violations
from werkroute.followup.models import SignalStatus
from werkroute.followup.sweep import sweep
from werkroute.regions.tests.factories import MunicipalityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_caseworker_resolves_a_signal_with_its_action_and_it_is_gone(page):
    today = dt.date.today()
    municipality = MunicipalityFactory(name="Nijmegen")
    caseworker = caseworker_of(municipality, username="km")
    person = ClientFactory(
        municipality=municipality,
        caseworker=caseworker,
        first_name="Amal",
        last_name="Haddad",
        registration_date=today - dt.timedelta(days=20),
        permit_date=today - dt.timedelta(days=60),
    )
    # The referral to an employer ended when the client withdrew the consent: talk to the client.
    events.referral_withdrawn_without_consent(
        person,
        None,
        referral_id=7,
        placement_id=3,
        consent_id=5,
        status="sent",
        on=today - dt.timedelta(days=2),
    )
    sweep(today)
    signal = person.signals.get(rule="needs_attention")

    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("km")
    page.get_by_label("Wachtwoord").fill("test-wachtwoord-123")
    page.get_by_role("button", name="Inloggen").click()
    inbox = page.locator("#signals")
    inbox.get_by_text("Contact met de klant nodig").wait_for()
    assert "Amal Haddad" in inbox.inner_text()
    assert (today - dt.timedelta(days=2)).strftime("%d-%m-%Y") in inbox.inner_text()
    assert_no_serious_accessibility_violations(page)

    inbox.get_by_role("link", name="Contact vastleggen").click()
    page.get_by_label("Soort").select_option("phone")
    page.get_by_label("Datum").fill(today.isoformat())
    page.get_by_label("Tekst").fill("Gebeld over de ingetrokken voordracht; klant wil later weer.")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_role("heading", name="Amal Haddad").wait_for()
    assert "Contact met de klant nodig" not in page.locator("#signals").all_inner_texts()

    page.goto("/klanten/")
    assert "Amal Haddad" not in page.locator("#signals").inner_text()
    signal.refresh_from_db()
    assert signal.status == SignalStatus.RESOLVED
    assert signal.resolved_by == "note_added"
