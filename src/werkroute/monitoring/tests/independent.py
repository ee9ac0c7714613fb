"""A second, independent computation of every indicator, with pandas on the raw tables.

Written from the definitions in ``docs/monitoring.md``, not from the engine: one client-day at a time
as table joins, where the engine works on dense arrays. The tests compare the two cell by cell.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from werkroute.cases.models import (
    Activity,
    Client,
    Intake,
    LabourEpisode,
    PlanVersion,
    Relocation,
    TimelineEvent,
)
from werkroute.regions.models import Municipality

MONTHS = [None, 6, 12, 18, 24, 30, 36, 48, 60, 72, 84, 96]
CEFR = ["A0", "A1", "A2", "B1", "B2", "C1", "C2"]
GROUP_COLUMNS = ["gender", "age_band", "learning_route", "dutch_level", "vulnerable", "target_group"]


def _frame(queryset, columns):  # type: ignore[no-untyped-def]
    return pd.DataFrame(list(queryset.values_list(*columns)), columns=columns)


def _age_band(years: float) -> str:
    for lower, label in ((55, "55+"), (45, "45-54"), (35, "35-44"), (25, "25-34"), (18, "18-24")):
        if years >= lower:
            return label
    return "under_18"


def clients_table() -> pd.DataFrame:
    clients = _frame(
        Client.objects.all(),
        [
            "id",
            "municipality_id",
            "permit_date",
            "registration_date",
            "date_of_birth",
            "gender",
            "caseworker_id",
            "target_group__code",
        ],
    ).set_index("id")
    intakes = _frame(
        Intake.objects.all(),
        [
            "client_id",
            "intake_date",
            "dutch_listening",
            "dutch_reading",
            "dutch_speaking",
            "dutch_writing",
            "limiting_circumstances",
        ],
    ).set_index("client_id")
    first_events = (
        _frame(
            TimelineEvent.objects.filter(kind="intake_recorded", data__first=True),
            ["client_id", "occurred_on"],
        )
        .groupby("client_id")["occurred_on"]
        .min()
    )
    plans = _frame(PlanVersion.objects.all(), ["client_id", "number", "plan_date", "learning_route"])
    first_plan = plans.groupby("client_id")["plan_date"].min()
    latest_route = plans.sort_values("number").groupby("client_id")["learning_route"].last()

    def dutch(client_id) -> str:  # type: ignore[no-untyped-def]
        if client_id not in intakes.index:
            return "unknown"
        row = intakes.loc[client_id]
        skills = [row.dutch_listening, row.dutch_reading, row.dutch_speaking, row.dutch_writing]
        return CEFR[min(CEFR.index(level) for level in skills)]

    def first_intake(client_id):  # type: ignore[no-untyped-def]
        dates = []
        if client_id in intakes.index:
            dates.append(intakes.loc[client_id, "intake_date"])
        if client_id in first_events.index:
            dates.append(first_events.loc[client_id])
        return min(dates) if dates else None

    clients["dutch_level"] = [dutch(pk) for pk in clients.index]
    clients["vulnerable"] = [
        ("yes" if intakes.loc[pk, "limiting_circumstances"] else "no") if pk in intakes.index else "unknown"
        for pk in clients.index
    ]
    clients["target_group"] = clients["target_group__code"]
    clients["first_intake"] = [first_intake(pk) for pk in clients.index]
    clients["first_plan"] = [first_plan.get(pk) for pk in clients.index]
    clients["learning_route"] = [latest_route.get(pk, "none") for pk in clients.index]
    clients["age_band"] = [
        _age_band((row.permit_date - row.date_of_birth).days / 365.25) if row.permit_date else "under_18"
        for row in clients.itertuples()
    ]
    return clients


def _municipality_on(clients: pd.DataFrame, moves: pd.DataFrame, client_id, day: dt.date) -> int:  # type: ignore[no-untyped-def]
    mine = moves[(moves.client_id == client_id) & (moves.moved_on > day)]
    if len(mine):
        return int(mine.sort_values("moved_on").iloc[0].from_municipality_id)
    return int(clients.loc[client_id, "municipality_id"])


def _open(frame: pd.DataFrame, day_column: str, end_column: str = "end_date") -> pd.Series:
    return (frame.start_date <= frame[day_column]) & (
        frame[end_column].isna() | (frame[end_column] >= frame[day_column])
    )


def client_days(clients: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """One row per client and reference day on which the client counts, with their status that day."""
    moves = _frame(Relocation.objects.all(), ["client_id", "from_municipality_id", "moved_on"])
    episodes = _frame(
        LabourEpisode.objects.all(), ["client_id", "kind", "start_date", "end_date", "hours_per_week"]
    )
    activities = _frame(
        Activity.objects.all(), ["client_id", "status", "activity_type", "start_date", "end_date"]
    )
    activities = activities[activities.status.isin(["active", "completed", "stopped_early"])].copy()
    activities.loc[activities.status == "active", "end_date"] = None
    rows = []
    for client_id, client in clients.iterrows():
        permit = client.permit_date
        if permit is None or pd.isna(permit) or permit > as_of:
            continue
        for months in MONTHS:
            day = as_of if months is None else permit + dt.timedelta(days=round(months * 30.4375))
            if day > as_of or (day - client.date_of_birth).days >= 65 * 365.25:
                continue
            rows.append({"client_id": client_id, "months": months, "day": day})
    days = pd.DataFrame(rows)
    days["municipality_id"] = [
        _municipality_on(clients, moves, row.client_id, row.day) for row in days.itertuples()
    ]
    spells = days.merge(episodes, on="client_id")
    spells = spells[_open(spells, "day")]
    key = ["client_id", "months"]
    work = spells[spells.kind.isin(["paid_work", "self_employment"])]
    hours = work.fillna({"hours_per_week": 0}).groupby(key, dropna=False)["hours_per_week"].sum()
    running = days.merge(activities, on="client_id")
    running = running[_open(running, "day")]
    indexed = days.set_index(key)
    indexed["in_paid_work"] = indexed.index.isin(work.set_index(key).index)
    indexed["in_paid_work_12h"] = indexed.index.isin(hours[hours >= 12].index)
    for kind, name in (("social_assistance", "on_social_assistance"), ("education", "in_education")):
        indexed[name] = indexed.index.isin(spells[spells.kind == kind].set_index(key).index)
    indexed["in_activity"] = indexed.index.isin(running.set_index(key).index)
    indexed["none_of_these"] = ~(
        indexed.in_paid_work | indexed.on_social_assistance | indexed.in_education | indexed.in_activity
    )
    return indexed.reset_index()


def process_rows(clients: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """One row per counted client with the numerator and denominator of each process indicator."""
    episodes = _frame(LabourEpisode.objects.all(), ["client_id", "kind", "start_date", "end_date"])
    activities = _frame(
        Activity.objects.all(), ["client_id", "status", "activity_type", "start_date", "end_date"]
    )
    started = activities[activities.status.isin(["active", "completed", "stopped_early"])]
    work = episodes[episodes.kind.isin(["paid_work", "self_employment"]) & (episodes.start_date <= as_of)]
    rows = []
    for client_id, client in clients.iterrows():
        if client.permit_date is None or pd.isna(client.permit_date) or client.permit_date > as_of:
            continue
        if client.registration_date > as_of:
            continue
        mine = started[started.client_id == client_id]
        my_work = work[work.client_id == client_id]
        first_work = my_work.start_date.min() if len(my_work) else None
        in_work_now = bool(
            ((my_work.end_date.isna()) | (my_work.end_date >= as_of)).any() if len(my_work) else False
        )
        registration = client.registration_date
        deadline = registration + dt.timedelta(days=70)
        applies = client.target_group__code == "statushouder" and registration >= dt.date(2022, 1, 1)
        has_plan = client.first_plan is not None and not pd.isna(client.first_plan)
        counts_deadline = applies and (has_plan or deadline < as_of)
        stopped = mine[mine.status == "stopped_early"]
        row = {
            "client_id": client_id,
            "municipality_id": client.municipality_id,
            "days_to_intake": ((client.first_intake - registration).days, 1)
            if client.first_intake
            else (0, 0),
            "days_to_pip": ((client.first_plan - registration).days, 1) if has_plan else (0, 0),
            "pip_within_deadline": (
                int(counts_deadline and has_plan and client.first_plan <= deadline),
                int(counts_deadline),
            ),
            "days_to_first_activity": ((mine.start_date.min() - registration).days, 1)
            if len(mine)
            else (0, 0),
            "active_activity": (int((mine.status == "active").any()), 1),
            "stopped_before_work": (
                int(
                    len(mine) > 0
                    and bool((stopped.end_date < first_work).any() if first_work else len(stopped) > 0)
                ),
                int(len(mine) > 0),
            ),
            "after_care_in_work": (
                int(in_work_now and (mine.activity_type == "after_care").any()),
                int(in_work_now),
            ),
        }
        rows.append(row)
    return pd.DataFrame(rows)


def _open_signal_clients(as_of: dt.date) -> set:  # type: ignore[type-arg]
    """Clients with a signal open on ``as_of`` (raised by then, open now or closed after it) that was
    raised more than 28 days before it."""
    from werkroute.followup.models import Signal

    signals = _frame(Signal.objects.all(), ["client_id", "status", "raised_on", "closed_on"])
    open_then = signals[
        (signals.raised_on <= as_of)
        & ((signals.status == "open") | (signals.closed_on.notna() & (signals.closed_on > as_of)))
    ]
    return set(open_then[[(as_of - day).days > 28 for day in open_then.raised_on]].client_id)


def continuity_rows(clients: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """One row per counted client: (numerator, denominator) of each continuity share, and the days of
    each median (None when the client is not part of it)."""
    episodes = _frame(LabourEpisode.objects.all(), ["client_id", "kind", "start_date", "end_date"])
    activities = _frame(
        Activity.objects.exclude(status="cancelled"),
        ["client_id", "status", "activity_type", "start_date", "end_date"],
    )
    long_open = _open_signal_clients(as_of)
    far = dt.date.max

    def open_on(spells: pd.DataFrame, day: dt.date) -> bool:
        return bool(((spells.start_date <= day) & (spells.end_date.isna() | (spells.end_date >= day))).any())

    rows = []
    for client_id, client in clients.iterrows():
        if client.permit_date is None or pd.isna(client.permit_date) or client.permit_date > as_of:
            continue
        if client.registration_date > as_of:
            continue
        mine = activities[activities.client_id == client_id]
        began = mine[mine.status.isin(["active", "completed", "stopped_early"])]
        closed = mine[mine.status.isin(["completed", "stopped_early"])]
        ends = [far if pd.isna(day) else day for day in closed.end_date]
        stopped = False
        if ends:
            last = max(ends)
            at_last = [end == last for end in ends]
            stopped = any(
                status == "stopped_early" and kind != "after_care"
                for status, kind, hit in zip(closed.status, closed.activity_type, at_last, strict=True)
                if hit
            )
            others = mine.drop(closed.index[at_last])
            pending = others.status.isin(["planned", "active"]).any()
            after = (others.start_date >= last).any() if last != far else False
            my_spells = episodes[episodes.client_id == client_id]
            on_their_way = open_on(
                my_spells[my_spells.kind.isin(["paid_work", "self_employment", "education"])], as_of
            )
            stopped = stopped and not pending and not after and not on_their_way
        work = episodes[
            (episodes.client_id == client_id)
            & episodes.kind.isin(["paid_work", "self_employment"])
            & (episodes.start_date <= as_of)
        ]
        row = {
            "client_id": client_id,
            "municipality_id": client.municipality_id,
            "open_signal_over_4_weeks": (int(client_id in long_open), 1),
            "early_stop": (int(len(began) > 0 and stopped), int(len(began) > 0)),
            "days_to_intake_median": (client.first_intake - client.registration_date).days
            if client.first_intake
            else None,
            "days_intake_to_pip_median": (client.first_plan - client.first_intake).days
            if client.first_intake and client.first_plan is not None and not pd.isna(client.first_plan)
            else None,
        }
        for months in (6, 12):
            name = f"after_care_retention_{months}m"
            if len(work) == 0:
                row[name] = (0, 0)
                continue
            day = work.start_date.min() + dt.timedelta(days=round(months * 30.4375))
            row[name] = (int(open_on(work, day)), 1) if day <= as_of else (0, 0)
        rows.append(row)
    return pd.DataFrame(rows)


CONTINUITY_SHARES = [
    "open_signal_over_4_weeks",
    "early_stop",
    "after_care_retention_6m",
    "after_care_retention_12m",
]
CONTINUITY_MEDIANS = ["days_to_intake_median", "days_intake_to_pip_median"]


def indicators(as_of: dt.date) -> pd.DataFrame:
    """Every (level, area, cohort, months, group, value, indicator) with its numerator and denominator,
    before disclosure control; only cells with at least one client."""
    clients = clients_table()
    municipalities = _frame(Municipality.objects.all(), ["id", "code", "region__code"]).set_index("id")
    area_levels = [("municipality", "code"), ("region", "region__code"), ("national", None)]

    def expand(frame: pd.DataFrame) -> pd.DataFrame:
        """Rows per area level and per cohort (a year, and None for all cohorts) and per group value."""
        frame = frame.join(clients[["permit_date", *GROUP_COLUMNS]], on="client_id")
        frame["cohort"] = [day.year for day in frame.permit_date]
        parts = []
        for level, column in area_levels:
            area = frame.municipality_id.map(municipalities[column]) if column else "NL"
            for cohort_all in (False, True):
                for group in ["total", *GROUP_COLUMNS]:
                    part = frame.assign(
                        level=level,
                        area_code=area,
                        cohort_key=-1 if cohort_all else frame.cohort,
                        group=group,
                        group_value="" if group == "total" else frame[group] if group != "total" else "",
                    )
                    parts.append(part)
        return pd.concat(parts, ignore_index=True)

    keys = ["level", "area_code", "cohort_key", "months", "group", "group_value"]
    days = expand(client_days(clients, as_of))
    outcome_names = [
        "in_paid_work",
        "in_paid_work_12h",
        "on_social_assistance",
        "in_education",
        "in_activity",
        "none_of_these",
    ]
    grouped = days.groupby(keys, dropna=False)
    counts = grouped[outcome_names].sum()
    sizes = grouped.size()
    outcome = []
    for name in outcome_names:
        outcome.append(
            pd.DataFrame({"indicator": name, "numerator": counts[name], "denominator": sizes}).reset_index()
        )
    process_names = [
        "days_to_intake",
        "days_to_pip",
        "pip_within_deadline",
        "days_to_first_activity",
        "active_activity",
        "stopped_before_work",
        "after_care_in_work",
    ]
    processes = process_rows(clients, as_of)
    process = []
    if len(processes):
        expanded = expand(processes.assign(months=None))
        for name in process_names:
            expanded["n"] = [value[0] for value in expanded[name]]
            expanded["d"] = [value[1] for value in expanded[name]]
            summed = expanded.groupby(keys, dropna=False)[["n", "d"]].sum().reset_index()
            summed = summed[summed.d > 0]
            process.append(
                summed.rename(columns={"n": "numerator", "d": "denominator"}).assign(indicator=name)
            )
        # Caseload: clients with a caseworker per distinct caseworker, by municipality, summed upwards.
        counted = processes.join(clients[["caseworker_id"]], on="client_id")
        counted = counted[counted.caseworker_id.notna()]
        per_municipality = counted.groupby("municipality_id").agg(
            numerator=("client_id", "size"), denominator=("caseworker_id", "nunique")
        )
        per_municipality = per_municipality.join(municipalities)
        for level, column in area_levels:
            area = per_municipality[column] if column else "NL"
            summed = (
                per_municipality.assign(area_code=area)
                .groupby("area_code")[["numerator", "denominator"]]
                .sum()
            )
            process.append(
                summed.reset_index().assign(
                    level=level,
                    cohort_key=-1,
                    months=None,
                    group="total",
                    group_value="",
                    indicator="caseload_per_caseworker",
                )
            )
    continuity = continuity_rows(clients, as_of)
    if len(continuity):
        expanded = expand(continuity.assign(months=None))
        for name in CONTINUITY_SHARES:
            expanded["n"] = [value[0] for value in expanded[name]]
            expanded["d"] = [value[1] for value in expanded[name]]
            summed = expanded.groupby(keys, dropna=False)[["n", "d"]].sum().reset_index()
            summed = summed[summed.d > 0]
            process.append(
                summed.rename(columns={"n": "numerator", "d": "denominator"}).assign(indicator=name)
            )
        for name in CONTINUITY_MEDIANS:
            known = expanded[expanded[name].notna()].astype({name: float})
            grouped_days = known.groupby(keys, dropna=False)[name]
            medians = pd.DataFrame(
                {"median": grouped_days.median(), "denominator": grouped_days.size()}
            ).reset_index()
            # The export's numerator of a median is the median in whole days; its value, the median.
            process.append(medians.assign(numerator=medians["median"].round().astype(int), indicator=name))
    table = pd.concat(outcome + process, ignore_index=True)
    table["cohort"] = table.pop("cohort_key").map(lambda value: None if value == -1 else int(value))
    table["months_since_permit"] = table.pop("months").map(
        lambda value: None if pd.isna(value) else int(value)
    )
    return table
