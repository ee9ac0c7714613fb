"""On a simulated demo population, the sweep's open signals are exactly what an independent pandas
computation of the same rules (with their default thresholds) finds. The pandas version reads every
table whole and applies the rules as written in ``docs/followup.md``, not through the rule functions."""

import datetime as dt

import pandas as pd
import pytest

from werkroute.cases.events import ATTENDED_BY, NEEDS_ATTENTION
from werkroute.cases.models import (
    Activity,
    Client,
    Consent,
    Handover,
    LabourEpisode,
    PlanVersion,
    TimelineEvent,
)
from werkroute.demo import loader
from werkroute.demo import region as demo_region
from werkroute.demo.simulation import simulate
from werkroute.demo.tests.conftest import TODAY
from werkroute.demo.tests.test_demo_loader import small_region  # noqa: F401 (a fixture)
from werkroute.followup.models import AfterCare, CheckIn, Signal
from werkroute.followup.sweep import find_all, find_all_by_queries, sweep
from werkroute.placements.models import Referral

pytestmark = pytest.mark.django_db

DAY = pd.Timedelta(days=1)
WAITING = {"proposed", "consented", "sent", "interview", "accepted"}
ON_THEIR_WAY = {"paid_work", "self_employment", "education"}
LAW_START = pd.Timestamp("2022-01-01")


def frame(queryset, *columns: str) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    table = pd.DataFrame(list(queryset.values_list(*columns)), columns=list(columns))
    for column in table.columns:
        if column.endswith(("date", "_on", "until")):
            table[column] = pd.to_datetime(table[column])
    return table


def add_months(day: pd.Timestamp, months: int) -> pd.Timestamp:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return pd.Timestamp(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def add_years(day: pd.Timestamp, years: int) -> pd.Timestamp:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def expected_signals(today_date: dt.date) -> set[tuple[str, str, str]]:
    today = pd.Timestamp(today_date)
    clients = frame(
        Client.objects, "id", "registration_date", "linked_on", "target_group__code", "intake__id"
    )
    handovers = frame(Handover.objects, "id", "client_id", "status", "requested_on", "sent_on")
    plans = frame(PlanVersion.objects, "client_id", "number", "plan_date", "review_date")
    activities = frame(
        Activity.objects, "id", "client_id", "status", "activity_type", "start_date", "end_date"
    )
    episodes = frame(LabourEpisode.objects, "id", "client_id", "kind", "start_date", "end_date")
    consents = frame(
        Consent.objects,
        "id",
        "client_id",
        "scope",
        "organisation_id",
        "given_on",
        "valid_until",
        "withdrawn_on",
    )
    referrals = frame(Referral.objects, "id", "client_id", "status", "proposed_on", "sent_on", "decided_on")
    events = frame(TimelineEvent.objects, "id", "client_id", "kind", "occurred_on")
    found: set[tuple[str, str, str]] = set()

    def add(rows: pd.DataFrame, rule: str, subject=lambda row: "") -> None:  # type: ignore[no-untyped-def]
        for row in rows.itertuples():
            found.add((str(row.client_id), rule, subject(row)))

    clients = clients.rename(columns={"id": "client_id"})
    planned = set(plans.client_id)
    on_way = set(
        episodes[
            episodes.kind.isin(ON_THEIR_WAY)
            & (episodes.start_date <= today)
            & (episodes.end_date.isna() | (episodes.end_date >= today))
        ].client_id
    )
    # From the later of the registration and the link to the municipality, whichever are known.
    counted_from = clients[["registration_date", "linked_on"]].max(axis=1)
    add(clients[clients.intake__id.isna() & (counted_from <= today - 28 * DAY)], "intake_not_started")
    waiting = handovers[handovers.status.isin({"requested", "sent"})]
    add(
        waiting[waiting.sent_on.fillna(waiting.requested_on) <= today],
        "handover_pending",
        lambda row: f"handover:{row.id}",
    )

    law = clients[(clients.target_group__code == "statushouder") & (clients.registration_date >= LAW_START)]
    without_plan = law[~law.client_id.isin(planned)]
    deadline = without_plan.registration_date + pd.Timedelta(weeks=10)
    add(without_plan[deadline < today], "pip_deadline_passed")
    add(without_plan[(deadline >= today) & (deadline <= today + 14 * DAY)], "pip_deadline_approaching")

    newest = plans.sort_values("number").groupby("client_id").tail(1)
    add(newest[newest.review_date < today], "plan_review_passed", lambda row: f"plan:{row.number}")

    def last_with_nothing_after(status: str) -> pd.DataFrame:
        closed = activities[(activities.status == status) & (activities.activity_type != "after_care")]
        keep = []
        for row in closed.itertuples():
            others = activities[(activities.client_id == row.client_id) & (activities.id != row.id)]
            running = others.status.isin({"planned", "active"}).any()
            started_after = ((others.status != "cancelled") & (others.start_date >= row.end_date)).any()
            ended_later = (
                others.status.isin({"completed", "stopped_early"})
                & (
                    (others.end_date > row.end_date)
                    | ((others.end_date == row.end_date) & (others.id > row.id))
                )
            ).any()
            keep.append(not (running or started_after or ended_later or row.client_id in on_way))
        return closed[keep] if len(closed) else closed

    completed = last_with_nothing_after("completed")
    completed = completed[
        (completed.end_date <= today - 14 * DAY) & (completed.end_date >= today - 365 * DAY)
    ]
    add(completed, "activity_ended_nothing_after", lambda row: f"activity:{row.id}")
    stopped = last_with_nothing_after("stopped_early")
    stopped = stopped[stopped.end_date >= today - 180 * DAY]
    add(stopped, "early_stop", lambda row: f"activity:{row.id}")

    first_plans = plans[plans.number == 1].set_index("client_id").plan_date
    not_cancelled = activities[activities.status != "cancelled"]
    last_end = not_cancelled.groupby("client_id").end_date.max()
    running = set(activities[activities.status.isin({"planned", "active"})].client_id)
    covered = {
        client_id for client_id, rule, _ in found if rule in ("activity_ended_nothing_after", "early_stop")
    }
    quiet = clients.assign(pip=clients.client_id.map(first_plans), last_end=clients.client_id.map(last_end))
    since = today - pd.Timedelta(weeks=8)
    quiet = quiet[
        (quiet.pip <= since)
        & (quiet.last_end.isna() | (quiet.last_end <= since))
        & ~quiet.client_id.isin(running | on_way)
        & ~quiet.client_id.astype(str).isin(covered)
    ]
    add(quiet, "no_active_activity")

    newest_date = plans.groupby("client_id").plan_date.max()
    term = law.assign(pip=law.client_id.map(first_plans), newest=law.client_id.map(newest_date)).dropna(
        subset=["pip"]
    )
    term = term[(term.pip >= add_years(today - 30 * DAY, -3)) & (term.pip <= add_years(today + 90 * DAY, -3))]
    term = term[
        [newest < add_years(pip, 3) - 90 * DAY for pip, newest in zip(term.pip, term.newest, strict=True)]
    ]
    add(term, "integration_term_ending")

    consents["organisation_key"] = consents.organisation_id.fillna(0)
    live = consents[consents.withdrawn_on.isna()]
    expiring = live[(live.valid_until >= today - 30 * DAY) & (live.valid_until <= today + 30 * DAY)]
    keep = []
    for row in expiring.itertuples():
        renewals = live[
            (live.client_id == row.client_id)
            & (live.scope == row.scope)
            & (live.organisation_key == row.organisation_key)
            & (live.id != row.id)
            & (live.given_on >= row.given_on)
            & (live.valid_until.isna() | (live.valid_until > row.valid_until))
        ]
        keep.append(renewals.empty)
    add(expiring[keep] if len(expiring) else expiring, "consent_expiring", lambda row: f"consent:{row.id}")

    waiting = referrals[referrals.status.isin(WAITING)].copy()
    waiting["last_step"] = waiting.decided_on.fillna(waiting.sent_on).fillna(waiting.proposed_on)
    add(waiting[waiting.last_step <= today - 21 * DAY], "referral_stuck", lambda row: f"referral:{row.id}")

    # After-care: every paid-work spell that started in the past year, check-ins at 1, 3, 6, 12 months.
    work = episodes[
        episodes.kind.isin({"paid_work", "self_employment"})
        & (episodes.start_date <= today)
        & (episodes.start_date > today - 366 * DAY)
    ]
    for row in work[work.end_date.isna()].itertuples():
        due = [add_months(row.start_date, months) for months in (1, 3, 6, 12)]
        passed = [day for day in due if day <= today]
        if passed and passed[-1] >= today - 60 * DAY:
            found.add((str(row.client_id), "check_in_due", f"due:{passed[-1].date()}"))
    ended = work[work.end_date.notna() & (work.end_date >= today - 180 * DAY)]
    ended = ended[
        [end <= add_months(start, 12) for start, end in zip(ended.start_date, ended.end_date, strict=True)]
    ]
    add(
        ended[~ended.client_id.isin(running | on_way)],
        "work_ended_during_after_care",
        lambda row: f"spell:{row.id}",
    )

    attention = events[events.kind.isin(NEEDS_ATTENTION)]
    notes = events[events.kind.isin(ATTENDED_BY)]
    last_note = notes.groupby("client_id").id.max()
    attention = attention[~(attention.client_id.map(last_note) > attention.id)]
    add(attention, "needs_attention", lambda row: f"event:{row.id}")
    return found


def test_the_sweep_finds_what_pandas_finds_on_demo_data(small_region):  # noqa: F811
    population = simulate(demo_region.region_input(small_region), 300, seed=7, today=TODAY)
    loader.load_population(population, demo_region.prepare_region(small_region), chunk_size=200)
    sweep(TODAY)
    # The after-care subjects name rows the sweep made; pandas names them by what they stand for.
    check_ins = dict(CheckIn.objects.values_list("pk", "due_on"))
    spells = dict(AfterCare.objects.values_list("pk", "episode_id"))

    def comparable(subject: str) -> str:
        kind, _, number = subject.partition(":")
        if kind == "check_in":
            return f"due:{check_ins[int(number)]}"
        if kind == "after_care":
            return f"spell:{spells[int(number)]}"
        return subject

    signals = {
        (str(client_id), rule, comparable(subject))
        for client_id, rule, subject in Signal.objects.filter(status="open").values_list(
            "client_id", "rule", "subject"
        )
    }
    expected = expected_signals(TODAY)
    # The demo population must exercise the rules, or this comparison would prove little.
    rules = {rule for _, rule, _ in expected}
    assert len(rules) >= 7, rules
    assert signals == expected


def test_the_column_evaluation_finds_what_the_rule_queries_find_on_demo_data(small_region):  # noqa: F811
    population = simulate(demo_region.region_input(small_region), 300, seed=11, today=TODAY)
    loader.load_population(population, demo_region.prepare_region(small_region), chunk_size=200)
    sweep(TODAY)  # after-care started, so the check-in rules have rows to look at
    for day in (TODAY, TODAY + dt.timedelta(days=45), TODAY + dt.timedelta(days=200)):
        columns, queries = find_all(day), find_all_by_queries(day)
        assert sum(map(len, queries.values())) > 0
        # The same findings: clients, subjects, due days and reasons.
        assert columns == queries, day
