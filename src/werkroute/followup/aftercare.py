"""After-care on every start of paid work: the schedule of check-ins, made by the sweep set-based for
every paid-work spell that started within the after-care year and has none yet (so a start recorded by
hand, by a referral or by an import all get it, and running it twice makes nothing twice)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef

from werkroute.cases.models import EpisodeKind, LabourEpisode, TimelineEvent
from werkroute.followup import bulk, events
from werkroute.followup.models import AfterCare, CheckIn
from werkroute.followup.rules import add_months

CHECK_IN_MONTHS = (1, 3, 6, 12)
WORK_KINDS = (EpisodeKind.PAID_WORK, EpisodeKind.SELF_EMPLOYMENT)
# After-care lasts a year; a spell that started longer ago gets none any more.
AFTER_CARE_DAYS = 366


@transaction.atomic
def ensure_after_care(today: dt.date, client_ids: Iterable[Any] | None = None) -> int:
    """Start after-care for every paid-work spell of the past year without one; returns how many.
    Written by the database from the spells (``INSERT … SELECT``): at national scale tens of thousands
    of spells start it at once, and reading them into Python to bind them back cost seconds."""
    spells = LabourEpisode.objects.filter(
        kind__in=WORK_KINDS,
        start_date__lte=today,
        start_date__gt=today - dt.timedelta(days=AFTER_CARE_DAYS),
    )
    if client_ids is not None:
        spells = spells.filter(client_id__in=list(client_ids))
    new_spells = (
        spells.filter(
            ~Exists(AfterCare.objects.filter(episode_id=OuterRef("pk"))),
            ~Exists(AfterCare.objects.filter(current_episode_id=OuterRef("pk"))),
        )
        .annotate(current=F("pk"))
        # By client: the order of the client indexes of the after-care and timeline tables.
        .order_by("client_id", "pk")
        .values_list("client_id", "pk", "current", "start_date")
    )
    select, params = new_spells.query.sql_with_params()
    quote = connection.ops.quote_name
    meta = AfterCare._meta
    column = {field.name: quote(field.column) for field in meta.concrete_fields}
    # Names come from the model; the spells' query is Django's, with its parameters.
    sql = (
        f"INSERT INTO {quote(meta.db_table)} "
        f"({column['client']}, {column['episode']}, {column['current_episode']}, {column['started_on']}) "
        f"{select} ON CONFLICT DO NOTHING "  # another sweep may have started it in the meantime
        f"RETURNING {column['id']}, {column['episode']}, {column['client']}, {column['started_on']}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        fresh = cursor.fetchall()
    if not fresh:
        return 0
    # The returned columns come raw from the database (SQLite: hexadecimal text and ISO dates), and in
    # no promised order.
    days: dict[Any, dt.date] = {}
    for day in {row[3] for row in fresh}:
        days[day] = day if isinstance(day, dt.date) else dt.date.fromisoformat(day)
    started = sorted(
        (
            (client if isinstance(client, uuid.UUID) else uuid.UUID(client), pk, episode_id, days[day])
            for pk, episode_id, client, day in fresh
        ),
        key=lambda row: (row[0].int, row[1]),
    )
    _schedule_check_ins([row[1] for row in started], set(days.values()))
    bulk.insert(
        TimelineEvent,
        ("client_id", "kind", "occurred_on", "data"),
        (
            (client, events.Kind.AFTER_CARE_STARTED, day, events.after_care_started_data(pk, episode_id))
            for client, pk, episode_id, day in started
        ),
    )
    return len(fresh)


def _schedule_check_ins(after_care_ids: list[int], starts: set[dt.date]) -> None:
    """The four check-ins of each after-care just started, written by the database from the schedule of
    each start day: binding 364,000 rows of a national sweep from Python took three times as long.

    The after-cares are found by their ids' range: inside this transaction nothing else started one on
    SQLite, and on PostgreSQL another sweep's rows in that range are either invisible or already have
    the same check-ins (the unique moment per after-care keeps them once)."""
    if not after_care_ids:
        return
    adapt = connection.ops.adapt_datefield_value
    schedule = [
        (adapt(start), months, adapt(add_months(start, months)))
        for start in sorted(starts)
        for months in CHECK_IN_MONTHS
    ]
    quote = connection.ops.quote_name
    check_in, after_care = CheckIn._meta, AfterCare._meta
    column = {
        field.name: quote(field.column) for field in [*check_in.concrete_fields, *after_care.concrete_fields]
    }
    values = ", ".join(["(%s, %s, %s)"] * len(schedule))
    # Names come from the models, every value is a parameter.
    sql = (
        f"WITH schedule (started_on, months, due_on) AS (VALUES {values}) "  # noqa: S608
        f"INSERT INTO {quote(check_in.db_table)} "
        f"({column['after_care']}, {column['months']}, {column['due_on']}, {column['contract_type']}) "
        f"SELECT a.{quote(after_care.pk.column)}, schedule.months, schedule.due_on, %s "
        f"FROM {quote(after_care.db_table)} a JOIN schedule ON schedule.started_on = a.{column['started_on']} "
        f"WHERE a.{quote(after_care.pk.column)} BETWEEN %s AND %s "
        "ORDER BY 1, 2 ON CONFLICT DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [value for row in schedule for value in row] + ["", min(after_care_ids), max(after_care_ids)],
        )
