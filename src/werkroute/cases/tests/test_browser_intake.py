"""The brede intake in a real browser: languages picked per row; the occupation picker keeps every choice
across searches."""

import pytest

from werkroute.accounts.tests.factories import caseworker_of
from werkroute.cases.models import Intake
from werkroute.cases.tests.factories import ClientFactory
from werkroute.conftest import assert_no_serious_accessibility_violations
from werkroute.regions.tests.factories import MunicipalityFactory
from werkroute.taxonomy.tests.factories import OccupationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_wished_occupations_chosen_in_two_searches_are_both_saved(page):
    municipality = MunicipalityFactory()
    caseworker_of(municipality, username="km")
    person = ClientFactory(municipality=municipality)
    welder = OccupationFactory(preferred_label="booglasser")
    cook = OccupationFactory(preferred_label="kok")

    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("km")
    page.get_by_label("Wachtwoord").fill("test-wachtwoord-123")
    page.locator("main").get_by_role("button", name="Inloggen").click()
    page.goto(f"/klanten/{person.pk}/intake/")
    page.get_by_label("Datum intake").fill("2022-06-20")
    for skill in ("luisteren", "lezen", "spreken", "schrijven"):
        page.get_by_label(f"Nederlands {skill}").select_option("A1")

    page.get_by_label("Taal 1", exact=True).fill("Tigrinya")
    page.get_by_label("Niveau van taal 1", exact=True).select_option("C2")
    page.get_by_label("Taal 2", exact=True).fill("Engels")
    page.get_by_label("Niveau van taal 2", exact=True).select_option("A2")

    search = page.get_by_label("Zoek een beroep").first
    search.fill("lasser")
    page.get_by_label("booglasser").check()
    search.fill("kok")
    page.get_by_label("kok", exact=True).check()
    assert page.get_by_label("booglasser").is_checked()  # still there after the second search
    assert_no_serious_accessibility_violations(page)
    page.locator("main").get_by_role("button", name="Opslaan").click()

    page.get_by_text("Brede intake opgeslagen.").wait_for()
    intake = Intake.objects.get(client=person)
    assert set(intake.wished_occupations.all()) == {welder, cook}
    assert intake.other_languages == [{"language": "ti", "level": "C2"}, {"language": "en", "level": "A2"}]
