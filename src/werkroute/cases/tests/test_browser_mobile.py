"""On a phone (390 px wide) the tables become cards, and every value keeps its label; the header leaves
the first screen to the content."""

import datetime as dt

import pytest

from werkroute.accounts.tests.factories import caseworker_of
from werkroute.cases.tests.factories import ActivityFactory, ClientFactory
from werkroute.conftest import assert_no_serious_accessibility_violations
from werkroute.regions.tests.factories import MunicipalityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _labels_before_cells(page, selector):  # type: ignore[no-untyped-def]
    return page.eval_on_selector_all(
        selector,
        "cells => cells.map(cell => [cell.textContent.trim(), getComputedStyle(cell, '::before').content])",
    )


def test_the_caseload_on_a_phone_labels_every_value_and_the_header_stays_small(page):
    municipality = MunicipalityFactory(name="Nijmegen")
    caseworker = caseworker_of(municipality, username="klantmanager.nijmegen")
    person = ClientFactory(
        municipality=municipality,
        caseworker=caseworker,
        first_name="Amal",
        last_name="Haddad",
        permit_date=dt.date(2026, 1, 5),
        registration_date=dt.date(2026, 2, 1),
    )
    ActivityFactory(client=person)
    page.set_viewport_size(PHONE)
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("klantmanager.nijmegen")
    page.get_by_label("Wachtwoord").fill("test-wachtwoord-123")
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("link", name="Haddad, Amal").wait_for()

    cells = dict(_labels_before_cells(page, "table.table tbody td"))
    assert cells["2026"] == '"Cohort"'  # it used to read "2026 / – / geen" without saying what is what
    assert cells["Nijmegen"] == '"Gemeente"'
    assert all(label not in ("none", "normal", "") for label in cells.values()), cells
    header = page.locator(".site-header").bounding_box()
    assert header is not None and header["height"] <= PHONE["height"] / 4, header
    assert_no_serious_accessibility_violations(page)

    page.get_by_role("link", name="Haddad, Amal").click()
    page.get_by_role("heading", name="Amal Haddad").wait_for()
    activity_cells = _labels_before_cells(page, "#activities table.table tbody td[data-label]")
    assert activity_cells and all(label.startswith('"') for _text, label in activity_cells)
