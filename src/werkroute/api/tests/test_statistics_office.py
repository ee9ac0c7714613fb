"""The statistics office reads the monitoring figures of every municipality, its region and the country
through the API, under the same disclosure control as the exports, and nothing else: its system may
hold only the monitoring scope."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from oauth2_provider.models import get_access_token_model

from werkroute.accounts import policies
from werkroute.accounts.models import Role
from werkroute.accounts.tests.factories import MembershipFactory
from werkroute.api import scopes as api_scopes
from werkroute.api.services import create_api_client
from werkroute.api.tests.factories import system_for, token_for
from werkroute.cases.tests.factories import ClientFactory, LabourEpisodeFactory
from werkroute.monitoring import services as monitoring
from werkroute.regions.models import OrganisationKind
from werkroute.regions.tests.factories import MunicipalityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def _statistics_office():  # type: ignore[no-untyped-def]
    return OrganisationFactory(
        kind=OrganisationKind.STATISTICS_OFFICE, name="Centraal Bureau voor de Statistiek"
    )


def _clients(municipality, count: int) -> None:  # type: ignore[no-untyped-def]
    for number in range(count):
        person = ClientFactory(municipality=municipality, gender="female" if number % 2 else "male")
        if number < count // 3:
            LabourEpisodeFactory(
                client=person, kind="paid_work", start_date=dt.date(2023, 1, 1), hours_per_week=20
            )


def test_the_command_makes_a_client_with_the_monitoring_scope(capsys):  # type: ignore[no-untyped-def]
    _statistics_office()
    call_command(
        "api_client",
        "create",
        "--organisation",
        "centraal-bureau-voor-de-statistiek",
        "--scopes",
        "monitoring:read",
    )
    lines = dict(line.split("=", 1) for line in capsys.readouterr().out.splitlines())
    token = token_for(lines["client_id"], lines["client_secret"])
    assert token.status_code == 200
    assert token.json()["scope"] == "monitoring:read"


@pytest.mark.parametrize(
    "scopes", [["clients:read"], ["monitoring:read", "signals:read"], ["notifications:write"]]
)
def test_any_other_scope_is_refused_with_a_dutch_message(scopes):  # type: ignore[no-untyped-def]
    _statistics_office()
    with pytest.raises(CommandError, match="mag alleen de scope"):
        call_command(
            "api_client",
            "create",
            "--organisation",
            "centraal-bureau-voor-de-statistiek",
            "--scopes",
            *scopes,
        )


def test_a_scope_written_into_the_database_by_hand_opens_nothing():  # type: ignore[no-untyped-def]
    """Belt and braces: what its kind may not hold counts for nothing, whatever the rows say. A new token
    names only the monitoring scope, and a token that names more (written by hand too) opens no more."""
    system = system_for(_statistics_office(), ["monitoring:read"])
    system.api_client.scopes = " ".join(api_scopes.SCOPES)
    system.api_client.save(update_fields=["scopes"])
    assert token_for(system.client_id, system.secret).json()["scope"] == "monitoring:read"
    get_access_token_model().objects.update(scope=" ".join(api_scopes.SCOPES))
    ClientFactory()
    assert system.get("/clients").status_code == 403
    assert system.get("/interventions").status_code == 403
    with pytest.raises(api_scopes.ScopeNotAllowed):
        create_api_client(organisation=system.api_client.organisation, scopes=["clients:read"])


def test_it_reads_every_municipality_region_and_the_country_as_the_municipality_itself_does():  # type: ignore[no-untyped-def]
    here, there = MunicipalityFactory(), MunicipalityFactory()  # two labour market regions
    assert here.region_id != there.region_id
    for municipality in (here, there):
        _clients(municipality, 30)
    monitoring.refresh(dt.date(2026, 11, 1))
    office = system_for(_statistics_office(), ["monitoring:read"])
    for municipality in (here, there):
        own = system_for(
            OrganisationFactory(kind=OrganisationKind.MUNICIPALITY, municipality=municipality),
            ["monitoring:read"],
        )
        answer = office.get(f"/municipalities/{municipality.code}/indicators")
        assert answer.status_code == 200, answer.content
        rows = answer.json()["results"]
        assert {row["level"] for row in rows} == {"municipality", "region", "national"}
        assert {row["areaCode"] for row in rows} == {municipality.code, municipality.region.code, "NL"}
        # The same table, small cells suppressed alike, as the municipality's own system gets.
        assert rows == own.get(f"/municipalities/{municipality.code}/indicators").json()["results"]
        assert any(row["suppressed"] and row["value"] is None for row in rows)
    assert office.get("/municipalities/GM0000/indicators").status_code == 404


def test_a_policy_analyst_of_the_statistics_office_sees_every_area_and_no_file():  # type: ignore[no-untyped-def]
    """The policy decides for people and systems alike: national figures, and still no case file."""
    here, there = MunicipalityFactory(), MunicipalityFactory()
    analyst = MembershipFactory(organisation=_statistics_office(), role=Role.POLICY_ANALYST).user
    municipal = MembershipFactory(
        organisation=OrganisationFactory(kind=OrganisationKind.MUNICIPALITY, municipality=here),
        role=Role.POLICY_ANALYST,
    ).user
    assert {here.pk, there.pk} <= policies.monitoring_municipality_ids(analyst)
    assert {here.region_id, there.region_id} <= policies.monitoring_region_ids(analyst)
    assert policies.monitoring_municipality_ids(municipal) == {here.pk}
    assert policies.case_municipality_ids(analyst) == set()
