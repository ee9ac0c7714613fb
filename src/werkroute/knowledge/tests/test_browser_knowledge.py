"""A caseworker in a real browser finds an intervention for a client from the plan, links it to an
activity, and reads the intervention's measured outcomes; axe finds nothing serious."""

import datetime as dt

import pytest

from werkroute.accounts.tests.factories import caseworker_of
from werkroute.cases.tests.factories import ActivityFactory, ClientFactory, IntakeFactory, PlanVersionFactory
from werkroute.conftest import assert_no_serious_accessibility_violations
from werkroute.knowledge import services
from werkroute.knowledge.models import ActivityIntervention
from werkroute.knowledge.tests.factories import InterventionFactory
from werkroute.knowledge.tests.planting import plant
from werkroute.knowledge.tests.simulation import simulate
from werkroute.regions.tests.factories import MunicipalityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_caseworker_finds_links_and_reads_the_outcomes(page):
    municipality = MunicipalityFactory(name="Nijmegen")
    caseworker_of(municipality, username="klantmanager.nijmegen")
    intervention = InterventionFactory(
        name="Duaal traject met coach",
        learning_routes=["B1"],
        dutch_from="A0",
        dutch_to="B1",
        sectors=["zorg"],
    )
    simulated = simulate(1500, {1: 3.0}, seed=11)
    plant(simulated, municipality, {1: intervention})
    services.measure_outcomes(dt.date(1970, 1, 1) + dt.timedelta(days=int(simulated.population.as_of)))
    person = ClientFactory(municipality=municipality, first_name="Amal", last_name="Haddad")
    IntakeFactory(client=person, wished_sectors=["zorg"])
    PlanVersionFactory(client=person, learning_route="B1")
    activity = ActivityFactory(client=person, activity_type="dual_trajectory")

    page.goto("/")
    page.get_by_label("Gebruikersnaam").fill("klantmanager.nijmegen")
    page.get_by_label("Wachtwoord").fill("test-wachtwoord-123")
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name="Klanten").wait_for()
    page.goto(f"/klanten/{person.pk}/")
    page.get_by_role("heading", name="Amal Haddad").wait_for()

    page.get_by_role("link", name="Passende interventies uit de kennisbank").click()
    page.get_by_role("heading", name="Passende interventies", level=1).wait_for()
    assert page.get_by_text("past bij de leerroute: B1-route").count() == 1
    assert page.get_by_text("sluit aan bij de wens: zorg").count() == 1
    assert_no_serious_accessibility_violations(page)

    page.get_by_role("link", name="Interventie kiezen").click()
    page.get_by_label("Interventie").select_option(label="Duaal traject met coach")
    assert_no_serious_accessibility_violations(page)
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("De activiteit is gekoppeld aan Duaal traject met coach.").wait_for()
    assert ActivityIntervention.objects.get(activity=activity).intervention == intervention

    page.get_by_role("link", name="Duaal traject met coach").first.click()
    page.get_by_role("heading", name="Duaal traject met coach", level=1).wait_for()
    assert page.get_by_text("dit zijn waarnemingen uit de dossiers, geen bewijs", exact=False).count() == 1
    table = page.get_by_role(
        "table", name="Situatie 12 maanden na de start: deelnemers en vergelijkbare niet-deelnemers"
    )
    row = table.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="in betaald werk", exact=True)
    )
    cells = row.get_by_role("cell").all_inner_texts()
    assert cells[0].endswith("%") and "%-punt" in cells[2]
    assert page.locator("#tijd-tot-werk svg[role=img]").count() == 1
    assert_no_serious_accessibility_violations(page)
