"""The continuity indicators on a small hand-built data set: each equals the figure worked out by hand from
the definitions in ``docs/monitoring.md``, small cells are suppressed, and the dashboard and the download
show them."""

import datetime as dt
import io
import statistics

import pandas as pd
import pytest
from django.urls import reverse

from werkroute.cases.models import ActivityStatus, ActivityType, EpisodeKind
from werkroute.cases.tests.factories import (
    ActivityFactory,
    ClientFactory,
    IntakeFactory,
    LabourEpisodeFactory,
    PlanVersionFactory,
)
from werkroute.followup.models import SignalStatus
from werkroute.followup.tests.factories import SignalFactory
from werkroute.monitoring import services
from werkroute.regions.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 11, 1)
PERMIT, REGISTERED = dt.date(2023, 3, 1), dt.date(2023, 4, 1)
CLIENTS = 30
D = dt.date


def _intake_days(i: int) -> int | None:
    return None if i % 5 == 0 else 7 * (i % 4) + i


def _pip_days(i: int) -> int | None:
    return None if i % 3 == 0 or _intake_days(i) is None else 14 + i


def _build(municipality):  # type: ignore[no-untyped-def]
    """30 clients of cohort 2023, each with a different part of the story (see the expectations)."""
    people = []
    for i in range(CLIENTS):
        person = ClientFactory(
            municipality=municipality,
            permit_date=PERMIT,
            registration_date=REGISTERED,
            date_of_birth=D(1990, 1, 1),
            gender="female",
        )
        people.append(person)
        intake_days = _intake_days(i)
        if intake_days is not None:
            intake_on = REGISTERED + dt.timedelta(days=intake_days)
            IntakeFactory(client=person, intake_date=intake_on)
            if _pip_days(i) is not None:
                PlanVersionFactory(
                    client=person, number=1, plan_date=intake_on + dt.timedelta(days=_pip_days(i))
                )
        # Signals: 0-11 open since September, 12-14 open for less than four weeks, 15 closed before the
        # reference date, 16 dismissed after it (so open on it), 17 snoozed now.
        if i < 12:
            SignalFactory(client=person, raised_on=D(2026, 9, 1))
        elif i < 15:
            SignalFactory(client=person, raised_on=D(2026, 10, 20))
        elif i == 15:
            SignalFactory(
                client=person, raised_on=D(2026, 1, 1), status=SignalStatus.RESOLVED, closed_on=D(2026, 6, 1)
            )
        elif i == 16:
            SignalFactory(
                client=person,
                raised_on=D(2026, 8, 1),
                status=SignalStatus.DISMISSED,
                closed_on=D(2026, 11, 15),
            )
        elif i == 17:
            SignalFactory(
                client=person,
                raised_on=D(2026, 8, 1),
                status=SignalStatus.SNOOZED,
                snoozed_until=D(2026, 12, 31),
            )
        # Activities: 0-12 stopped early on 1 June 2025, 13-25 completed then; 26-29 none.
        if i < 13:
            ActivityFactory(
                client=person,
                start_date=D(2025, 1, 1),
                end_date=D(2025, 6, 1),
                status=ActivityStatus.STOPPED_EARLY,
            )
        elif i < 26:
            ActivityFactory(
                client=person,
                start_date=D(2025, 1, 1),
                end_date=D(2025, 6, 1),
                status=ActivityStatus.COMPLETED,
            )
        # Paid work: 0-23 start in January 2025; 0-11 stop within two months, 12-14 after eight months,
        # 15-23 keep working.
        if i < 24:
            ends = D(2025, 3, 1) if i < 12 else D(2025, 9, 1) if i < 15 else None
            LabourEpisodeFactory(
                client=person,
                kind=EpisodeKind.PAID_WORK,
                start_date=D(2025, 1, 1) + dt.timedelta(days=i),
                end_date=ends,
                hours_per_week=20,
            )
    # Three of those who stopped early did not fall out of sight: something is planned (0), they work
    # again (1), or a later activity followed (2).
    ActivityFactory(client=people[0], start_date=D(2026, 12, 1), status=ActivityStatus.PLANNED)
    LabourEpisodeFactory(
        client=people[1], kind=EpisodeKind.PAID_WORK, start_date=D(2026, 6, 1), hours_per_week=32
    )
    ActivityFactory(
        client=people[2], start_date=D(2025, 7, 1), end_date=D(2025, 12, 1), status=ActivityStatus.COMPLETED
    )
    # An after-care activity stopped early is not guidance that stopped: 13 did one after the course.
    ActivityFactory(
        client=people[13],
        activity_type=ActivityType.AFTER_CARE,
        start_date=D(2025, 7, 1),
        end_date=D(2025, 8, 1),
        status=ActivityStatus.STOPPED_EARLY,
    )
    return people


def _expected() -> dict[str, tuple[float, int, int | None]]:
    """(value, denominator, numerator) per indicator, worked out from the story above."""
    to_intake = [_intake_days(i) for i in range(CLIENTS) if _intake_days(i) is not None]
    to_pip = [_pip_days(i) for i in range(CLIENTS) if _pip_days(i) is not None]
    return {
        # 0-11 and 16: raised more than four weeks before the reference date and open on it.
        "open_signal_over_4_weeks": (13 / 30, 30, 13),
        # 3-12 (ten): stopped early with nothing after; of the 26 with an activity.
        "early_stop": (10 / 26, 26, 10),
        "days_to_intake_median": (statistics.median(to_intake), len(to_intake), None),
        "days_intake_to_pip_median": (statistics.median(to_pip), len(to_pip), None),
        # Six months after the first start 12-23 work (12 of 24); twelve months after, only 15-23 (9).
        "after_care_retention_6m": (12 / 24, 24, 12),
        "after_care_retention_12m": (9 / 24, 24, 9),
    }


@pytest.fixture
def figures(municipality):  # type: ignore[no-untyped-def]
    _build(municipality)
    table = services.compute(AS_OF).table
    return table[(table.group == "total") & table.months_since_permit.isna()]


def _cell(table: pd.DataFrame, level: str, indicator: str, cohort: int | None = None) -> pd.Series:
    rows = table[
        (table.level == level)
        & (table.indicator == indicator)
        & (table.cohort.isna() if cohort is None else table.cohort == cohort)
    ]
    assert len(rows) == 1, (level, indicator, cohort)
    return rows.iloc[0]


def test_each_continuity_indicator_equals_the_figure_worked_out_by_hand(figures):
    for indicator, (value, denominator, numerator) in _expected().items():
        if indicator == "after_care_retention_12m":
            continue  # nine people: suppressed (the next test)
        for level in ("municipality", "region", "national"):
            for cohort in (None, 2023):
                row = _cell(figures, level, indicator, cohort)
                assert not row.suppressed, (indicator, level)
                assert row.denominator == denominator, (indicator, level)
                assert row.value == pytest.approx(round(value, 4 if numerator is not None else 1))
                if numerator is not None:
                    assert row.numerator == numerator, (indicator, level)


def test_a_continuity_figure_about_fewer_than_ten_people_is_suppressed(figures, municipality):
    row = _cell(figures, "national", "after_care_retention_12m")
    assert row.suppressed and pd.isna(row.numerator) and pd.isna(row.value)
    assert row.denominator == 24  # the group itself is large enough to show


def test_a_small_municipality_is_suppressed_and_cannot_be_worked_out_from_the_region(municipality):
    _build(municipality)
    small = MunicipalityFactory(region=municipality.region)
    for _ in range(3):
        SignalFactory(
            client=ClientFactory(municipality=small, permit_date=PERMIT, registration_date=REGISTERED),
            raised_on=D(2026, 9, 1),
        )
    table = services.compute(AS_OF).table
    totals = table[(table.group == "total") & table.cohort.isna()]
    signals = totals[totals.indicator == "open_signal_over_4_weeks"].set_index("area_code")
    assert signals.loc[small.code, "suppressed"] and pd.isna(signals.loc[small.code, "denominator"])
    # The region is shown (16 of 33), so the other municipality is hidden as well: 16 − x would give x.
    assert signals.loc[municipality.region.code, "numerator"] == 16
    assert signals.loc[municipality.region.code, "denominator"] == 33
    assert signals.loc[municipality.code, "suppressed"]
    medians = totals[totals.indicator == "days_to_intake_median"].set_index("area_code")
    assert pd.isna(medians.loc[small.code, "value"]) and medians.loc[small.code, "suppressed"]


def test_the_dashboard_and_the_download_show_the_continuity_figures(municipality, caseworker_client):
    _build(municipality)
    services.refresh(AS_OF)
    page = caseworker_client.get(reverse("monitoring:municipality", kwargs={"code": municipality.code}))
    content = page.content.decode()
    assert page.status_code == 200
    assert "Continuïteit: niemand uit beeld" in content
    assert "met een signaal dat langer dan 4 weken openstaat" in content
    assert "43,3%" in content  # 13 of 30
    assert "voortijdig gestopt, cohort 2023" in content
    download = caseworker_client.get(
        reverse("monitoring:download", kwargs={"level": "gemeente", "code": municipality.code, "fmt": "csv"})
    )
    assert download.status_code == 200
    export = pd.read_csv(io.BytesIO(download.content))
    shown = export[(export.group == "total") & export.cohort.isna() & export.months_since_permit.isna()]
    row = shown[(shown.indicator == "early_stop") & (shown.level == "municipality")].iloc[0]
    assert (row.numerator, row.denominator) == (10, 26)
