"""In a real browser, at two desks in two municipalities: the old caseworker hands a client's file over
with a note, the new caseworker finds it under "Overdrachten", reads it and accepts it, and the old
caseworker's next look at the file finds nothing. axe finds nothing serious on the pages on the way."""

import datetime as dt

import pytest

from werkroute.accounts.tests.factories import caseworker_of
from werkroute.cases.models import Client
from werkroute.cases.tests.factories import ClientFactory, IntakeFactory
from werkroute.conftest import assert_no_serious_accessibility_violations
from werkroute.regions.tests.factories import MunicipalityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill("test-wachtwoord-123")
    page.get_by_role("button", name="Inloggen").click()


def test_a_file_is_handed_over_accepted_and_gone_for_the_old_municipality(page, browser, live_server):
    old, new = MunicipalityFactory(name="Wijchen"), MunicipalityFactory(name="Arnhem")
    sender = caseworker_of(old, username="km-wijchen")
    caseworker_of(new, username="km-arnhem")
    person = ClientFactory(municipality=old, caseworker=sender, first_name="Amal", last_name="Haddad")
    IntakeFactory(client=person)

    _log_in(page, "km-wijchen")
    page.goto(f"/klanten/{person.pk}/")
    page.get_by_role("link", name="Overdragen bij verhuizing").click()
    page.get_by_label("Naar gemeente").select_option(label="Arnhem")
    page.get_by_label("Verhuisdatum").fill((dt.date.today() + dt.timedelta(days=7)).isoformat())
    page.get_by_role("radio", name="wettelijke grondslag").check()
    page.get_by_role("combobox", name="Wettelijke grondslag").select_option("wet_inburgering_2021")
    page.get_by_label("Overdrachtsnotitie").fill("Taaltraject loopt door; wil in de zorg werken.")
    assert_no_serious_accessibility_violations(page)
    page.get_by_role("button", name="Dossier overdragen").click()
    page.get_by_text("Dossier overgedragen. De nieuwe gemeente kan het nu lezen en accepteren.").wait_for()

    receiver_context = browser.new_context(base_url=live_server.url)
    try:
        receiver = receiver_context.new_page()
        _log_in(receiver, "km-arnhem")
        receiver.get_by_role("link", name="Overdrachten").click()
        receiver.get_by_role("heading", name="Te accepteren door uw gemeente").wait_for()
        assert_no_serious_accessibility_violations(receiver)
        receiver.get_by_role("link", name="Amal Haddad").click()
        receiver.get_by_text("wil in de zorg werken").wait_for()
        receiver.get_by_text("Wet inburgering 2021: de nieuwe woongemeente neemt").wait_for()
        assert_no_serious_accessibility_violations(receiver)
        receiver.get_by_role("button", name="Overdracht accepteren").click()
        receiver.get_by_text("Overdracht geaccepteerd. Het dossier hoort nu bij uw gemeente.").wait_for()
        receiver.get_by_role("heading", name="Amal Haddad").wait_for()
        assert receiver.get_by_role("link", name="Gegevens wijzigen").count() == 1
        assert_no_serious_accessibility_violations(receiver)

        page.goto(f"/klanten/{person.pk}/")
        page.get_by_role("heading", name="Niet gevonden").wait_for()
    finally:
        receiver_context.close()
    assert Client.objects.get().municipality == new


def test_a_sent_handover_is_withdrawn_and_the_file_stays(page, live_server):
    old = MunicipalityFactory(name="Wijchen")
    MunicipalityFactory(name="Arnhem")
    sender = caseworker_of(old, username="km-wijchen")
    person = ClientFactory(municipality=old, caseworker=sender, first_name="Amal", last_name="Haddad")

    _log_in(page, "km-wijchen")
    page.goto(f"/klanten/{person.pk}/")
    page.get_by_role("link", name="Overdragen bij verhuizing").click()
    page.get_by_label("Naar gemeente").select_option(label="Arnhem")
    page.get_by_label("Verhuisdatum").fill((dt.date.today() + dt.timedelta(days=7)).isoformat())
    page.get_by_role("radio", name="wettelijke grondslag").check()
    page.get_by_role("combobox", name="Wettelijke grondslag").select_option("other")
    page.get_by_role("button", name="Dossier overdragen").click()
    # "Other" without a note is refused in Dutch, and what was typed stays.
    page.get_by_text("Noem bij een andere grondslag de wet en het artikel").wait_for()
    page.get_by_label("Toelichting op de grondslag").fill("Afspraak tussen de gemeenten")
    page.get_by_label("Overdrachtsnotitie").fill("Verhuist misschien.")
    page.get_by_role("button", name="Dossier overdragen").click()
    page.get_by_text("Dossier overgedragen.").wait_for()

    page.goto(f"/klanten/{person.pk}/overdracht/")
    page.get_by_role("heading", name="Overdracht intrekken").wait_for()
    assert_no_serious_accessibility_violations(page)
    page.get_by_label("Reden van intrekken").fill("De verhuizing gaat niet door.")
    page.get_by_role("button", name="Overdracht intrekken").click()
    page.get_by_text("Overdracht ingetrokken. Het dossier blijft bij uw gemeente").wait_for()
    person.refresh_from_db()
    assert person.municipality == old
