"""A caseworker opens the municipality dashboard in a real browser, reads a chart's data table, downloads
the Excel export and the council report; axe finds nothing serious and the CSP is never violated."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from werkroute.cases.models import TargetGroup
from werkroute.conftest import assert_no_serious_accessibility_violations
from werkroute.monitoring import engine

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AS_OF = dt.date(2026, 11, 1)


def test_caseworker_reads_the_dashboard_table_and_downloads_the_excel_export(page, tmp_path):
    # Earlier transactional tests flush the table that a data migration filled.
    TargetGroup.objects.get_or_create(code="statushouder", defaults={"name": "Statushouder"})
    call_command("demo", "--clients", "500", "--today", AS_OF.isoformat(), stdout=io.StringIO())
    call_command("monitoring", "refresh", "--as-of", AS_OF.isoformat(), stdout=io.StringIO())

    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("klantmanager.nijmegen")
    page.get_by_label("Wachtwoord").fill("werkroute-demo")
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("link", name="Monitoring").click()
    page.get_by_role("heading", name="Monitoring Nijmegen", level=1).wait_for()
    assert page.get_by_text("minder dan 10 personen").count() >= 1
    assert_no_serious_accessibility_violations(page)

    # The chart of the status now has its data in a table beside it, readable by a screen reader.
    table = page.get_by_role("table", name="Positie nu, alle cohorten (aandeel van de klanten)")
    header = table.get_by_role("columnheader").all_inner_texts()
    assert header[:2] == ["positie", "Nijmegen"]
    row = table.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="bijstandsuitkering", exact=True)
    )
    cells = row.get_by_role("cell").all_inner_texts()
    assert cells[0].endswith("%") or cells[0] == "–"
    assert page.locator("#nu svg[role=img]").count() == 1

    with page.expect_download(timeout=90_000) as download_info:
        page.get_by_role("link", name="Download XLSX").click()
    path = tmp_path / "indicatoren.xlsx"
    download_info.value.save_as(path)
    sheet = load_workbook(path, read_only=True)["indicatoren"]
    rows = sheet.iter_rows(values_only=True)
    assert next(rows) == engine.COLUMNS
    areas = {row[1] for row in rows}
    assert areas == {"GM0268", "AM08", "NL"}

    with page.expect_download(timeout=60_000) as report_info:
        page.get_by_role("link", name="Raadsrapportage (PDF)").click()
    report = tmp_path / "raadsrapportage.pdf"
    report_info.value.save_as(report)
    assert report.read_bytes().startswith(b"%PDF")
