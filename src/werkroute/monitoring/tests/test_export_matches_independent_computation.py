"""The export equals an independent computation, cell by cell, and discloses nothing about small groups."""

import datetime as dt
import io
import json

import numpy as np
import pandas as pd
import pytest
from django.core.management import call_command
from django.db import transaction

from werkroute.accounts.models import Membership, Role
from werkroute.accounts.tests.factories import caseworker_of
from werkroute.cases import handovers
from werkroute.cases.models import Client
from werkroute.cases.tests.factories import ActivityFactory, ClientFactory, LabourEpisodeFactory
from werkroute.monitoring import disclosure
from werkroute.monitoring.tests import independent
from werkroute.regions.models import Municipality, Organisation, OrganisationKind

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

AS_OF = dt.date(2026, 11, 1)
KEY = ["level", "area_code", "cohort", "months_since_permit", "group", "group_value", "indicator"]


@pytest.fixture(scope="module")
def demo_with_edge_cases(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo region with edge cases added, and its CSV export; built once for this module, inside a
    transaction that is rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build(tmp_path_factory.mktemp("export"))
        transaction.set_rollback(True)


def _build(tmp_path):  # type: ignore[no-untyped-def]
    call_command("demo", "--clients", "600", "--today", AS_OF.isoformat(), stdout=io.StringIO())
    nijmegen = Municipality.objects.get(code="GM0268")
    wijchen = Municipality.objects.get(code="GM0296")
    # A client who moved from Nijmegen to Wijchen in 2024: counted in Nijmegen before, Wijchen after.
    mover = Client.objects.filter(municipality=nijmegen, permit_date__year=2019).order_by("pk").first()
    actor = caseworker_of(nijmegen, username="verhuizer")
    Membership.objects.create(
        user=actor,
        organisation=Organisation.objects.get(municipality=wijchen, kind=OrganisationKind.MUNICIPALITY),
        role=Role.CASEWORKER,
    )
    # A move is a warm handover (the only way a client changes municipality), sent and accepted at once.
    moved_on = dt.date(2024, 3, 15)
    handover = handovers.send_handover(
        actor,
        mover,
        {
            "to_municipality": wijchen,
            "moved_on": moved_on,
            "ground": "legal_basis",
            "legal_basis": "wet_inburgering_2021",
            "note": "Verhuisd naar Wijchen.",
        },
        today=moved_on,
    )
    handovers.accept_handover(actor, handover, caseworker=actor, today=moved_on)
    # A client without any spell, and a cohort (2013) far before the demo's, leaving 2014-2015 empty.
    ClientFactory(
        municipality=nijmegen, permit_date=dt.date(2021, 4, 1), registration_date=dt.date(2021, 6, 1)
    )
    early = ClientFactory(
        municipality=nijmegen, permit_date=dt.date(2013, 9, 1), registration_date=dt.date(2013, 11, 1)
    )
    # Guidance stopped early with nothing after it, enough of them in one cohort for the cell to be shown:
    # the demo's own early stops are spread too thin to pass the disclosure threshold everywhere.
    for _ in range(12):
        ActivityFactory(
            client=ClientFactory(
                municipality=nijmegen, permit_date=dt.date(2021, 2, 1), registration_date=dt.date(2021, 4, 1)
            ),
            status="stopped_early",
            start_date=dt.date(2025, 1, 6),
            end_date=dt.date(2025, 6, 2),
            stop_reason="Verhuisd",
        )
    # A spell open on the reference date.
    LabourEpisodeFactory(
        client=early, kind="paid_work", start_date=dt.date(2016, 1, 1), end_date=None, hours_per_week=20
    )
    path = tmp_path / "indicators.csv"
    call_command(
        "monitoring",
        "export",
        "--format",
        "csv",
        "--out",
        str(path),
        "--as-of",
        AS_OF.isoformat(),
        stdout=io.StringIO(),
    )
    export = pd.read_csv(
        path, dtype={"group_value": str, "area_code": str}, keep_default_na=False, na_values=[""]
    )
    export["group_value"] = export["group_value"].fillna("")
    clients = independent.clients_table()
    return export, mover, independent.indicators(AS_OF), independent.client_days(clients, AS_OF)


def _number(value):  # type: ignore[no-untyped-def]
    return None if pd.isna(value) else int(value)


def test_every_exported_cell_equals_the_independent_computation(demo_with_edge_cases):
    export, _, expected, _ = demo_with_edge_cases
    expected = expected[expected.denominator > 0]
    export_keyed = export.assign(
        cohort=export.cohort.map(_number), months_since_permit=export.months_since_permit.map(_number)
    ).set_index(KEY)
    expected_keyed = expected.set_index(KEY)
    # Every cell with people in it is exported; the export adds only empty, suppressed totals.
    missing = expected_keyed.index.difference(export_keyed.index)
    assert len(missing) == 0, list(missing[:5])
    extra = export_keyed.loc[export_keyed.index.difference(expected_keyed.index)]
    assert extra["suppressed"].all() and extra["denominator"].isna().all()
    joined = export_keyed.join(expected_keyed.add_suffix("_expected"), how="inner")
    assert len(joined) == len(expected_keyed)
    shown = joined[~joined.suppressed]
    assert len(shown) > 1000
    shown_indicators = set(shown.index.get_level_values("indicator"))
    assert {*independent.CONTINUITY_SHARES, *independent.CONTINUITY_MEDIANS} - {
        "open_signal_over_4_weeks"
    } <= shown_indicators
    wrong = shown[shown.numerator != shown.numerator_expected]
    assert wrong.empty, (
        wrong[["numerator", "numerator_expected", "denominator", "denominator_expected"]].head(20).to_string()
    )
    assert (shown.denominator == shown.denominator_expected).all()
    kinds = {
        "days_to_intake": 1,
        "days_to_pip": 1,
        "days_to_first_activity": 1,
        "caseload_per_caseworker": 1,
        **dict.fromkeys(independent.CONTINUITY_MEDIANS, 1),
    }
    digits = shown.index.get_level_values("indicator").map(lambda name: kinds.get(name, 4))
    # A median's value is the median itself, not a ratio.
    ratio = (
        shown["median_expected"]
        .fillna(shown.numerator_expected / shown.denominator_expected)
        .to_numpy(dtype=float)
    )
    rounded = np.array([round(value, int(places)) for value, places in zip(ratio, digits, strict=True)])
    assert np.allclose(shown.value.to_numpy(dtype=float), rounded, atol=1e-9)
    hidden = joined[joined.suppressed]
    assert hidden.numerator.isna().all() and hidden.value.isna().all()
    shown_denominators = hidden[hidden.denominator.notna()]
    assert (shown_denominators.denominator == shown_denominators.denominator_expected).all()


def test_the_mover_counts_in_the_old_municipality_before_the_move_and_the_new_one_after(demo_with_edge_cases):
    _, mover, _, days = demo_with_edge_cases
    mine = days[days.client_id == mover.pk]
    codes = dict(Municipality.objects.values_list("pk", "code"))
    moved_on = dt.date(2024, 3, 15)
    assert (mine.day < moved_on).any() and (mine.day >= moved_on).any()
    for _, row in mine.iterrows():
        assert codes[row.municipality_id] == ("GM0268" if row.day < moved_on else "GM0296")


def test_no_exported_cell_is_about_fewer_than_ten_people(demo_with_edge_cases):
    export = demo_with_edge_cases[0]
    threshold = disclosure.THRESHOLD
    shown = export[~export.suppressed]
    shares = shown[~shown.indicator.str.startswith(("days_", "caseload"))]
    assert (shares.numerator >= threshold).all()
    assert (shares.denominator - shares.numerator >= threshold).all()
    people = shown[~shown.indicator.str.startswith("caseload")]
    assert (people.denominator >= threshold).all(), (
        people[~(people.denominator >= threshold)].head().to_string()
    )
    assert (shown[shown.indicator.str.startswith("caseload")].numerator >= threshold).all()
    # The caseload's denominator counts caseworkers, not clients: staff numbers are not protected.
    client_counts = export[~export.indicator.str.startswith("caseload")]
    assert (client_counts.denominator.dropna() >= threshold).all()
    assert export.suppressed.any() and (~export.suppressed).any()


def _hidden_single_parts(export: pd.DataFrame, column: str) -> pd.DataFrame:
    """Sums whose total is shown while exactly one of its parts is hidden: that part could be recomputed.

    The sums: the values of a group add up to the total, the cohorts to all cohorts, the municipalities
    of a region to the region, the regions to the country. Parts absent from the export are empty
    (zero), which every reader can see, so they count as shown."""
    frame = export.assign(
        hidden=export[column].isna(),
        cohort=export.cohort.fillna(-1),
        months=export.months_since_permit.fillna(-1),
    )
    region_of = dict(Municipality.objects.values_list("code", "region__code"))
    cell = ["cohort", "months", "group", "group_value", "indicator"]
    problems = []

    def check(parts: pd.DataFrame, totals: pd.DataFrame, key: list[str]) -> None:
        hidden_parts = parts.groupby(key, observed=True)["hidden"].sum().rename("hidden_parts")
        shown_totals = totals[~totals.hidden].set_index(key)
        joined = shown_totals.join(hidden_parts, how="inner")
        problems.append(joined[joined.hidden_parts == 1])

    area = ["level", "area_code"]
    # Group values to the total, one group at a time.
    totals = frame[frame.group == "total"]
    for group in frame.group.unique():
        if group == "total":
            continue
        check(frame[frame.group == group], totals, [*area, "cohort", "months", "indicator"])
    # Cohorts to all cohorts.
    check(
        frame[frame.cohort != -1],
        frame[frame.cohort == -1],
        [*area, "months", "group", "group_value", "indicator"],
    )
    # Municipalities to their region, regions to the country.
    municipalities = frame[frame.level == "municipality"].assign(
        area_code=lambda rows: rows.area_code.map(region_of)
    )
    check(municipalities, frame[frame.level == "region"], ["area_code", *cell])
    check(frame[frame.level == "region"], frame[frame.level == "national"], cell)
    return pd.concat(problems)


def test_suppressed_cells_cannot_be_recovered_from_totals(demo_with_edge_cases):
    export = demo_with_edge_cases[0]
    assert _hidden_single_parts(export, "numerator").empty
    assert _hidden_single_parts(export, "denominator").empty


def test_the_json_export_says_what_was_suppressed(demo_with_edge_cases, tmp_path):
    path = tmp_path / "indicators.json"
    call_command(
        "monitoring",
        "export",
        "--format",
        "json",
        "--out",
        str(path),
        "--as-of",
        AS_OF.isoformat(),
        stdout=io.StringIO(),
    )
    document = json.loads(path.read_text())
    assert "minder dan 10 personen" in document["note"]
    assert document["columns"] == list(demo_with_edge_cases[0].columns)
    assert len(document["rows"]) == len(demo_with_edge_cases[0])


def test_the_recovery_check_finds_a_cell_that_secondary_suppression_would_have_hidden(demo_with_edge_cases):
    export = demo_with_edge_cases[0].copy()
    key = ["level", "area_code", "cohort", "months_since_permit", "indicator"]
    shown_totals = export[(export.group == "total") & export.numerator.notna()][key]
    genders = (
        export[(export.group == "gender") & export.numerator.isna()].reset_index().merge(shown_totals, on=key)
    )
    hidden_pairs = genders.groupby(key, dropna=False).filter(lambda rows: len(rows) == 2).set_index("index")
    assert len(hidden_pairs) > 0
    export.loc[hidden_pairs.index[0], "numerator"] = 12  # as if only one of the two had been hidden
    assert not _hidden_single_parts(export, "numerator").empty
