"""Who sees which dashboard, download and team view; everything else answers 404."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from werkroute.accounts.models import Role
from werkroute.accounts.tests.factories import MembershipFactory, UserFactory, caseworker_of
from werkroute.audit.tests.helpers import assert_audited
from werkroute.cases.tests.factories import ClientFactory, LabourEpisodeFactory
from werkroute.monitoring import exports, reference, selectors, services
from werkroute.monitoring.models import AreaIndicators
from werkroute.regions.models import OrganisationKind
from werkroute.regions.tests.factories import MunicipalityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 11, 1)


@pytest.fixture
def area(municipality, other_municipality):
    """Thirty clients in ``municipality``, twelve of them working, and a few in the neighbour."""
    for number in range(30):
        client = ClientFactory(municipality=municipality, gender="female" if number % 2 else "male")
        if number < 12:
            LabourEpisodeFactory(
                client=client, kind="paid_work", start_date=dt.date(2023, 1, 1), hours_per_week=20
            )
    for _ in range(3):
        ClientFactory(municipality=other_municipality)
    services.refresh(AS_OF)
    return municipality


def test_a_caseworker_sees_the_dashboard_of_their_municipality(client, area, caseworker):
    client.force_login(caseworker)
    response = client.get(f"/monitoring/gemeente/{area.code}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "minder dan 10 personen" in page
    assert str(reference.CBS_SOURCE)[:20] in page
    assert "<script" not in page.split("</head>")[1]  # charts are plain SVG
    assert 'style="' not in page


def test_the_dashboard_of_another_municipality_is_not_found(client, area, other_municipality, caseworker):
    client.force_login(caseworker)
    assert client.get(f"/monitoring/gemeente/{other_municipality.code}/").status_code == 404
    assert client.get(f"/monitoring/gemeente/{other_municipality.code}/indicatoren.csv").status_code == 404
    assert client.get(f"/monitoring/regio/{area.region.code}/").status_code == 404


def test_roles_without_monitoring_see_nothing(client, area):
    provider_worker = UserFactory()
    MembershipFactory(user=provider_worker, role=Role.PARTNER_WORKER)
    client.force_login(provider_worker)
    assert client.get(f"/monitoring/gemeente/{area.code}/").status_code == 404
    assert "geen toegang" in client.get("/monitoring/").content.decode()


def test_a_policy_analyst_sees_their_municipality_and_region_but_not_a_neighbour(
    client, area, other_municipality
):
    analyst = caseworker_of(area, role=Role.POLICY_ANALYST)
    client.force_login(analyst)
    assert client.get(f"/monitoring/gemeente/{area.code}/").status_code == 200
    assert client.get(f"/monitoring/regio/{area.region.code}/").status_code == 200
    assert client.get(f"/monitoring/gemeente/{other_municipality.code}/").status_code == 404
    assert client.get(f"/monitoring/gemeente/{area.code}/team/").status_code == 404
    elsewhere = MunicipalityFactory()
    assert client.get(f"/monitoring/regio/{elsewhere.region.code}/").status_code == 404


def test_a_regional_policy_analyst_sees_the_region_only(client, area):
    analyst = UserFactory()
    organisation = OrganisationFactory(kind=OrganisationKind.EMPLOYER_SERVICE_POINT, region=area.region)
    MembershipFactory(user=analyst, organisation=organisation, role=Role.POLICY_ANALYST)
    client.force_login(analyst)
    response = client.get("/monitoring/")
    assert response.status_code == 302 and response.url == f"/monitoring/regio/{area.region.code}/"
    assert client.get(f"/monitoring/regio/{area.region.code}/").status_code == 200
    assert client.get(f"/monitoring/gemeente/{area.code}/").status_code == 404


def test_the_download_holds_the_municipality_its_region_and_the_country_and_is_audited(
    client, area, caseworker
):
    client.force_login(caseworker)
    response = client.get(f"/monitoring/gemeente/{area.code}/indicatoren.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    rows = list(book["indicatoren"].iter_rows(values_only=True))
    assert {row[1] for row in rows[1:]} == {area.code, area.region.code, "NL"}
    assert "minder dan 10" in next(book["toelichting"].iter_rows(values_only=True))[0]
    assert_audited(action="export", object_id=f"gemeente:{area.code}")
    assert client.get(f"/monitoring/gemeente/{area.code}/indicatoren.exe").status_code == 404


def test_every_download_format_carries_the_same_rows(client, area, caseworker):
    client.force_login(caseworker)
    csv_rows = client.get(f"/monitoring/gemeente/{area.code}/indicatoren.csv").content.decode().splitlines()
    json_rows = client.get(f"/monitoring/gemeente/{area.code}/indicatoren.json").json()["rows"]
    parquet = client.get(f"/monitoring/gemeente/{area.code}/indicatoren.parquet").content
    assert len(csv_rows) - 1 == len(json_rows) > 0
    assert parquet[:4] == b"PAR1"


def test_only_a_team_lead_gets_the_team_view_with_small_caseloads_suppressed(client, area, caseworker):
    lead = caseworker_of(area, role=Role.TEAM_LEAD)
    client.force_login(caseworker)
    assert client.get(f"/monitoring/gemeente/{area.code}/team/").status_code == 404
    client.force_login(lead)
    ClientFactory.create_batch(12, municipality=area, caseworker=caseworker)
    ClientFactory.create_batch(3, municipality=area, caseworker=lead)
    response = client.get(f"/monitoring/gemeente/{area.code}/team/")
    assert response.status_code == 200
    rows = response.context["rows"]
    by_name = {row.caseworker: row for row in rows}
    assert by_name[str(caseworker)].clients == 12
    assert by_name[str(lead)].clients is None


def test_the_council_report_is_a_dated_pdf(client, area, caseworker):
    client.force_login(caseworker)
    response = client.get(f"/monitoring/gemeente/{area.code}/raadsrapportage.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert AS_OF.strftime("%Y-%m-%d") in response["Content-Disposition"]


def test_the_council_report_download_is_audited(client, area, caseworker):
    client.force_login(caseworker)
    assert client.get(f"/monitoring/gemeente/{area.code}/raadsrapportage.pdf").status_code == 200
    assert_audited(
        "export", actor_id=caseworker.pk, object_type="council_report", object_id=f"gemeente:{area.code}"
    )


def test_the_reference_figures_are_the_ones_the_demo_is_calibrated_to():
    from werkroute.demo.simulation import CBS_TARGETS

    assert {
        months: share for (cohort, months), share in CBS_TARGETS.items() if cohort == 2014
    } == reference.CBS_COHORT_2014_IN_WORK


def test_the_refresh_command_stores_a_snapshot_and_keeps_only_the_newest(area):
    from werkroute.monitoring.models import AreaIndicators, IndicatorSnapshot

    out = io.StringIO()
    call_command("monitoring", "refresh", "--as-of", AS_OF.isoformat(), stdout=out)
    assert IndicatorSnapshot.objects.count() == 1
    assert set(AreaIndicators.objects.values_list("code", flat=True)) >= {area.code, area.region.code, "NL"}
    assert "33 klanten" in out.getvalue()


def test_a_bad_date_or_an_unwritable_path_gets_a_dutch_message(tmp_path, area):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Ongeldige datum"):
        call_command(
            "monitoring",
            "export",
            "--format",
            "csv",
            "--out",
            str(tmp_path / "x.csv"),
            "--as-of",
            "1-11-2026",
        )
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(CommandError, match=r"Kan .* niet schrijven"):
        call_command("monitoring", "export", "--format", "csv", "--out", str(blocker / "x.csv"))


def test_opening_a_dashboard_before_any_refresh_computes_nothing_and_offers_a_post(
    client, municipality, other_municipality, caseworker
):
    """A GET must not write: before, the first visit computed and stored the figures itself."""
    from werkroute.monitoring.models import IndicatorSnapshot

    ClientFactory(municipality=municipality)
    client.force_login(caseworker)
    page = client.get(f"/monitoring/gemeente/{municipality.code}/")
    assert page.status_code == 200
    assert not IndicatorSnapshot.objects.exists()
    content = page.content.decode()
    assert 'method="post"' in content and "/monitoring/berekenen/" in content
    for url in (
        f"/monitoring/gemeente/{municipality.code}/indicatoren.csv",
        f"/monitoring/gemeente/{municipality.code}/raadsrapportage.pdf",
    ):
        assert client.get(url).status_code == 200
    assert not IndicatorSnapshot.objects.exists()
    # Outside the scope it is still "not found", figures or not.
    assert client.get(f"/monitoring/gemeente/{other_municipality.code}/").status_code == 404

    assert client.get("/monitoring/berekenen/").status_code == 405
    back = f"/monitoring/gemeente/{municipality.code}/"
    response = client.post("/monitoring/berekenen/", {"next": back})
    assert response.status_code == 302 and response.url == back
    assert IndicatorSnapshot.objects.count() == 1
    assert "Peildatum" in client.get(back).content.decode()


def test_only_someone_with_a_monitoring_view_may_start_a_refresh(client, municipality):
    from werkroute.monitoring.models import IndicatorSnapshot

    employer = UserFactory()
    MembershipFactory(user=employer, role=Role.EMPLOYER)
    client.force_login(employer)
    assert client.post("/monitoring/berekenen/").status_code == 403
    assert not IndicatorSnapshot.objects.exists()


def test_a_refresh_does_not_send_the_user_to_another_site(client, caseworker):
    client.force_login(caseworker)
    response = client.post("/monitoring/berekenen/", {"next": "https://example.org/"})
    assert response.url == "/monitoring/"


@pytest.mark.parametrize("back", ["0", "index", "https://elders.example/", "//elders.example/", ""])
def test_a_refresh_goes_back_only_to_a_path_of_this_site(client, municipality, caseworker, back):
    """A ``next`` that is no path of this site leads to the monitoring start page: before, a bare word
    such as ``0`` was taken for the name of a URL pattern and answered with a server error."""
    ClientFactory(municipality=municipality)
    client.force_login(caseworker)
    response = client.post("/monitoring/berekenen/", {"next": back})
    assert response.status_code == 302 and response.url == "/monitoring/"


def _municipality_rows(client, code: str) -> list[dict]:  # type: ignore[no-untyped-def]
    rows = client.get(f"/monitoring/gemeente/{code}/indicatoren.json").json()["rows"]
    return [row for row in rows if row["level"] == "municipality"]


def _stored_rows(code: str) -> list[dict]:  # type: ignore[type-arg]
    """The newest snapshot's table of ``code`` as stored, read past everything a process keeps."""
    stored = AreaIndicators.objects.get(snapshot=selectors.latest_snapshot(), code=code)
    frame = exports.read_arrow(bytes(stored.table)).astype(object)
    return json.loads(frame.where(frame.notna(), None).to_json(orient="records"))


def test_the_figures_read_again_are_the_newest_refreshs(client, area, caseworker):
    """A process keeps the tables it read per snapshot (they never change); the next refresh writes a new
    snapshot, and the next page shows it, not what this process read before."""
    client.force_login(caseworker)
    before = _municipality_rows(client, area.code)
    assert _municipality_rows(client, area.code) == before  # read again, in this process
    for _ in range(6):
        LabourEpisodeFactory(
            client=ClientFactory(municipality=area),
            kind="paid_work",
            start_date=dt.date(2024, 1, 1),
            hours_per_week=32,
        )
    services.refresh(AS_OF)
    after = _municipality_rows(client, area.code)
    assert after != before
    assert after == [{key: row[key] for key in after[0]} for row in _stored_rows(area.code)]
