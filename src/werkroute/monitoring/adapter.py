"""Turns the case tables into the engine's :class:`~werkroute.monitoring.engine.CaseData`.

A handful of bulk queries, one per table, built by the ORM and fetched as plain rows: no model objects
and no per-row conversion by Django, which at national scale (hundreds of thousands of clients, millions
of spells) is most of the cost. Dates arrive as ``date`` objects (PostgreSQL) or ISO strings (SQLite);
NumPy parses both.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from django.db import connection
from django.db.models import Min, QuerySet

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


def _rows(queryset: QuerySet[Any], *fields: str) -> list[tuple[Any, ...]]:
    """The rows of ``queryset.values_list(*fields)``, fetched without Django's per-value converters."""
    sql, params = queryset.values_list(*fields).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _columns(rows: list[tuple[Any, ...]], count: int) -> list[list[Any]]:
    if not rows:
        return [[] for _ in range(count)]
    return [list(column) for column in zip(*rows, strict=True)]


def _days(values: Sequence[Any], missing: int = engine.NO_DATE) -> np.ndarray:
    """Dates (objects or ISO strings, None for none) as day numbers since 1970."""
    parsed = np.array([value if value is not None else "NaT" for value in values], dtype="datetime64[D]")
    days = parsed.astype(np.int64)
    return np.where(np.isnat(parsed), missing, days)


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


def _circumstances_listed(value: Any) -> bool:
    if isinstance(value, str):  # SQLite hands JSON over as text
        value = json.loads(value)
    return bool(value)


def load_case_data(as_of: dt.date, municipality_ids: Sequence[int]) -> engine.CaseData:
    """Every client with the rows monitoring needs, as arrays. ``municipality_ids`` gives the order of
    the municipalities (as returned by :func:`load_areas`)."""
    municipality_index = pd.Index(list(municipality_ids))
    client_rows = _rows(
        Client.objects.order_by(),
        "pk",
        "municipality_id",
        "permit_date",
        "registration_date",
        "date_of_birth",
        "gender",
        "caseworker_id",
        "target_group__code",
    )
    ids, municipality, permit, registration, birth, gender, caseworker, target_group = _columns(
        client_rows, 8
    )
    clients = pd.Index(ids)
    n = len(clients)
    registration_days = _days(registration)
    gender_codes = pd.Index(engine.GENDERS).get_indexer(gender)
    caseworker_ids = np.array([-1 if worker is None else worker for worker in caseworker], dtype=np.int64)

    # The intake: Dutch level (the lowest of the four skills) and whether limiting circumstances apply.
    dutch = np.full(n, len(CEFR), dtype=np.int64)
    vulnerable = np.full(n, engine.VULNERABLE.index("unknown"), dtype=np.int64)
    first_intake = np.full(n, engine.OPEN_END, dtype=np.int64)
    intake_rows = _rows(
        Intake.objects.order_by(),
        "client_id",
        "intake_date",
        "dutch_listening",
        "dutch_reading",
        "dutch_speaking",
        "dutch_writing",
        "limiting_circumstances",
    )
    if intake_rows:
        who, day, listening, reading, speaking, writing, circumstances = _columns(intake_rows, 7)
        where = clients.get_indexer(who)
        levels = pd.Index(CEFR)
        lowest = np.minimum.reduce(
            [levels.get_indexer(column) for column in (listening, reading, speaking, writing)]
        )
        dutch[where] = lowest
        vulnerable[where] = np.where(
            [_circumstances_listed(value) for value in circumstances],
            engine.VULNERABLE.index("yes"),
            engine.VULNERABLE.index("no"),
        )
        first_intake[where] = _days(day)
    event_rows = _rows(
        TimelineEvent.objects.filter(kind=INTAKE_RECORDED, data__first=True)
        .values("client_id")
        .annotate(first=Min("occurred_on"))
        .order_by(),
        "client_id",
        "first",
    )
    if event_rows:
        who, day = _columns(event_rows, 2)
        where = clients.get_indexer(who)
        first_intake[where] = np.minimum(first_intake[where], _days(day))
    first_intake[first_intake == engine.OPEN_END] = engine.NO_DATE

    # The plan: the first version's date is the PIP date, the latest version's route is the route now.
    route = np.full(n, engine.ROUTES.index("none"), dtype=np.int64)
    first_plan = np.full(n, engine.NO_DATE, dtype=np.int64)
    plan_rows = _rows(
        PlanVersion.objects.order_by("client_id", "number"),
        "client_id",
        "number",
        "plan_date",
        "learning_route",
    )
    if plan_rows:
        who, _, day, plan_route = _columns(plan_rows, 4)
        where = clients.get_indexer(who)
        starts = np.r_[True, where[1:] != where[:-1]]
        ends = np.r_[where[1:] != where[:-1], True]
        first_plan[where[starts]] = _days(day)[starts]
        route[where[ends]] = pd.Index(engine.ROUTES).get_indexer(np.asarray(plan_route, dtype=object)[ends])

    episode_rows = _rows(
        LabourEpisode.objects.order_by(), "client_id", "kind", "start_date", "end_date", "hours_per_week"
    )
    who, kind, start, end, hours = _columns(episode_rows, 5)
    activity_rows = _rows(
        Activity.objects.filter(status__in=engine.STARTED_STATUSES).order_by(),
        "client_id",
        "activity_type",
        "status",
        "start_date",
        "end_date",
    )
    activity_who, activity_type, activity_status, activity_start, activity_end = _columns(activity_rows, 5)
    move_rows = _rows(Relocation.objects.order_by(), "client_id", "from_municipality_id", "moved_on")
    move_who, move_from, move_on = _columns(move_rows, 3)

    statushouder = np.array([code == "statushouder" for code in target_group], dtype=bool)
    return engine.CaseData(
        as_of=as_of,
        municipality=municipality_index.get_indexer(municipality),
        permit=_days(permit),
        registration=registration_days,
        birth=_days(birth),
        gender=np.where(gender_codes < 0, engine.GENDERS.index("unknown"), gender_codes),
        route=route,
        dutch=dutch,
        vulnerable=vulnerable,
        first_intake=first_intake,
        first_plan=first_plan,
        pip_deadline_applies=statushouder
        & (registration_days >= engine.day_number(WET_INBURGERING_2021_START)),
        caseworker=caseworker_ids,
        episode_client=clients.get_indexer(who),
        episode_kind=pd.Index(engine.EPISODE_KINDS).get_indexer(kind),
        episode_start=_days(start),
        episode_end=_days(end, missing=engine.OPEN_END),
        episode_hours=np.array([value or 0 for value in hours], dtype=np.float64),
        activity_client=clients.get_indexer(activity_who),
        activity_type=np.asarray(activity_type, dtype=object),
        activity_status=pd.Index(engine.ACTIVITY_STATUSES).get_indexer(activity_status),
        activity_start=_days(activity_start),
        activity_end=_days(activity_end, missing=engine.OPEN_END),
        move_client=clients.get_indexer(move_who),
        move_from=municipality_index.get_indexer(move_from),
        move_on=_days(move_on),
    )
