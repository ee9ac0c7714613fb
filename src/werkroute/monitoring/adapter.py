"""Turns the case tables into the engine's :class:`~werkroute.monitoring.engine.CaseData`.

One query per table, built by the ORM and read column by column with :mod:`werkroute.core.columnar`:
at national scale (hundreds of thousands of clients, millions of spells) fetching rows one Python object
at a time would be most of the cost of a refresh. Tables other than the clients' point at a client by
its key; :func:`~werkroute.core.columnar.positions` turns keys into positions in the client arrays.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
from django.db import connection
from django.db.models import Q
from django.db.models.functions import Coalesce

from werkroute.cases import events
from werkroute.cases.models import (
    Activity,
    Client,
    Intake,
    LabourEpisode,
    PlanVersion,
    Relocation,
    TargetGroup,
    TimelineEvent,
)
from werkroute.cases.models.clients import WET_INBURGERING_2021_START
from werkroute.core import columnar
from werkroute.core.values import CEFRLevel
from werkroute.monitoring import engine
from werkroute.monitoring.engine import STATUSHOUDER
from werkroute.regions.models import Municipality, Region

CEFR = tuple(CEFRLevel.values)  # A0 … C2, the order of the engine's Dutch levels
SKILLS = ("listening", "reading", "speaking", "writing")
ROUTE_SLOTS = 8  # more than the number of routes: number × 8 + route keeps both


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


# Rows, not groups, and no joins: grouping in the database sorts and a join looks up every row in an
# index; both cost more than reading each table straight through and combining the arrays here.
READS = {
    "clients": columnar.Read(
        # Early start: a client linked to the municipality but not living there yet counts from the link,
        # so the process indicators never subtract the missing-date stand-in.
        Client.objects.annotate(registered=Coalesce("registration_date", "linked_on")),
        {
            "key": columnar.key("pk"),
            "municipality": columnar.number("municipality_id"),
            "permit": columnar.day("permit_date", engine.NO_DATE),
            "registration": columnar.day("registered", engine.NO_DATE),
            "birth": columnar.day("date_of_birth", engine.NO_DATE),
            "gender": columnar.code("gender", engine.GENDERS),
            "caseworker": columnar.number("caseworker_id", missing=-1),
            "target_group": columnar.number("target_group_id"),
        },
    ),
    "intakes": columnar.Read(
        Intake.objects.all(),
        {
            "key": columnar.key("client_id"),
            "day": columnar.day("intake_date", engine.OPEN_END),
            "limited": columnar.flag(~Q(limiting_circumstances=[])),
            **{skill: columnar.code(f"dutch_{skill}", CEFR) for skill in SKILLS},
        },
    ),
    "activities": columnar.Read(
        # Planned ones too: an activity still to come means guidance goes on (the early-stop indicator).
        # All but cancelled ones, nearly every row: read straight through, not through the index.
        Activity.objects.alias(listed_status=columnar.scanned("status")).filter(
            listed_status__in=(*engine.STARTED_STATUSES, "planned")
        ),
        {
            "key": columnar.key("client_id"),
            "type": columnar.code("activity_type", (engine.AFTER_CARE,)),
            "status": columnar.code("status", engine.ACTIVITY_STATUSES),
            "start": columnar.day("start_date", engine.NO_DATE),
            "end": columnar.day("end_date", engine.OPEN_END),
        },
    ),
    "plans": columnar.Read(
        PlanVersion.objects.all(),
        {
            "key": columnar.key("client_id"),
            "day": columnar.day("plan_date", engine.OPEN_END),
            "number": columnar.number("number"),
            "route": columnar.code("learning_route", engine.ROUTES),
        },
    ),
    "episodes": columnar.Read(
        LabourEpisode.objects.all(),
        {
            "key": columnar.key("client_id"),
            "kind": columnar.code("kind", engine.EPISODE_KINDS),
            "start": columnar.day("start_date", engine.NO_DATE),
            "end": columnar.day("end_date", engine.OPEN_END),
            "hours": columnar.number("hours_per_week"),
        },
    ),
    "moves": columnar.Read(
        Relocation.objects.all(),
        {
            "key": columnar.key("client_id"),
            "origin": columnar.number("from_municipality_id"),
            "on": columnar.day("moved_on", engine.NO_DATE),
        },
    ),
}


def first_intake_events(vendor: str) -> columnar.Read:
    """Intakes recorded through the service leave an event marked first; the earliest is the first
    intake (the intake's own date may have been corrected since)."""
    of_kind = TimelineEvent.objects.filter(kind=events.Kind.INTAKE_RECORDED)
    if vendor == "sqlite":
        # Found by their keys in the kind's index first, SQLite reads the events in key order, the
        # order they lie in, instead of in the index's order (by client), jumping through the table for
        # each: half the time. PostgreSQL plans the plain filter better than this join with itself.
        of_kind = TimelineEvent.objects.filter(pk__in=of_kind.values("pk"))
    return columnar.Read(
        of_kind.filter(data__first=True),
        {"key": columnar.key("client_id"), "day": columnar.day("occurred_on", engine.OPEN_END)},
    )


# The continuity signals live in the follow-up app, above this one: it registers here (in its
# ``AppConfig.ready``) a function that, for a reference date, gives the read of the signals open on it
# (columns ``key`` and ``day``, the day each was raised). Without one, no signals are known.
OPEN_SIGNALS: list[Callable[[dt.date], columnar.Read]] = []


def register_open_signals(read: Callable[[dt.date], columnar.Read]) -> None:
    if read not in OPEN_SIGNALS:
        OPEN_SIGNALS.append(read)


def load_case_data(as_of: dt.date, municipality_ids: Sequence[int]) -> engine.CaseData:
    """Every client with the rows monitoring needs, as arrays. ``municipality_ids`` gives the order of
    the municipalities (as returned by :func:`load_areas`)."""
    municipality_index = pd.Index(list(municipality_ids))
    signal_reads = {f"signals_{number}": read(as_of) for number, read in enumerate(OPEN_SIGNALS)}
    read = columnar.read_all(**READS, events=first_intake_events(connection.vendor), **signal_reads)
    client = read["clients"]
    # Target groups by code, statushouder first (the engine's index 0); a few rows, read as they are.
    groups = sorted(
        TargetGroup.objects.values_list("code", "pk"), key=lambda row: (row[0] != STATUSHOUDER, row[0])
    )
    group_index = pd.Index([pk for _, pk in groups])
    keys = client["key"]
    # Each read sees the database as it was when it began: rows of a client added after the clients
    # were read (or deleted before) point at no client and wait for the next refresh.
    intakes, events, plans, episodes, activities, moves = (
        _of_known_clients(read[name], keys)
        for name in ("intakes", "events", "plans", "episodes", "activities", "moves")
    )

    # The intake: Dutch level (the lowest of the four skills) and whether limiting circumstances apply.
    n = len(keys)
    unknown = engine.DUTCH_LEVELS.index("unknown")
    dutch = np.full(n, unknown, dtype=np.int64)
    lowest = np.minimum.reduce([intakes[skill] for skill in SKILLS])
    dutch[intakes["client"]] = np.where(lowest >= 0, lowest, unknown)
    vulnerable = np.full(n, engine.VULNERABLE.index("unknown"), dtype=np.int64)
    vulnerable[intakes["client"]] = np.where(
        intakes["limited"] == 1, engine.VULNERABLE.index("yes"), engine.VULNERABLE.index("no")
    )
    first_intake = np.full(n, engine.OPEN_END, dtype=np.int64)
    first_intake[intakes["client"]] = intakes["day"]
    np.minimum.at(first_intake, events["client"], events["day"])
    first_intake[first_intake == engine.OPEN_END] = engine.NO_DATE

    # The plan: the first version's date is the PIP date, the latest version's route is the route now.
    first_plan = np.full(n, engine.OPEN_END, dtype=np.int64)
    np.minimum.at(first_plan, plans["client"], plans["day"])
    first_plan[first_plan == engine.OPEN_END] = engine.NO_DATE
    # Number and route in one figure, so that the highest is the latest version's route.
    latest = np.full(n, -1, dtype=np.int64)
    routes = np.where(plans["route"] < 0, engine.ROUTES.index("none"), plans["route"])
    np.maximum.at(latest, plans["client"], plans["number"] * ROUTE_SLOTS + routes)
    route = np.where(latest < 0, engine.ROUTES.index("none"), latest % ROUTE_SLOTS)

    oldest_open_signal = None
    if signal_reads:
        oldest_open_signal = np.full(n, engine.OPEN_END, dtype=np.int64)
        for name in signal_reads:
            signals = _of_known_clients(read[name], keys)
            np.minimum.at(oldest_open_signal, signals["client"], signals["day"])
        oldest_open_signal[oldest_open_signal == engine.OPEN_END] = engine.NO_DATE

    registration = client["registration"]
    gender = client["gender"]
    target_group = group_index.get_indexer(client["target_group"])
    return engine.CaseData(
        as_of=as_of,
        municipality=municipality_index.get_indexer(client["municipality"]),
        permit=client["permit"],
        registration=registration,
        birth=client["birth"],
        gender=np.where(gender < 0, engine.GENDERS.index("unknown"), gender),
        route=route,
        dutch=dutch,
        vulnerable=vulnerable,
        first_intake=first_intake,
        first_plan=first_plan,
        # Only the integration law (Wet inburgering 2021) sets a PIP deadline, for statushouders.
        pip_deadline_applies=(target_group == 0)
        & (registration >= engine.day_number(WET_INBURGERING_2021_START)),
        caseworker=client["caseworker"],
        episode_client=episodes["client"],
        episode_kind=episodes["kind"],
        episode_start=episodes["start"],
        episode_end=episodes["end"],
        episode_hours=episodes["hours"].astype(np.float64),
        activity_client=activities["client"],
        activity_after_care=activities["type"] == 0,
        activity_status=activities["status"],
        activity_start=activities["start"],
        activity_end=activities["end"],
        move_client=moves["client"],
        move_from=municipality_index.get_indexer(moves["origin"]),
        move_on=moves["on"],
        target_group=target_group,
        target_groups=tuple(code for code, _ in groups),
        oldest_open_signal=oldest_open_signal,
    )


def _of_known_clients(rows: dict[str, np.ndarray], keys: np.ndarray) -> dict[str, np.ndarray]:
    """``rows`` with ``client``, the position of each row's client in ``keys``; rows of clients not
    in ``keys`` left out."""
    client = columnar.positions(rows.pop("key"), keys)
    known = client >= 0
    return {"client": client[known], **{name: values[known] for name, values in rows.items()}}
