"""Turns the case tables into the engine's :class:`~werkroute.monitoring.engine.CaseData`.

A handful of bulk queries, one per table, built by the ORM and fetched as plain rows: no model objects
and no per-row conversion by Django, which at national scale (hundreds of thousands of clients, millions
of spells) is most of the cost. Dates arrive as ``date`` objects (PostgreSQL) or ISO strings (SQLite);
NumPy parses both.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from django.db import connection
from django.db.models import CharField, Func, IntegerField, Max, Min, QuerySet, Value
from django.db.models.functions import Cast, Concat, LPad

from werkroute.cases.models import (
    Activity,
    Client,
    Intake,
    LabourEpisode,
    PlanVersion,
    Relocation,
    TimelineEvent,
)
from werkroute.cases.models.clients import WET_INBURGERING_2021_START
from werkroute.monitoring import engine
from werkroute.regions.models import Municipality, Region

CEFR = ("A0", "A1", "A2", "B1", "B2", "C1", "C2")
# Intakes recorded through the service leave this timeline event; its earliest date is the first intake.
INTAKE_RECORDED = "intake_recorded"


class DayNumber(Func):
    """A date as days since 1970-01-01, computed by the database: millions of dates arrive as integers
    instead of being parsed into ``date`` objects one by one."""

    output_field = IntegerField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler, connection, template="CAST(julianday(%(expressions)s) - 2440587.5 AS INTEGER)", **extra
        )

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template="(%(expressions)s - DATE '1970-01-01')", **extra)


def _rows(queryset: QuerySet[Any], *fields: str, dates: Sequence[str] = ()) -> list[np.ndarray]:
    """The columns of ``queryset.values_list(*fields)`` as arrays, fetched in one query without Django's
    per-value converters; the fields named in ``dates`` come as day numbers (-1 for none)."""
    annotations = {f"{name}_day_number": DayNumber(name) for name in dates}
    names = [f"{name}_day_number" if name in dates else name for name in fields]
    sql, params = queryset.annotate(**annotations).values_list(*names).query.sql_with_params()
    # Millions of small tuples make the cyclic garbage collector run over and over, for nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if not rows:
            return [np.zeros(0, dtype=object) for _ in fields]
        table = np.array(rows, dtype=object)
        del rows
        columns = []
        for index, name in enumerate(fields):
            column = table[:, index]
            if name in dates:
                column = np.where(column == None, NO_DAY, column).astype(np.int64)  # noqa: E711
            columns.append(column)
        return columns
    finally:
        if collecting:
            gc.enable()


NO_DAY = -(2**31)


def _days(values: np.ndarray, missing: int = engine.NO_DATE) -> np.ndarray:
    return np.where(values == NO_DAY, missing, values)


def load_areas() -> tuple[engine.Areas, list[int]]:
    """All municipalities and regions; also the municipality ids in the order of the areas."""
    regions = list(Region.objects.order_by("code").values_list("pk", "code", "name"))
    region_index = {pk: index for index, (pk, _, _) in enumerate(regions)}
    municipalities = list(
        Municipality.objects.order_by("code").values_list("pk", "code", "name", "region_id")
    )
    areas = engine.Areas(
        municipality_codes=tuple(code for _, code, _, _ in municipalities),
        municipality_names=tuple(name for _, _, name, _ in municipalities),
        municipality_region=tuple(region_index[region] for _, _, _, region in municipalities),
        region_codes=tuple(code for _, code, _ in regions),
        region_names=tuple(name for _, _, name in regions),
    )
    return areas, [pk for pk, _, _, _ in municipalities]


def _listed(values: np.ndarray) -> np.ndarray:
    """Whether each JSON list is non-empty (SQLite hands JSON over as text, PostgreSQL as lists)."""
    return np.array(
        [bool(value) and value != "[]" if isinstance(value, str) else bool(value) for value in values],
        dtype=bool,
    )


def _codes(values: np.ndarray, vocabulary: Sequence[str]) -> np.ndarray:
    return pd.Index(list(vocabulary)).get_indexer(pd.Index(values, dtype=object))


def load_case_data(as_of: dt.date, municipality_ids: Sequence[int]) -> engine.CaseData:
    """Every client with the rows monitoring needs, as arrays. ``municipality_ids`` gives the order of
    the municipalities (as returned by :func:`load_areas`)."""
    municipality_index = pd.Index(list(municipality_ids))
    ids, municipality, permit, registration, birth, gender, caseworker, target_group = _rows(
        Client.objects.order_by(),
        "pk",
        "municipality_id",
        "permit_date",
        "registration_date",
        "date_of_birth",
        "gender",
        "caseworker_id",
        "target_group__code",
        dates=("permit_date", "registration_date", "date_of_birth"),
    )
    clients = pd.Index(ids, dtype=object)
    n = len(clients)

    def index_of(values: np.ndarray) -> np.ndarray:
        return clients.get_indexer(pd.Index(values, dtype=object))

    registration_days = _days(registration)
    gender_codes = _codes(gender, engine.GENDERS)

    # The intake: Dutch level (the lowest of the four skills) and whether limiting circumstances apply.
    dutch = np.full(n, len(CEFR), dtype=np.int64)
    vulnerable = np.full(n, engine.VULNERABLE.index("unknown"), dtype=np.int64)
    first_intake = np.full(n, engine.OPEN_END, dtype=np.int64)
    who, day, listening, reading, speaking, writing, circumstances = _rows(
        Intake.objects.order_by(),
        "client_id",
        "intake_date",
        "dutch_listening",
        "dutch_reading",
        "dutch_speaking",
        "dutch_writing",
        "limiting_circumstances",
        dates=("intake_date",),
    )
    if len(who):
        where = index_of(who)
        dutch[where] = np.minimum.reduce(
            [_codes(column, CEFR) for column in (listening, reading, speaking, writing)]
        )
        vulnerable[where] = np.where(
            _listed(circumstances), engine.VULNERABLE.index("yes"), engine.VULNERABLE.index("no")
        )
        first_intake[where] = _days(day)
    who, day = _rows(
        TimelineEvent.objects.filter(kind=INTAKE_RECORDED, data__first=True).order_by(),
        "client_id",
        "occurred_on",
        dates=("occurred_on",),
    )
    if len(who):
        np.minimum.at(first_intake, index_of(who), _days(day))
    first_intake[first_intake == engine.OPEN_END] = engine.NO_DATE

    # The plan: the first version's date is the PIP date, the latest version's route is the route now.
    route = np.full(n, engine.ROUTES.index("none"), dtype=np.int64)
    first_plan = np.full(n, engine.NO_DATE, dtype=np.int64)
    # One row per client: the database picks the first date and the route of the highest version number
    # (the route rides along behind the zero-padded number, so the text maximum is the latest version).
    latest = Concat(
        LPad(Cast("number", CharField()), 6, Value("0")), "learning_route", output_field=CharField()
    )
    who, day, number_and_route = _rows(
        PlanVersion.objects.order_by()
        .values("client_id")
        .annotate(first=Min("plan_date"), latest=Max(latest)),
        "client_id",
        "first",
        "latest",
        dates=("first",),
    )
    if len(who):
        where = index_of(who)
        first_plan[where] = _days(day)
        route[where] = _codes(np.array([text[6:] for text in number_and_route], dtype=object), engine.ROUTES)

    who, kind, start, end, hours = _rows(
        LabourEpisode.objects.order_by(),
        "client_id",
        "kind",
        "start_date",
        "end_date",
        "hours_per_week",
        dates=("start_date", "end_date"),
    )
    activity_who, activity_type, activity_status, activity_start, activity_end = _rows(
        Activity.objects.filter(status__in=engine.STARTED_STATUSES).order_by(),
        "client_id",
        "activity_type",
        "status",
        "start_date",
        "end_date",
        dates=("start_date", "end_date"),
    )
    move_who, move_from, move_on = _rows(
        Relocation.objects.order_by(), "client_id", "from_municipality_id", "moved_on", dates=("moved_on",)
    )
    return engine.CaseData(
        as_of=as_of,
        municipality=municipality_index.get_indexer(municipality.astype(np.int64)),
        permit=_days(permit),
        registration=registration_days,
        birth=_days(birth),
        gender=np.where(gender_codes < 0, engine.GENDERS.index("unknown"), gender_codes),
        route=route,
        dutch=dutch,
        vulnerable=vulnerable,
        first_intake=first_intake,
        first_plan=first_plan,
        pip_deadline_applies=(target_group == "statushouder")
        & (registration_days >= engine.day_number(WET_INBURGERING_2021_START)),
        caseworker=np.where(caseworker == None, -1, caseworker).astype(np.int64),  # noqa: E711
        episode_client=index_of(who),
        episode_kind=_codes(kind, engine.EPISODE_KINDS),
        episode_start=_days(start),
        episode_end=_days(end, missing=engine.OPEN_END),
        episode_hours=np.where(hours == None, 0, hours).astype(np.float64),  # noqa: E711
        activity_client=index_of(activity_who),
        activity_type=activity_type,
        activity_status=_codes(activity_status, engine.ACTIVITY_STATUSES),
        activity_start=_days(activity_start),
        activity_end=_days(activity_end, missing=engine.OPEN_END),
        move_client=index_of(move_who),
        move_from=municipality_index.get_indexer(move_from.astype(np.int64)),
        move_on=_days(move_on),
    )
