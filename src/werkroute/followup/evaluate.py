"""The rule table evaluated on column arrays: what the sweep runs.

The rules of :mod:`werkroute.followup.rules` say per rule, as a query, when it holds; written that way
the database answers them with a subquery per row (is there a later activity, a plan, work?), which at
national scale took minutes. Here the few columns the rules need are read once, in a handful of plain
queries (the large tables column by column through :mod:`werkroute.core.columnar`, as monitoring reads
them; the small ones, such as open handovers and expiring consents, as rows), and every rule is
computed on NumPy arrays for all clients at once. Thresholds become one value per row, from the
client's municipality, so a municipality's own thresholds cost no extra pass.

The result is the same as the queries' (``test_columns_match_the_rule_queries`` compares both on the
demo population and every rule's boundary tests run both): the queries stay the reference, and the
per-client baseline of ``bench/continuity.py``.

Dates are day numbers since 1970-01-01; a missing date is ``NO_DAY``, below every real one, so a
maximum skips it as SQL's ``MAX`` skips NULL.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from django.db.models import Q
from django.db.models.functions import Coalesce

from werkroute.cases.events import ATTENDED_BY, NEEDS_ATTENTION
from werkroute.cases.models import (
    OPEN_HANDOVER_STATUSES,
    Activity,
    ActivityStatus,
    ActivityType,
    Client,
    Consent,
    Handover,
    Intake,
    LabourEpisode,
    PlanVersion,
    TargetGroup,
    TimelineEvent,
)
from werkroute.cases.models.clients import PIP_DEADLINE_WEEKS, WET_INBURGERING_2021_START
from werkroute.core import columnar
from werkroute.followup.models import AfterCare, CheckIn
from werkroute.followup.rules import (
    BY_CODE,
    INTEGRATION_TERM_YEARS,
    ON_THEIR_WAY,
    RULES,
    WAITING_REFERRAL_STEPS,
    Finding,
    add_months,
    add_years,
)
from werkroute.placements.models import Referral

EPOCH = dt.date(1970, 1, 1)
NO_DAY = -(2**30)
STATUSES = tuple(ActivityStatus.values)
PLANNED, ACTIVE, COMPLETED, STOPPED_EARLY, CANCELLED = (
    STATUSES.index(status)
    for status in (
        ActivityStatus.PLANNED,
        ActivityStatus.ACTIVE,
        ActivityStatus.COMPLETED,
        ActivityStatus.STOPPED_EARLY,
        ActivityStatus.CANCELLED,
    )
)
# Client and day in one sortable number: the day (shifted to be positive) in the low 32 bits.
DAY_SHIFT = 2**31
Key = tuple[Any, str]
Overrides = dict[str, dict[int, dict[str, int]]]


def day_number(day: dt.date) -> int:
    return (day - EPOCH).days


def _dates(days: np.ndarray) -> list[dt.date]:
    return np.asarray(days, dtype=np.int64).astype("datetime64[D]").tolist()  # type: ignore[no-any-return]


def _iso(days: np.ndarray) -> list[str]:
    """ISO dates, an empty text where there is none (as the rule queries write a missing date)."""
    days = np.asarray(days, dtype=np.int64)
    text = np.datetime_as_string(np.where(days == NO_DAY, 0, days).astype("datetime64[D]"), unit="D")
    return np.where(days == NO_DAY, "", text).tolist()  # type: ignore[no-any-return]


def _per_day(function: Callable[[dt.date], dt.date], days: np.ndarray) -> np.ndarray:
    """``function`` (calendar arithmetic) on every day, computed once per distinct day."""
    if len(days) == 0:
        return np.zeros(0, dtype=np.int64)
    distinct, inverse = np.unique(days, return_inverse=True)
    mapped = np.array([day_number(function(day)) for day in _dates(distinct)], dtype=np.int64)
    return mapped[inverse.reshape(-1)]


class Thresholds:
    """A rule's threshold per row, from the municipality of the row's client: the rule's default, or the
    municipality's own value (``RuleThreshold``)."""

    def __init__(self, overrides: Overrides) -> None:
        self.overrides = overrides

    def __call__(self, rule: str, name: str, municipality: np.ndarray) -> np.ndarray:
        default = BY_CODE[rule].thresholds[name]
        own = {
            municipality_id: values[name]
            for municipality_id, values in self.overrides.get(rule, {}).items()
            if name in values
        }
        values = np.full(len(municipality), default, dtype=np.int64)
        if own:
            index = pd.Index(list(own)).get_indexer(municipality)
            found = index >= 0
            values[found] = np.array(list(own.values()), dtype=np.int64)[index[found]]
        return values


def _narrowed(queryset: Any, field: str, client_ids: Sequence[Any] | None) -> Any:
    return queryset if client_ids is None else queryset.filter(**{f"{field}__in": client_ids})


def _reads(today: dt.date, client_ids: Sequence[Any] | None) -> dict[str, columnar.Read]:
    day = lambda field: columnar.day(field, NO_DAY)  # noqa: E731
    return {
        "clients": columnar.Read(
            _narrowed(Client.objects.all(), "pk", client_ids),
            {
                "key": columnar.key("pk"),
                "municipality": columnar.number("municipality_id"),
                "registration": day("registration_date"),
                "linked": day("linked_on"),
                "target_group": columnar.number("target_group_id"),
            },
        ),
        "intakes": columnar.Read(
            _narrowed(Intake.objects.all(), "client_id", client_ids), {"key": columnar.key("client_id")}
        ),
        "plans": columnar.Read(
            _narrowed(PlanVersion.objects.all(), "client_id", client_ids),
            {
                "key": columnar.key("client_id"),
                "number": columnar.number("number"),
                "day": day("plan_date"),
                "review": day("review_date"),
            },
        ),
        "activities": columnar.Read(
            _narrowed(Activity.objects.all(), "client_id", client_ids),
            {
                "key": columnar.key("client_id"),
                "pk": columnar.number("pk"),
                "after_care": columnar.code("activity_type", (ActivityType.AFTER_CARE,)),
                "status": columnar.code("status", STATUSES),
                "start": day("start_date"),
                "end": day("end_date"),
            },
        ),
        # In work or education today: those clients are on their way, whatever else holds.
        "working": columnar.Read(
            _narrowed(
                LabourEpisode.objects.filter(
                    Q(end_date__isnull=True) | Q(end_date__gte=today),
                    kind__in=ON_THEIR_WAY,
                    start_date__lte=today,
                ),
                "client_id",
                client_ids,
            ),
            {"key": columnar.key("client_id")},
        ),
        "after_cares": columnar.Read(
            _narrowed(AfterCare.objects.all(), "client_id", client_ids),
            {
                "key": columnar.key("client_id"),
                "pk": columnar.number("pk"),
                "started": day("started_on"),
                "episode": columnar.number("current_episode_id", missing=0),
                "episode_end": day("current_episode__end_date"),
            },
        ),
        # Only check-ins due by today matter: a later one neither is due nor hides an earlier one.
        "check_ins": columnar.Read(
            _narrowed(CheckIn.objects.filter(due_on__lte=today), "after_care__client_id", client_ids),
            {
                "pk": columnar.number("pk"),
                "after_care": columnar.number("after_care_id"),
                "months": columnar.number("months"),
                "due": day("due_on"),
                "done": day("done_on"),
            },
        ),
    }


class Columns:
    """The columns of one sweep, rows pointing at clients by their position in the client arrays."""

    def __init__(self, today: dt.date, client_ids: Sequence[Any] | None) -> None:
        # A sweep of named clients (one file after a change) reads a few rows: on the request's own
        # connection, not one new connection per table.
        read = (columnar.read_all if client_ids is None else columnar.read_in_turn)(
            **_reads(today, client_ids)
        )
        clients = read["clients"]
        self.keys = clients["key"]
        self.n = len(self.keys)
        self.municipality_of = clients["municipality"]  # per client position: its municipality id
        self.registration = clients["registration"]
        self.linked = clients["linked"]
        statushouder = set(TargetGroup.objects.filter(code="statushouder").values_list("pk", flat=True))
        law_start = day_number(WET_INBURGERING_2021_START)
        # Statushouders under the Wet inburgering 2021: only they have a legal PIP deadline and term.
        self.under_the_law = (
            np.isin(clients["target_group"], list(statushouder))
            & (self.registration != NO_DAY)
            & (self.registration >= law_start)
        )
        # Each read sees the database as it was when it began: rows of a client read after the clients
        # (or deleted before) point at no client and wait for the next sweep.
        self.intakes = self._of_clients(read["intakes"])
        self.plans = self._of_clients(read["plans"])
        self.activities = self._of_clients(read["activities"])
        self.after_cares = self._of_clients(read["after_cares"])
        self.check_ins = read["check_ins"]
        self.on_their_way = np.zeros(self.n, dtype=bool)
        self.on_their_way[self._of_clients(read["working"])["client"]] = True
        status = self.activities["status"]
        self.running = np.zeros(self.n, dtype=bool)
        self.running[self.activities["client"][(status == PLANNED) | (status == ACTIVE)]] = True
        self._raw_keys = self.keys.tobytes()
        self._made: dict[int, uuid.UUID] = {}

    def _of_clients(self, rows: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        client = columnar.positions(rows.pop("key"), self.keys)
        known = client >= 0
        return {"client": client[known], **{name: values[known] for name, values in rows.items()}}

    def client_ids(self, positions: np.ndarray) -> list[uuid.UUID]:
        # Most clients with a finding have several: each key is made a UUID once.
        raw, made = self._raw_keys, self._made
        return [
            made[index]
            if index in made
            else made.setdefault(index, uuid.UUID(bytes=raw[16 * index : 16 * index + 16]))
            for index in positions.tolist()
        ]


def _findings(
    client_ids: list[Any], subjects: Iterable[str], due: np.ndarray, reasons: Iterable[dict[str, str]]
) -> dict[Key, Finding]:
    return {
        (client_id, subject): Finding(client_id, subject, due_on, reason)
        for client_id, subject, due_on, reason in zip(client_ids, subjects, _dates(due), reasons, strict=True)
    }


def _subjects(prefix: str, numbers: np.ndarray) -> list[str]:
    return [f"{prefix}:{number}" for number in numbers.tolist()]


# --- rules on the large tables --------------------------------------------------------------------------


def intake_not_started(data: Columns, today: int, param: Thresholds) -> dict[Key, Finding]:
    weeks = 7 * param("intake_not_started", "weeks", data.municipality_of)
    without = np.ones(data.n, dtype=bool)
    without[data.intakes["client"]] = False
    # From the later of the registration and the link, whichever are known.
    counted_from = np.maximum(data.registration, data.linked)
    chosen = np.flatnonzero(without & (counted_from != NO_DAY) & (counted_from <= today - weeks))
    linked = data.linked[chosen]
    reasons = [
        {"registration": registration, "linked": link} if has_link else {"registration": registration}
        for registration, link, has_link in zip(
            _iso(data.registration[chosen]), _iso(linked), (linked != NO_DAY).tolist(), strict=True
        )
    ]
    return _findings(
        data.client_ids(chosen), [""] * len(chosen), counted_from[chosen] + weeks[chosen], reasons
    )


def _pip_deadline(data: Columns, today: int, param: Thresholds, approaching: bool) -> dict[Key, Finding]:
    term = 7 * PIP_DEADLINE_WEEKS
    without_plan = np.ones(data.n, dtype=bool)
    without_plan[data.plans["client"]] = False
    registered = data.registration
    if approaching:
        days = param("pip_deadline_approaching", "days", data.municipality_of)
        window = (registered >= today - term) & (registered <= today - term + days)
    else:
        window = registered < today - term
    chosen = np.flatnonzero(data.under_the_law & without_plan & window)
    deadline = registered[chosen] + term
    reasons = [
        {"registration": registration, "deadline": due}
        for registration, due in zip(_iso(registered[chosen]), _iso(deadline), strict=True)
    ]
    return _findings(data.client_ids(chosen), [""] * len(chosen), deadline, reasons)


def plan_review_passed(data: Columns, today: int, param: Thresholds) -> dict[Key, Finding]:
    plans = data.plans
    newest = np.zeros(data.n, dtype=np.int64)
    np.maximum.at(newest, plans["client"], plans["number"])
    client = plans["client"]
    days = param("plan_review_passed", "days", data.municipality_of[client])
    review = plans["review"]
    chosen = np.flatnonzero(
        (plans["number"] == newest[client]) & (review != NO_DAY) & (review < today - days)
    )
    return _findings(
        data.client_ids(client[chosen]),
        _subjects("plan", plans["number"][chosen]),
        review[chosen],
        [{"review": day} for day in _iso(review[chosen])],
    )


def _last_with_nothing_after(data: Columns, status: int) -> np.ndarray:
    """Positions in the activity arrays of activities ended with ``status`` that are the client's last:
    nothing planned or running, nothing (not cancelled) started on or after their end, no other
    completed or stopped activity ending later (or the same day with a higher id); the client neither
    works nor studies. After-care activities themselves are left out."""
    act = data.activities
    client, start, end, pk = act["client"], act["start"], act["end"], act["pk"]
    candidates = np.flatnonzero((act["status"] == status) & (act["after_care"] != 0) & (end != NO_DAY))
    candidates = candidates[~data.running[client[candidates]] & ~data.on_their_way[client[candidates]]]
    # Started on or after the end: count the client's activities (not cancelled) starting on or after
    # it in one sorted array of (client, start); the candidate itself counts when it started that late.
    counted = act["status"] != CANCELLED
    starts = np.sort((client[counted] << 32) + (start[counted] + DAY_SHIFT))
    c, e = client[candidates], end[candidates]
    later = np.searchsorted(starts, (c + 1) << 32) - np.searchsorted(starts, (c << 32) + (e + DAY_SHIFT))
    later -= start[candidates] >= e
    # Ended later: the candidate is not the last of the client's ended activities by (end, id).
    closed = np.flatnonzero(
        ((act["status"] == COMPLETED) | (act["status"] == STOPPED_EARLY)) & (end != NO_DAY)
    )
    order = closed[np.lexsort((pk[closed], end[closed], client[closed]))]
    last_of_client = order[np.append(client[order][1:] != client[order][:-1], True)] if len(order) else order
    last_pk = np.full(data.n, -1, dtype=np.int64)
    last_pk[client[last_of_client]] = pk[last_of_client]
    keep = (later == 0) & (last_pk[c] == pk[candidates])
    return candidates[keep]  # type: ignore[no-any-return]


def activity_ended_nothing_after(data: Columns, today: int, param: Thresholds) -> dict[Key, Finding]:
    act = data.activities
    rows = _last_with_nothing_after(data, COMPLETED)
    municipality = data.municipality_of[act["client"][rows]]
    days = param("activity_ended_nothing_after", "days", municipality)
    lookback = param("activity_ended_nothing_after", "lookback_days", municipality)
    end = act["end"][rows]
    within = (end <= today - days) & (end >= today - lookback)
    rows, end, days = rows[within], end[within], days[within]
    return _findings(
        data.client_ids(act["client"][rows]),
        _subjects("activity", act["pk"][rows]),
        end + days,
        [{"ended": day} for day in _iso(end)],
    )


def early_stop(data: Columns, today: int, param: Thresholds) -> dict[Key, Finding]:
    act = data.activities
    rows = _last_with_nothing_after(data, STOPPED_EARLY)
    lookback = param("early_stop", "lookback_days", data.municipality_of[act["client"][rows]])
    rows = rows[act["end"][rows] >= today - lookback]
    end = act["end"][rows]
    return _findings(
        data.client_ids(act["client"][rows]),
        _subjects("activity", act["pk"][rows]),
        end,
        [{"ended": day} for day in _iso(end)],
    )


def no_active_activity(data: Columns, today: int, param: Thresholds) -> dict[Key, Finding]:
    weeks = 7 * param("no_active_activity", "weeks", data.municipality_of)
    since = today - weeks
    plans, act = data.plans, data.activities
    pip = np.full(data.n, NO_DAY, dtype=np.int64)
    first = plans["number"] == 1
    pip[plans["client"][first]] = plans["day"][first]
    last_end = np.full(data.n, NO_DAY, dtype=np.int64)
    counted = act["status"] != CANCELLED
    np.maximum.at(last_end, act["client"][counted], act["end"][counted])
    chosen = np.flatnonzero(
        (pip != NO_DAY)
        & (pip <= since)
        & ((last_end == NO_DAY) | (last_end <= since))
        & ~data.running
        & ~data.on_their_way
    )
    quiet = np.maximum(pip[chosen], last_end[chosen])
    return _findings(
        data.client_ids(chosen),
        [""] * len(chosen),
        quiet + weeks[chosen],
        [{"quiet_since": day} for day in _iso(quiet)],
    )


def integration_term_ending(data: Columns, today: int, param: Thresholds) -> dict[Key, Finding]:
    plans = data.plans
    client = plans["client"]
    days = param("integration_term_ending", "days", data.municipality_of[client])
    today_date = EPOCH + dt.timedelta(days=today)
    earliest = day_number(add_years(today_date - dt.timedelta(days=30), -INTEGRATION_TERM_YEARS))
    latest = _per_day(lambda day: add_years(day, -INTEGRATION_TERM_YEARS), today + days)
    pip = plans["day"]
    rows = np.flatnonzero(
        (plans["number"] == 1) & data.under_the_law[client] & (pip >= earliest) & (pip <= latest)
    )
    newest = np.full(data.n, NO_DAY, dtype=np.int64)
    np.maximum.at(newest, client, pip)
    term_end = _per_day(lambda day: add_years(day, INTEGRATION_TERM_YEARS), pip[rows])
    # Not when the plan was reviewed with the end of the term in sight.
    keep = newest[client[rows]] < term_end - days[rows]
    rows, term_end = rows[keep], term_end[keep]
    reasons = [
        {"pip": start, "term_end": end} for start, end in zip(_iso(pip[rows]), _iso(term_end), strict=True)
    ]
    return _findings(data.client_ids(client[rows]), [""] * len(rows), term_end, reasons)


def check_in_due(data: Columns, today: int, param: Thresholds) -> dict[Key, Finding]:
    care, check = data.after_cares, data.check_ins
    at = pd.Index(care["pk"]).get_indexer(check["after_care"])
    known = np.flatnonzero(at >= 0)
    at = at[known]
    months, due = check["months"][known], check["due"][known]
    # No later check-in is due yet: the highest month among the after-care's check-ins due by today.
    latest = np.zeros(len(care["pk"]), dtype=np.int64)
    np.maximum.at(latest, at, months)
    client = care["client"][at]
    lookback = param("check_in_due", "lookback_days", data.municipality_of[client])
    # The spell the after-care follows still runs (or it follows none any more).
    open_spell = (care["episode"][at] == 0) | (care["episode_end"][at] == NO_DAY)
    chosen = np.flatnonzero(
        (check["done"][known] == NO_DAY) & (due >= today - lookback) & open_spell & (months == latest[at])
    )
    return _findings(
        data.client_ids(client[chosen]),
        _subjects("check_in", check["pk"][known][chosen]),
        due[chosen],
        [
            {"due": day, "months": str(number)}
            for day, number in zip(_iso(due[chosen]), months[chosen].tolist(), strict=True)
        ],
    )


def work_ended_during_after_care(data: Columns, today: int, param: Thresholds) -> dict[Key, Finding]:
    care = data.after_cares
    client, ended = care["client"], care["episode_end"]
    lookback = param("work_ended_during_after_care", "lookback_days", data.municipality_of[client])
    rows = np.flatnonzero(
        (care["episode"] != 0)
        & (ended != NO_DAY)
        & (ended >= today - lookback)
        & ~data.running[client]
        & ~data.on_their_way[client]
    )
    # Ended after the after-care year: an ordinary end of work.
    rows = rows[ended[rows] <= _per_day(lambda day: add_months(day, 12), care["started"][rows])]
    return _findings(
        data.client_ids(client[rows]),
        _subjects("after_care", care["pk"][rows]),
        ended[rows],
        [
            {"started": start, "ended": end}
            for start, end in zip(_iso(care["started"][rows]), _iso(ended[rows]), strict=True)
        ],
    )


# --- rules on small tables, read as rows ----------------------------------------------------------------


def _as_days(values: Iterable[dt.date | None]) -> np.ndarray:
    return np.array([day_number(value) if value else NO_DAY for value in values], dtype=np.int64)


def _frame(queryset: Any, client_ids: Sequence[Any] | None, *columns: str) -> pd.DataFrame:
    rows = list(_narrowed(queryset, "client_id", client_ids).values_list(*columns))
    return pd.DataFrame(rows, columns=list(columns))


def handover_pending(today: int, param: Thresholds, client_ids: Sequence[Any] | None) -> dict[Key, Finding]:
    rows = _frame(
        Handover.objects.filter(status__in=OPEN_HANDOVER_STATUSES),
        client_ids,
        "client_id",
        "client__municipality_id",
        "pk",
        "status",
        "sent_on",
        "requested_on",
    )
    since = _as_days(rows["sent_on"])
    since = np.where(since == NO_DAY, _as_days(rows["requested_on"]), since)
    days = param("handover_pending", "days", rows["client__municipality_id"].to_numpy())
    chosen = np.flatnonzero((since != NO_DAY) & (since <= today - days))
    picked = rows.iloc[chosen]
    return _findings(
        picked["client_id"].tolist(),
        _subjects("handover", picked["pk"].to_numpy()),
        since[chosen] + days[chosen],
        [
            {"status": status, "since": day}
            for status, day in zip(picked["status"].tolist(), _iso(since[chosen]), strict=True)
        ],
    )


def referral_stuck(today: int, param: Thresholds, client_ids: Sequence[Any] | None) -> dict[Key, Finding]:
    rows = _frame(
        Referral.objects.filter(status__in=WAITING_REFERRAL_STEPS),
        client_ids,
        "client_id",
        "client__municipality_id",
        "pk",
        "status",
        "decided_on",
        "sent_on",
        "proposed_on",
    )
    last_step = _as_days(rows["proposed_on"])
    for column in ("sent_on", "decided_on"):  # the latest step known wins
        later = _as_days(rows[column])
        last_step = np.where(later != NO_DAY, later, last_step)
    days = param("referral_stuck", "days", rows["client__municipality_id"].to_numpy())
    chosen = np.flatnonzero((last_step != NO_DAY) & (last_step <= today - days))
    picked = rows.iloc[chosen]
    return _findings(
        picked["client_id"].tolist(),
        _subjects("referral", picked["pk"].to_numpy()),
        last_step[chosen] + days[chosen],
        [
            {"last_step": day, "status": status}
            for day, status in zip(_iso(last_step[chosen]), picked["status"].tolist(), strict=True)
        ],
    )


def consent_expiring(today: int, param: Thresholds, client_ids: Sequence[Any] | None) -> dict[Key, Finding]:
    """Consents running out within the widest window any municipality uses, read with every other live
    consent of those clients (a renewal may be any of them); each municipality's window applied after."""
    widest = max(
        [BY_CODE["consent_expiring"].thresholds["days"]]
        + [
            values["days"]
            for values in param.overrides.get("consent_expiring", {}).values()
            if "days" in values
        ]
    )
    today_date = EPOCH + dt.timedelta(days=today)
    live = Consent.objects.filter(withdrawn_on__isnull=True)
    expiring = live.filter(
        valid_until__gte=today_date - dt.timedelta(days=widest),
        valid_until__lte=today_date + dt.timedelta(days=widest),
    )
    rows = _frame(
        live.filter(client__in=_narrowed(expiring, "client_id", client_ids).values("client_id")).annotate(
            organisation_key=Coalesce("organisation_id", 0)
        ),
        client_ids,
        "client_id",
        "client__municipality_id",
        "pk",
        "scope",
        "organisation_key",
        "given_on",
        "valid_until",
    )
    rows["given"] = _as_days(rows["given_on"])
    rows["until"] = _as_days(rows["valid_until"])
    days = param("consent_expiring", "days", rows["client__municipality_id"].to_numpy())
    candidates = rows[
        (rows["until"] != NO_DAY) & (rows["until"] >= today - days) & (rows["until"] <= today + days)
    ]
    if candidates.empty:  # most clients of a one-client refresh: pandas' merge costs more than the rest
        return {}
    group = ["client_id", "scope", "organisation_key"]
    pairs = candidates[[*group, "pk", "given", "until"]].merge(
        rows[[*group, "pk", "given", "until"]], on=group, suffixes=("", "_other")
    )
    renewed = pairs[
        (pairs["pk_other"] != pairs["pk"])
        & (pairs["given_other"] >= pairs["given"])
        & ((pairs["until_other"] == NO_DAY) | (pairs["until_other"] > pairs["until"]))
    ]
    picked = candidates[~candidates["pk"].isin(renewed["pk"])]
    until = picked["until"].to_numpy()
    return _findings(
        picked["client_id"].tolist(),
        _subjects("consent", picked["pk"].to_numpy()),
        until,
        [
            {"valid_until": day, "scope": scope}
            for day, scope in zip(_iso(until), picked["scope"].tolist(), strict=True)
        ],
    )


def needs_attention(today: int, param: Thresholds, client_ids: Sequence[Any] | None) -> dict[Key, Finding]:
    asking = _frame(
        TimelineEvent.objects.filter(kind__in=NEEDS_ATTENTION),
        client_ids,
        "client_id",
        "pk",
        "occurred_on",
        "kind",
    )
    answered: dict[Any, int] = defaultdict(int)
    if len(asking):
        for client_id, pk in TimelineEvent.objects.filter(
            kind__in=ATTENDED_BY, client__in=set(asking["client_id"])
        ).values_list("client_id", "pk"):
            answered[client_id] = max(answered[client_id], pk)
        # Until a contact or note is recorded after the event.
        asking = asking[
            [
                answered.get(client_id, 0) < pk
                for client_id, pk in zip(asking["client_id"], asking["pk"], strict=True)
            ]
        ]
    on = _as_days(asking["occurred_on"])
    return _findings(
        asking["client_id"].tolist(),
        _subjects("event", asking["pk"].to_numpy()),
        on,
        [{"on": day, "kind": kind} for day, kind in zip(_iso(on), asking["kind"].tolist(), strict=True)],
    )


COLUMN_RULES: dict[str, Callable[[Columns, int, Thresholds], dict[Key, Finding]]] = {
    "pip_deadline_passed": lambda data, today, param: _pip_deadline(data, today, param, approaching=False),
    "pip_deadline_approaching": lambda data, today, param: _pip_deadline(
        data, today, param, approaching=True
    ),
    "intake_not_started": intake_not_started,
    "early_stop": early_stop,
    "plan_review_passed": plan_review_passed,
    "activity_ended_nothing_after": activity_ended_nothing_after,
    "no_active_activity": no_active_activity,
    "work_ended_during_after_care": work_ended_during_after_care,
    "check_in_due": check_in_due,
    "integration_term_ending": integration_term_ending,
}
ROW_RULES: dict[str, Callable[[int, Thresholds, Sequence[Any] | None], dict[Key, Finding]]] = {
    "handover_pending": handover_pending,
    "needs_attention": needs_attention,
    "consent_expiring": consent_expiring,
    "referral_stuck": referral_stuck,
}


def find_all(
    today: dt.date, overrides: Overrides, client_ids: Sequence[Any] | None = None
) -> dict[str, dict[Key, Finding]]:
    """What every rule finds on ``today`` (for ``client_ids`` only, when given); rules that yield to a
    more precise one are thinned by the caller."""
    data = Columns(today, client_ids)
    day = day_number(today)
    param = Thresholds(overrides)
    found: dict[str, dict[Key, Finding]] = {}
    for rule in RULES:
        if rule.code in COLUMN_RULES:
            found[rule.code] = COLUMN_RULES[rule.code](data, day, param)
        else:
            found[rule.code] = ROW_RULES[rule.code](day, param, client_ids)
    return found
